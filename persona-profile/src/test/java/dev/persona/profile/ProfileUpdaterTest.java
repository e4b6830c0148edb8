package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileUpdaterTest {
  static final long DAY = 86_400_000L;
  static final long T0 = 1_790_000_000_000L; // 2026-09-21
  final ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
  final ProfileConfig config = updater.config();

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
    return updater.apply(p, e, item, true);
  }

  @Test
  void interestsCoverEveryLevelOfTheCategoryPathBrandTagAndPriceBand() {
    Profile p = apply(null, event("view", "shoe", T0, null, "s1"), SHOE);
    p = apply(p, event("purchase", "shoe", T0, null, "s1"), SHOE);

    var cats = p.interests().get(Profile.CATEGORY);
    assertThat(cats).containsOnlyKeys("sports", "sports/running", "sports/running/shoes");
    assertThat(cats.get("sports").value()).isEqualTo(6.0); // view 1 + purchase 5, same instant
    assertThat(p.interests().get(Profile.BRAND)).containsOnlyKeys("Acme");
    assertThat(p.interests().get(Profile.TAG)).containsOnlyKeys("trail");
    assertThat(p.interests().get(Profile.PRICE)).containsOnlyKeys("50-200");
    assertThat(p.spend()).isEqualTo(89.0);
    assertThat(p.orders()).isEqualTo(1);
  }

  @Test
  void olderInterestsFadeSoThatRecentOnesLead() {
    Profile p = apply(null, event("view", "book", T0, null, null), BOOK);
    p = apply(p, event("view", "book", T0 + 1000, null, null), BOOK);
    p = apply(p, event("view", "shoe", T0 + 30 * DAY, null, null), SHOE);

    ProfileView view = ProfileView.of(p, config, T0 + 30 * DAY, 10);

    assertThat(ProfileView.topLevelCategories(p, config, T0 + 30 * DAY, 2))
        .containsExactly("sports", "books");
    double books =
        view.interests().get(Profile.CATEGORY).stream()
            .filter(i -> i.key().equals("books"))
            .findFirst()
            .orElseThrow()
            .weight();
    assertThat(books).isCloseTo(2 * Math.pow(2, -30.0 / 14), within(1e-6));
  }

  @Test
  void negativeSignalsAreKeptApart() {
    Profile p = apply(null, event("dislike", "book", T0, null, null), BOOK);

    assertThat(p.interests()).isEmpty();
    assertThat(p.negative().get(Profile.CATEGORY).get("books").value()).isEqualTo(3.0);
  }

  @Test
  void ratingsCountAgainstTheUsersOwnMean() {
    Profile p = apply(null, event("rate", "book", T0, 5.0, null), BOOK); // 5 - 3 (midpoint) = +2
    p = apply(p, event("rate", "shoe", T0, 4.0, null), SHOE); // 4 - 5 (mean so far) = -1

    assertThat(p.interests().get(Profile.CATEGORY).get("books").value()).isEqualTo(2.0);
    assertThat(p.negative().get(Profile.CATEGORY).get("sports").value()).isEqualTo(1.0);
    assertThat(p.ratings()).isEqualTo(2);
  }

  @Test
  void countersSessionsDevicesHoursAndRecentItems() {
    Profile p = apply(null, event("view", "shoe", T0, null, "s1"), SHOE);
    p = apply(p, event("view", "book", T0 + 60_000, null, "s1"), BOOK);
    p = apply(p, event("view", "shoe", T0 + 2 * DAY, null, "s2"), SHOE);

    assertThat(p.counts()).containsEntry("view", 3L);
    assertThat(p.sessions()).isEqualTo(2);
    assertThat(p.sessionMillis()).isEqualTo(60_000);
    assertThat(p.activeDays()).isEqualTo(2);
    assertThat(p.devices()).containsEntry("mobile", 3L);
    assertThat(p.hours().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
    assertThat(p.recentItems()).containsExactly("shoe", "book");
    ProfileView view = ProfileView.of(p, config, T0 + 2 * DAY, 5);
    assertThat(view.counters().get("view"))
        .containsEntry("1d", 1L)
        .containsEntry("7d", 3L)
        .containsEntry("all", 3L);
  }

  @Test
  void withoutSessionIdsAGapStartsANewSession() {
    Profile p = apply(null, event("view", "shoe", T0, null, null), SHOE);
    p = apply(p, event("view", "shoe", T0 + 10 * 60_000, null, null), SHOE);
    p = apply(p, event("view", "shoe", T0 + 60 * 60_000, null, null), SHOE);

    assertThat(p.sessions()).isEqualTo(2);
  }

  @Test
  void lifecycleFollowsTheThresholds() {
    Profile p = apply(null, event("view", "shoe", T0, null, null), SHOE);
    p = apply(p, event("view", "shoe", T0 + 10 * DAY, null, null), SHOE);
    ProfileConfig.Lifecycle l = config.lifecycle();

    assertThat(ProfileView.lifecycle(p, l, T0 + 1 * DAY)).isEqualTo("new");
    assertThat(ProfileView.lifecycle(p, l, T0 + 12 * DAY)).isEqualTo("active");
    assertThat(ProfileView.lifecycle(p, l, T0 + 45 * DAY)).isEqualTo("dormant");
    assertThat(ProfileView.lifecycle(p, l, T0 + 120 * DAY)).isEqualTo("churned");
    Profile back = apply(p, event("view", "shoe", T0 + 60 * DAY, null, null), SHOE);
    assertThat(ProfileView.lifecycle(back, l, T0 + 61 * DAY)).isEqualTo("returning");
    assertThat(ProfileView.lifecycle(back, l, T0 + 80 * DAY)).isEqualTo("active");
  }

  @Test
  void withoutConsentOnlyOperationalCountersRemain() {
    Profile p = updater.apply(null, event("purchase", "shoe", T0, 89.0, "s1"), SHOE, false);

    assertThat(p.counts()).containsEntry("purchase", 1L);
    assertThat(p.interests()).isEmpty();
    assertThat(p.recentItems()).isEmpty();
    assertThat(p.spend()).isZero();
    assertThat(p.devices()).isEmpty();
    assertThat(p.profiling()).isFalse();
  }

  @Test
  void anEventOfAnotherUserIsRefused() {
    Profile p = apply(null, event("view", "shoe", T0, null, null), SHOE);
    Event other = new Event(null, "view", "u2", "shoe", T0, null, null, null, null, null, null);

    assertThatThrownBy(() -> apply(p, other, SHOE))
        .hasMessageContaining("'u2'")
        .hasMessageContaining("'u1'");
  }

  @Test
  void priceBandsAreLabelledByTheirBounds() {
    assertThat(config.priceBand(0)).isEqualTo("0-10");
    assertThat(config.priceBand(10)).isEqualTo("10-50");
    assertThat(config.priceBand(5000)).isEqualTo("1000+");
  }
}
