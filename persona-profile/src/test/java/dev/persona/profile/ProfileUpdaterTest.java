package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.StoredEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileUpdaterTest {
  static final long DAY = 86_400_000L;
  static final long MIN = 60_000L;
  static final long T0 = 1_790_000_000_000L; // 2026-09-21
  final ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
  final ProfileConfig config = updater.config();
  final ProfileContext context = ProfileContext.of(config);

  static final Item SHOE =
      new Item(
          "shoe",
          "Trail shoe",
          List.of("sports/running/shoes"),
          "Acme",
          89.0,
          List.of("trail"),
          Map.of(),
          null,
          true);
  static final Item BOOK =
      new Item(
          "book",
          "Cookbook",
          List.of("books/cooking"),
          "Pages",
          9.0,
          List.of(),
          Map.of(),
          null,
          true);

  static Event event(String type, String item, long t, Double value, String session) {
    return new Event(
        null,
        type,
        "u1",
        item,
        t,
        value,
        session,
        null,
        null,
        Map.of("device", "mobile"),
        Map.of());
  }

  Profile apply(Profile p, Event e, Item item) {
    return updater.apply(p, e, item);
  }

  Reading read(Profile p, long now) {
    return new Reading(p, context, now);
  }

  static double weight(Profile p, String dimension, String key, long now) {
    Reading r = new Reading(p, ProfileContext.of(ProfileConfig.defaults()), now);
    return r.weight(Reading.dimension(dimension), key);
  }

  @Test
  void interestsCoverEveryLevelOfTheCategoryPathBrandTagAndPriceBand() {
    Profile p = apply(null, event("view", "shoe", T0, null, "s1"), SHOE);
    p = apply(p, event("purchase", "shoe", T0, null, "s1"), SHOE);

    Weights cats = p.interests(0);
    assertThat(List.of(cats.key(0), cats.key(1), cats.key(2)))
        .containsExactly("sports", "sports/running", "sports/running/shoes");
    assertThat(weight(p, "category", "sports", T0)).isEqualTo(6.0); // view 1 + purchase 5
    assertThat(p.interests(1).key(0)).isEqualTo("Acme");
    assertThat(p.interests(2).key(0)).isEqualTo("trail");
    assertThat(p.interests(3).key(0)).isEqualTo("50-200");
    assertThat(p.spend()).isEqualTo(89.0);
    assertThat(p.orders()).isEqualTo(1);
    assertThat(p.bought().size()).isEqualTo(1);
    assertThat(p.bought().category(0)).isEqualTo("sports/running/shoes");
    assertThat(p.browsed().total()).isEqualTo(1); // the view
  }

  @Test
  void weightsDecayWithTheHalfLifeAndRecentInterestsLead() {
    Profile p = apply(null, event("view", "book", T0, null, null), BOOK);
    p = apply(p, event("view", "book", T0 + 1000, null, null), BOOK);
    p = apply(p, event("view", "shoe", T0 + 30 * DAY, null, null), SHOE);

    long now = T0 + 30 * DAY;
    assertThat(weight(p, "category", "books", now))
        .isCloseTo(
            Math.pow(2, -30.0 / 14) + Math.pow(2, -(30.0 * DAY - 1000) / (14.0 * DAY)),
            within(1e-9));
    assertThat(weight(p, "category", "sports", now)).isCloseTo(1.0, within(1e-12));
    assertThat(read(p, now).top(0, true)).isEqualTo("sports");
    // read 14 days later, everything has halved
    assertThat(weight(p, "category", "sports", now + 14 * DAY)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void theUpdateRuleIsTheContinuousFormOfExponentialSmoothing() {
    // w <- w * 2^(-dt/h) + x, event by event: 1 at t0, then 1 one half-life later = 1.5
    Profile p = apply(null, event("view", "book", T0, null, null), BOOK);
    p = apply(p, event("view", "book", T0 + 14 * DAY, null, null), BOOK);

    assertThat(weight(p, "brand", "Pages", T0 + 14 * DAY)).isCloseTo(1.5, within(1e-12));
  }

  @Test
  void scaledWeightsAreRebasedLongBeforeTheyOverflow() {
    Profile p = apply(null, event("view", "book", T0, null, null), BOOK);
    long later = T0 + 3 * 365 * DAY; // 78 half-lives: beyond the rebase threshold of 64
    p = apply(p, event("view", "book", later, null, null), BOOK);

    assertThat(p.base()).isEqualTo(later);
    assertThat(weight(p, "brand", "Pages", later))
        .isCloseTo(1 + Math.pow(2, -3 * 365 / 14.0), within(1e-12));
  }

  @Test
  void negativeSignalsAreKeptApart() {
    Profile p = apply(null, event("dislike", "book", T0, null, null), BOOK);

    assertThat(p.interests(0).size()).isZero();
    assertThat(p.negative(0).scaledOf("books")).isEqualTo(3.0);
    assertThat(read(p, T0).negativeShare(0, "books")).isEqualTo(1.0);
  }

  @Test
  void ratingsCountAgainstTheUsersOwnMean() {
    Profile p = apply(null, event("rate", "book", T0, 5.0, null), BOOK); // 5 - 3 (midpoint) = +2
    p = apply(p, event("rate", "shoe", T0, 4.0, null), SHOE); // 4 - 5 (mean so far) = -1

    assertThat(p.interests(0).scaledOf("books")).isEqualTo(2.0);
    assertThat(p.negative(0).scaledOf("sports")).isEqualTo(1.0);
    assertThat(p.ratings()).isEqualTo(2);
  }

  @Test
  void countersByTypeAndWindowDevicesHoursAndRecentItems() {
    Profile p = apply(null, event("view", "shoe", T0, null, "s1"), SHOE);
    p = apply(p, event("view", "book", T0 + MIN, null, "s1"), BOOK);
    p = apply(p, event("view", "shoe", T0 + 2 * DAY, null, "s2"), SHOE);

    assertThat(p.count("view")).isEqualTo(3);
    assertThat(p.sessions()).isEqualTo(2);
    assertThat(p.sessionMillis()).isEqualTo(MIN);
    assertThat(p.activeDays()).isEqualTo(2);
    assertThat(p.device(0)).isEqualTo("mobile");
    assertThat(p.deviceEvents(0)).isEqualTo(3);
    int hours = 0;
    for (int h = 0; h < 24; h++) {
      hours += p.hour(h);
    }
    assertThat(hours).isEqualTo(3);
    assertThat(List.of(p.recentItem(0), p.recentItem(1))).containsExactly("shoe", "book");
    Reading r = read(p, T0 + 2 * DAY);
    assertThat(r.count("view", 1)).isEqualTo(1);
    assertThat(r.count("view", 7)).isEqualTo(3);
    assertThat(r.count("view", 0)).isEqualTo(3);
    assertThat(read(p, T0 + 40 * DAY).count("view", 30)).isZero();
  }

  @Test
  void dailyCountsKeepOnlyTheLast31Days() {
    Profile p = null;
    for (int d = 0; d < 60; d++) {
      p = apply(p, event("view", "shoe", T0 + d * DAY, null, null), SHOE);
    }
    assertThat(p.dailyKeys.length).isEqualTo(31);
    assertThat(read(p, T0 + 59 * DAY).count("view", 30)).isEqualTo(30);
    assertThat(p.count("view")).isEqualTo(60);
  }

  @Test
  void withoutSessionIdsAGapStartsANewSession() {
    Profile p = apply(null, event("view", "shoe", T0, null, null), SHOE);
    p = apply(p, event("view", "shoe", T0 + 10 * MIN, null, null), SHOE);
    p = apply(p, event("view", "shoe", T0 + 60 * MIN, null, null), SHOE);

    assertThat(p.sessions()).isEqualTo(2);
    assertThat(p.gaps()).isEqualTo(1);
    assertThat(p.gapMean()).isEqualTo(10.0 * MIN);
  }

  @Test
  void interleavedSessionsAreCountedOnceAndSeenAsParallel() {
    Profile p = null;
    for (int i = 0; i < 12; i++) {
      p = apply(p, event("view", "shoe", T0 + i * 1000, null, "s" + (i % 4)), SHOE);
    }
    assertThat(p.sessions()).isEqualTo(4);
    assertThat(p.maxParallelSessions()).isEqualTo(4);
    assertThat(p.gaps()).isEqualTo(8);
    assertThat(p.gapMean()).isEqualTo(4000.0);
    assertThat(p.gapStdDev()).isZero();
  }

  @Test
  void aSessionIdUnusedForLongerThanTheGapStartsANewSession() {
    Profile p = apply(null, event("view", "shoe", T0, null, "s1"), SHOE);
    p = apply(p, event("view", "shoe", T0 + 31 * MIN, null, "s1"), SHOE);

    assertThat(p.sessions()).isEqualTo(2);
    assertThat(p.sessionMillis()).isZero();
  }

  @Test
  void purchasesInQuickSuccessionAreABurst() {
    Profile p = null;
    for (int i = 0; i < 8; i++) {
      p = apply(p, event("purchase", "book", T0 + i * MIN, 9.0, "s1"), BOOK);
    }
    assertThat(p.bursts()).isEqualTo(1);
    Profile slow = null;
    for (int i = 0; i < 8; i++) {
      slow = apply(slow, event("purchase", "book", T0 + i * 5 * MIN, 9.0, "s1"), BOOK);
    }
    assertThat(slow.bursts()).isZero();
  }

  @Test
  void keysBeyondTheLimitDropTheWeakest() {
    ProfileUpdater small =
        new ProfileUpdater(
            new ProfileConfig(
                config.halfLife(),
                config.eventWeights(),
                1,
                3,
                config.priceBands(),
                2,
                20,
                config.sessions(),
                config.lifecycle(),
                config.consumption(),
                config.risk()));
    Profile p = null;
    for (String tag : List.of("a", "a", "b", "c")) {
      Item item = new Item("x", null, List.of(), null, null, List.of(tag), Map.of(), null, true);
      p = small.apply(p, event("view", "x", T0, null, null), item);
    }
    Weights tags = p.interests(2);
    assertThat(tags.size()).isEqualTo(2);
    assertThat(tags.key(0)).isEqualTo("a");
    assertThat(tags.scaledOf("a")).isEqualTo(2.0);
  }

  @Test
  void theLifecycleFollowsTheThresholds() {
    Profile p = apply(null, event("view", "shoe", T0, null, null), SHOE);
    p = apply(p, event("view", "shoe", T0 + 10 * DAY, null, null), SHOE);

    assertThat(read(p, T0 + DAY).lifecycle()).isEqualTo("new");
    assertThat(read(p, T0 + 12 * DAY).lifecycle()).isEqualTo("active");
    assertThat(read(p, T0 + 45 * DAY).lifecycle()).isEqualTo("dormant");
    assertThat(read(p, T0 + 120 * DAY).lifecycle()).isEqualTo("churned");
    Profile back = apply(p, event("view", "shoe", T0 + 60 * DAY, null, null), SHOE);
    assertThat(read(back, T0 + 61 * DAY).lifecycle()).isEqualTo("returning");
    assertThat(read(back, T0 + 80 * DAY).lifecycle()).isEqualTo("active");
  }

  @Test
  void withdrawingConsentRemovesWhatProfilingDerivedAndKeepsOperationalCounters() {
    Profile p = apply(null, event("purchase", "shoe", T0, 89.0, "s1"), SHOE);
    User withdrawn = new User("u1", Map.of("age", 30L), Map.of("profiling", false));

    Profile stripped = updater.withUser(p, withdrawn);
    stripped = apply(stripped, event("view", "book", T0 + MIN, null, "s1"), BOOK);

    assertThat(stripped.profiling()).isFalse();
    assertThat(stripped.count("purchase")).isEqualTo(1);
    assertThat(stripped.count("view")).isEqualTo(1);
    assertThat(stripped.sessions()).isEqualTo(1);
    assertThat(stripped.interests(0).size()).isZero();
    assertThat(stripped.recentCount()).isZero();
    assertThat(stripped.spend()).isZero();
    assertThat(stripped.deviceCount()).isZero();
    assertThat(stripped.attributes()).containsEntry("age", 30L);

    Profile granted = updater.withUser(stripped, new User("u1", Map.of(), Map.of()));
    granted = apply(granted, event("view", "book", T0 + 2 * MIN, null, "s1"), BOOK);
    assertThat(granted.profiling()).isTrue();
    assertThat(granted.interests(0).scaledOf("books")).isPositive();
    assertThat(granted.interests(0).scaledOf("sports")).isZero();
  }

  @Test
  void eventsFromTheLogCarryTheirSequence() {
    Profile p =
        updater.apply(null, new StoredEvent(42, T0, event("view", "shoe", T0, null, null)), SHOE);
    assertThat(p.sequence()).isEqualTo(42);
  }

  @Test
  void anEventOfAnotherUserIsRefused() {
    Profile p = apply(null, event("view", "shoe", T0, null, null), SHOE);
    Event other = new Event(null, "view", "u2", "shoe", T0, null, null, null, null, null, null);

    assertThatThrownBy(() -> apply(p, other, SHOE))
        .hasMessageContaining("'u2'")
        .hasMessageContaining("'u1'");
    assertThatThrownBy(() -> updater.withUser(p, User.of("u3"))).hasMessageContaining("'u3'");
  }

  @Test
  void priceBandsAreLabelledByTheirBounds() {
    assertThat(config.priceBand(0)).isEqualTo("0-10");
    assertThat(config.priceBand(10)).isEqualTo("10-50");
    assertThat(config.priceBand(5000)).isEqualTo("1000+");
    assertThat(updater.band(9.99)).isEqualTo("0-10");
    assertThat(updater.band(1000)).isEqualTo("1000+");
  }

  @Test
  void badConfigurationNamesTheSetting() {
    assertThatThrownBy(() -> config.withHalfLife(java.time.Duration.ZERO))
        .hasMessageContaining("halfLife");
    assertThatThrownBy(
            () -> new ProfileConfig.Risk(6, 20, 0.2, 1, java.time.Duration.ofMinutes(1), 3, 0.5))
        .hasMessageContaining("burstCount");
    assertThatThrownBy(() -> new ProfileConfig.Lifecycle(7, 30, 20, 14))
        .hasMessageContaining("churned");
    assertThatThrownBy(() -> config.withEventWeights(Map.of("view", Double.NaN)))
        .hasMessageContaining("eventWeights.view");
  }
}
