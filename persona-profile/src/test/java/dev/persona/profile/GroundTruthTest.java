package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Item;
import dev.persona.data.synth.ShopConfig;
import dev.persona.data.synth.UserTruth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Profiles of a generated shop against the shop's ground truth ({@code truth.jsonl}), for human
 * users with 20 or more events and with the default configuration.
 *
 * <p>Measured (4,000 users, 240,000 events, seed 11; 3,809 humans with 20+ events):
 *
 * <pre>
 *                                      profile   exact counts ("oracle")
 *   true top category in top 3           97.1%     97.8%
 *   true top-3 categories found (recall) 82.3%     84.7%
 *   exact top-3 set                      51.0%     56.7%
 *   true top brand first                 66.6%     78.7%
 *   recall / brand at 100+ events        92.3% / 90.8%   93.7% / 96.9%
 * </pre>
 *
 * The oracle counts each user's views, carts and purchases exactly, without weights or decay: it is
 * what the events themselves say, and no profile can know more. Issue 3 asked for 90% (top-3) and
 * 80% (brand) at 20 events; the oracle reaches neither, because in 20 events the generator's third
 * and fourth category shares (about 0.12 and 0.09) and a top brand drawn for 60% of one category's
 * items are often indistinguishable from sampling noise. The profile stays within a few points of
 * the oracle; the gap is the cart and purchase weights (3 and 5), which this generator does not
 * reward because its carts lean only slightly to preferred brands.
 */
class GroundTruthTest {
  record Recovery(int users, double topInTop3, double recall, double exactSet, double brandFirst) {}

  static Recovery profiles(ShopProfiles s, int minEvents) {
    int users = 0, top = 0, recalled = 0, exact = 0, brand = 0;
    for (Profile p : s.profiles.values()) {
      UserTruth t = s.shop.truth(p.userId());
      if (t.bot() || t.events() < minEvents) continue;
      users++;
      Reading r = s.read(p.userId());
      List<String> top3 =
          ProfileView.ranked(r, false, 1000).get(Profile.CATEGORY).stream()
              .map(ProfileView.Interest::key)
              .filter(k -> k.indexOf('/') < 0)
              .limit(3)
              .toList();
      if (top3.contains(t.topCategories().get(0))) top++;
      recalled += (int) t.topCategories().stream().filter(top3::contains).count();
      if (new HashSet<>(top3).equals(new HashSet<>(t.topCategories()))) exact++;
      if (t.topBrand().equals(r.top(1, false))) brand++;
    }
    return new Recovery(
        users,
        top / (double) users,
        recalled / (3.0 * users),
        exact / (double) users,
        brand / (double) users);
  }

  /** Counting each user's item events exactly, without decay or weights: what the events say. */
  static Recovery oracle(ShopProfiles s, int minEvents) {
    Map<String, Map<String, Integer>> cats = new HashMap<>();
    Map<String, Map<String, Integer>> brands = new HashMap<>();
    s.shop.forEachEvent(
        e -> {
          if (e.itemId() == null) return;
          Item it = s.items.get(e.itemId());
          if (!List.of("view", "cart", "purchase").contains(e.type())) return;
          cats.computeIfAbsent(e.userId(), k -> new HashMap<>())
              .merge(it.categories().get(0).split("/")[0], 1, Integer::sum);
          brands
              .computeIfAbsent(e.userId(), k -> new HashMap<>())
              .merge(it.brand(), 1, Integer::sum);
        });
    int users = 0, top = 0, recalled = 0, exact = 0, brand = 0;
    for (Profile p : s.profiles.values()) {
      UserTruth t = s.shop.truth(p.userId());
      if (t.bot() || t.events() < minEvents) continue;
      users++;
      List<String> top3 = sorted(cats.get(p.userId())).stream().limit(3).toList();
      if (top3.contains(t.topCategories().get(0))) top++;
      recalled += (int) t.topCategories().stream().filter(top3::contains).count();
      if (new HashSet<>(top3).equals(new HashSet<>(t.topCategories()))) exact++;
      if (t.topBrand().equals(sorted(brands.get(p.userId())).get(0))) brand++;
    }
    return new Recovery(
        users,
        top / (double) users,
        recalled / (3.0 * users),
        exact / (double) users,
        brand / (double) users);
  }

  static List<String> sorted(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .sorted(
            (a, b) ->
                b.getValue() != a.getValue().intValue()
                    ? b.getValue() - a.getValue()
                    : a.getKey().compareTo(b.getKey()))
        .map(Map.Entry::getKey)
        .toList();
  }

  @Test
  void interestsRecoverTheGeneratedTastesNearlyAsWellAsCountingTheEventsExactly() {
    ShopProfiles s = ShopProfiles.standard();
    Recovery at20 = profiles(s, 20);
    Recovery oracle20 = oracle(s, 20);
    Recovery at100 = profiles(s, 100);

    assertThat(at20.users()).isGreaterThan(3000);
    assertThat(at20.topInTop3()).isGreaterThanOrEqualTo(0.95); // measured 0.971
    assertThat(at20.recall()).isGreaterThanOrEqualTo(0.80); // 0.823
    assertThat(at20.brandFirst()).isGreaterThanOrEqualTo(0.62); // 0.666
    // the ceiling: what exact, unweighted, undecayed counts of the same events recover
    assertThat(at20.recall()).isGreaterThan(oracle20.recall() - 0.05); // oracle 0.847
    assertThat(at20.exactSet()).isGreaterThan(oracle20.exactSet() - 0.10); // 0.510 vs 0.567
    // with more events the estimate converges on the truth
    assertThat(at100.recall()).isGreaterThanOrEqualTo(0.90); // 0.923
    assertThat(at100.brandFirst()).isGreaterThanOrEqualTo(0.85); // 0.908
  }

  record Detection(int bots, int flagged, int truePositives) {
    double precision() {
      return flagged == 0 ? 0 : truePositives / (double) flagged;
    }

    double recall() {
      return truePositives / (double) bots;
    }
  }

  static Detection bots(ShopProfiles s) {
    int bots = 0;
    int flagged = 0;
    int tp = 0;
    for (Profile p : s.profiles.values()) {
      boolean bot = s.shop.truth(p.userId()).bot();
      boolean flag = s.read(p.userId()).risk().flagged();
      bots += bot ? 1 : 0;
      flagged += flag ? 1 : 0;
      tp += bot && flag ? 1 : 0;
    }
    return new Detection(bots, flagged, tp);
  }

  @Test
  void botsAreFlaggedWithHighPrecisionAndRecall() {
    Detection standard = bots(ShopProfiles.standard());
    assertThat(standard.bots()).isEqualTo(60);
    assertThat(standard.precision()).isGreaterThanOrEqualTo(0.9); // measured 1.0 (60 of 60)
    assertThat(standard.recall()).isGreaterThanOrEqualTo(0.9); // 1.0

    // another shop, more bots among fewer, more active users
    Detection other =
        bots(
            ShopProfiles.of(
                ShopConfig.of(2000, 800, 200_000, 99).withBotShare(0.05),
                ProfileConfig.defaults()));
    assertThat(other.bots()).isEqualTo(100);
    assertThat(other.precision()).isGreaterThanOrEqualTo(0.9);
    assertThat(other.recall()).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void aFlaggedBotSaysWhy() {
    ShopProfiles s = ShopProfiles.standard();
    Profile bot =
        s.profiles.values().stream()
            .filter(p -> s.shop.truth(p.userId()).bot())
            .findFirst()
            .orElseThrow();
    Risk risk = s.read(bot.userId()).risk();

    assertThat(risk.flagged()).isTrue();
    assertThat(risk.score()).isBetween(0.5, 1.0);
    assertThat(risk.flags()).isNotEmpty();
    assertThat(risk.flags().get(0).reason()).containsPattern("[0-9]");
  }
}
