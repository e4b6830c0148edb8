package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopulationTest {
  static final long T0 = ProfileUpdaterTest.T0;
  static final long DAY = ProfileUpdaterTest.DAY;
  final ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());

  static Item item(String id, String category, double price) {
    return new Item(id, null, List.of(category), null, price, List.of(), Map.of(), null, true);
  }

  /** User i bought i + 1 times, the last time i days before the end, spending 10 each time. */
  List<Profile> buyers(int n) {
    List<Profile> out = new ArrayList<>();
    Item book = item("b", "books", 10);
    for (int i = 0; i < n; i++) {
      Profile p = null;
      for (int k = 0; k <= i; k++) {
        long t = T0 + (100 - i) * DAY - k * 60_000L;
        p = updater.apply(p, Event.of("purchase", "u" + i, "b", t), book);
      }
      out.add(p);
    }
    return out;
  }

  @Test
  void rfmScoresAreQuintilesOfRecencyFrequencyAndMoney() {
    List<Profile> buyers = buyers(10);
    Population pop = Population.compute(buyers, List.of(), updater.config(), T0 + 100 * DAY);

    assertThat(pop.buyers()).isEqualTo(10);
    // u0: most recent, fewest purchases, least money
    assertThat(pop.rfm(buyers.get(0))).containsExactly(5, 1, 1);
    assertThat(pop.rfm(buyers.get(9))).containsExactly(1, 5, 5);
    assertThat(pop.rfm(buyers.get(4))).containsExactly(3, 3, 3);
    assertThat(pop.rfm(ProfileUpdater.empty("nobody"))).isNull();
  }

  @Test
  void tiedValuesShareTheMidRank() {
    // 6 of 10 buyers bought once: one purchase is at the 30th percentile, score 2 (not 1 or 5)
    Item book = item("b", "books", 10);
    List<Profile> profiles = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Profile p = null;
      for (int k = 0; k < (i < 6 ? 1 : i); k++) {
        p = updater.apply(p, Event.of("purchase", "u" + i, "b", T0 + k), book);
      }
      profiles.add(p);
    }
    Population pop = Population.compute(profiles, List.of(), updater.config(), T0);
    assertThat(pop.rfm(profiles.get(0))[1]).isEqualTo(2);
    assertThat(Population.quantile(new long[] {1, 1, 1, 1, 1, 1, 6, 7, 8, 9}, 1)).isEqualTo(0.3);
  }

  @Test
  void rfmSegmentsFollowTheRecencyAndFrequencyGrid() {
    assertThat(Reading.rfmSegment(5, 5)).isEqualTo("champions");
    assertThat(Reading.rfmSegment(5, 1)).isEqualTo("new customers");
    assertThat(Reading.rfmSegment(4, 4)).isEqualTo("loyal customers");
    assertThat(Reading.rfmSegment(3, 3)).isEqualTo("need attention");
    assertThat(Reading.rfmSegment(2, 3)).isEqualTo("at risk");
    assertThat(Reading.rfmSegment(1, 5)).isEqualTo("can't lose them");
    assertThat(Reading.rfmSegment(2, 1)).isEqualTo("hibernating");
    assertThat(Reading.rfmSegment(1, 1)).isEqualTo("lost");
  }

  @Test
  void thePriceLevelComparesPricesWithTheirCategoryMedian() {
    List<Item> catalogue =
        List.of(
            item("c1", "tv/oled", 1000),
            item("c2", "tv/oled", 1200),
            item("c3", "tv/oled", 1400),
            item("p1", "tv/lcd", 300), // only one lcd: its parent's median counts
            item("b1", "books", 10),
            item("b2", "books", 20),
            item("b3", "books", 30));
    Population pop = Population.compute(List.of(), catalogue, updater.config(), T0);
    assertThat(Math.exp(pop.logPriceMedian("tv/oled"))).isCloseTo(1200, within(1e-6));
    assertThat(Math.exp(pop.logPriceMedian("tv/lcd")))
        .as("falls back to tv, whose median of 300, 1000, 1200, 1400 is sqrt(1000*1200)")
        .isCloseTo(Math.sqrt(1000 * 1200), within(1e-6));
    assertThat(pop.logPriceMedian("garden")).isNaN();

    ProfileContext context = ProfileContext.of(updater.config()).withPopulation(pop);
    Item pricey = item("c9", "tv/oled", 1600);
    Profile premium = updater.apply(null, Event.of("purchase", "u1", "c9", T0), pricey);
    premium = updater.apply(premium, Event.of("view", "u1", "b1", T0), catalogue.get(4));
    Reading.Consumption level = new Reading(premium, context, T0).consumption();
    assertThat(level.level()).isEqualTo("high"); // 1600 / 1200, the view does not count
    assertThat(level.basis()).isEqualTo("purchases");
    assertThat(level.ratio()).isCloseTo(1600 / 1200.0, within(1e-9));

    Profile browser = updater.apply(null, Event.of("view", "u2", "b1", T0), catalogue.get(4));
    Reading.Consumption browsing = new Reading(browser, context, T0).consumption();
    assertThat(browsing.level()).isEqualTo("low"); // 10 / 20
    assertThat(browsing.basis()).isEqualTo("browsing");
    assertThat(new Reading(ProfileUpdater.empty("u3"), context, T0).consumption().level()).isNull();
  }

  @Test
  void theRateZScoreIsRobustToAFewExtremeUsers() {
    List<Profile> people = new ArrayList<>();
    for (int u = 0; u < 50; u++) {
      Profile p = null;
      long t = T0;
      for (int i = 0; i < 30; i++) {
        t += 5_000 + (u * 997 + i * 7919) % 115_000; // 5 s to 2 min, as irregular as people
        p = updater.apply(p, Event.of("view", "u" + u, "b", t), null);
      }
      people.add(p);
    }
    Profile bot = null;
    for (int i = 0; i < 30; i++) {
      bot = updater.apply(bot, Event.of("view", "bot", "b", T0 + i * 1000L), null);
    }
    List<Profile> all = new ArrayList<>(people);
    all.add(bot);
    Population pop = Population.compute(all, List.of(), updater.config(), T0);
    assertThat(pop.medianEventsPerMinute()).isBetween(0.8, 1.2); // a mean gap of about 62 s
    assertThat(pop.rateZ(bot, 20)).isGreaterThan(6);
    assertThat(Math.abs(pop.rateZ(people.get(0), 20))).isLessThan(3);
    Risk risk = Risk.of(bot, pop, updater.config().risk());
    assertThat(risk.names()).containsExactlyInAnyOrder("regularity", "rate");
    assertThat(risk.flagged()).isTrue();
    assertThat(Risk.of(people.get(0), pop, updater.config().risk()).flagged()).isFalse();
  }
}
