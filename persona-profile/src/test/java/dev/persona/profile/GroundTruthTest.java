package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Item;
import dev.persona.data.synth.Shop;
import dev.persona.data.synth.ShopConfig;
import dev.persona.data.synth.UserTruth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Profiles built from a generated shop against the shop's ground truth, for human users with 20 or
 * more events, with the default configuration.
 *
 * <p>Measured (4,000 users, 240,000 events, seed 11; 3,809 such users): the true top category is in
 * the profile's top 3 for 97%; of the true top-3 categories 82% are in the profile's top 3; the
 * exact top-3 set matches for 51% (52% even without decay: the generator's third and fourth shares
 * are often too close to tell apart in 20 events); the true top brand is ranked first for 67%. The
 * thresholds below guard these figures; the targets of issue 3 (90% exact top-3 set, 80% top brand)
 * are not met yet.
 */
class GroundTruthTest {
  @Test
  void profilesRecoverTheGeneratedTastes() {
    Shop shop = Shop.generate(ShopConfig.of(4000, 1000, 240_000, 11));
    Map<String, Item> items = new HashMap<>();
    shop.forEachItem(i -> items.put(i.id(), i));
    ProfileConfig config = ProfileConfig.defaults();
    ProfileUpdater updater = new ProfileUpdater(config);
    Map<String, Profile> profiles = new HashMap<>();
    shop.forEachEvent(
        e ->
            profiles.compute(
                e.userId(),
                (k, p) ->
                    updater.apply(p, e, e.itemId() == null ? null : items.get(e.itemId()), true)));
    long now = shop.config().start().toEpochMilli() + shop.config().days() * 86_400_000L;

    int users = 0;
    int topInTop3 = 0;
    int recalled = 0;
    int brandFirst = 0;
    for (var entry : profiles.entrySet()) {
      UserTruth truth = shop.truth(entry.getKey());
      if (truth.bot() || truth.events() < 20) {
        continue;
      }
      users++;
      List<String> top3 = ProfileView.topLevelCategories(entry.getValue(), config, now, 3);
      if (top3.contains(truth.topCategories().get(0))) {
        topInTop3++;
      }
      recalled += (int) truth.topCategories().stream().filter(top3::contains).count();
      var brands = ProfileView.of(entry.getValue(), config, now, 1).interests().get(Profile.BRAND);
      if (brands != null && brands.get(0).key().equals(truth.topBrand())) {
        brandFirst++;
      }
    }

    assertThat(users).isGreaterThan(3000);
    assertThat(topInTop3 / (double) users).isGreaterThanOrEqualTo(0.95);
    assertThat(recalled / (3.0 * users)).isGreaterThanOrEqualTo(0.80);
    assertThat(brandFirst / (double) users).isGreaterThanOrEqualTo(0.62);
  }
}
