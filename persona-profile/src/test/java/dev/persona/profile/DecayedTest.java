package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DecayedTest {
  static final double DAY = 86_400_000.0;
  static final double HALF_LIFE = 14 * DAY;

  @Test
  void aWeightHalvesOverOneHalfLife() {
    Decayed w = Decayed.ZERO.plus(8, 0, HALF_LIFE);

    assertThat(w.valueAt((long) HALF_LIFE, HALF_LIFE)).isCloseTo(4, within(1e-12));
    assertThat(w.valueAt((long) (3 * HALF_LIFE), HALF_LIFE)).isCloseTo(1, within(1e-12));
    assertThat(w.valueAt(-1000, HALF_LIFE)).as("no growth backwards in time").isEqualTo(8);
  }

  @Test
  void addingFollowsTheContinuousUpdateRule() {
    Decayed w = Decayed.ZERO.plus(1, 0, HALF_LIFE).plus(1, (long) HALF_LIFE, HALF_LIFE);

    assertThat(w.value()).isCloseTo(1.5, within(1e-12)); // 1 * 2^-1 + 1
    assertThat(w.at()).isEqualTo((long) HALF_LIFE);
  }

  @Property(tries = 200)
  void theOrderOfTwoEventsDoesNotMatter(
      @ForAll @LongRange(min = 0, max = 10_000_000_000L) long t1,
      @ForAll @LongRange(min = 0, max = 10_000_000_000L) long t2,
      @ForAll @LongRange(min = 1, max = 10) long w1,
      @ForAll @LongRange(min = 1, max = 10) long w2) {
    Decayed a = Decayed.ZERO.plus(w1, t1, HALF_LIFE).plus(w2, t2, HALF_LIFE);
    Decayed b = Decayed.ZERO.plus(w2, t2, HALF_LIFE).plus(w1, t1, HALF_LIFE);
    long later = Math.max(t1, t2) + 1000;

    assertThat(a.valueAt(later, HALF_LIFE)).isCloseTo(b.valueAt(later, HALF_LIFE), within(1e-9));
  }
}
