package dev.persona.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BeyondTest {
  /** Users 1-4; item a seen by 1,2,3; b by 1,2; c by 4; d by nobody (repeats count once). */
  private final Beyond beyond =
      new Beyond(
          List.of(
              new Interaction("1", "a", 0, 1),
              new Interaction("2", "a", 0, 1),
              new Interaction("3", "a", 0, 1),
              new Interaction("3", "a", 1, 1),
              new Interaction("1", "b", 0, 1),
              new Interaction("2", "b", 0, 1),
              new Interaction("4", "c", 0, 1)));

  @Test
  void handComputed() {
    assertThat(beyond.popularity("a")).isEqualTo(3);
    assertThat(beyond.popularity("d")).isZero();
    assertThat(beyond.similarity("a", "b")).isCloseTo(2 / Math.sqrt(6), within(1e-12));
    assertThat(beyond.similarity("a", "c")).isZero();
    assertThat(beyond.similarity("a", "d")).isZero();

    double[] m = beyond.of(List.of("a", "b", "c"), 10);
    double expectedDiversity = ((1 - 2 / Math.sqrt(6)) + 1 + 1) / 3;
    assertThat(m[0]).as("diversity").isCloseTo(expectedDiversity, within(1e-12));
    double log2 = Math.log(2);
    double novelty = (-Math.log(4 / 5.0) - Math.log(3 / 5.0) - Math.log(2 / 5.0)) / log2 / 3;
    assertThat(m[1]).as("novelty").isCloseTo(novelty, within(1e-12));
    assertThat(m[2]).as("popularity").isCloseTo((3 + 2 + 1) / 4.0 / 3, within(1e-12));
  }

  @Test
  void cutsAtKAndLeavesWhatIsUndefined() {
    double[] one = beyond.of(List.of("a", "b", "c"), 1);
    assertThat(one[0]).as("no pairs in one item").isNaN();
    assertThat(one[2]).isCloseTo(0.75, within(1e-12));
    assertThat(beyond.of(List.of(), 5)).containsOnly(Double.NaN);
  }

  @Test
  void coverageCountsDistinctItemsInTheTopK() {
    List<List<String>> lists = List.of(List.of("a", "b"), List.of("a", "c"), List.of("d"));
    assertThat(Beyond.coverage(lists, 1, 8)).isCloseTo(2 / 8.0, within(1e-12));
    assertThat(Beyond.coverage(lists, 2, 8)).isCloseTo(4 / 8.0, within(1e-12));
  }

  @Test
  void statMeanAndInterval() {
    Stat s = new Stat();
    for (double x : new double[] {1, 2, 3, 4, Double.NaN}) {
      s.add(x);
    }
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.mean()).isCloseTo(2.5, within(1e-12));
    double sd = Math.sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3);
    assertThat(s.halfWidth()).isCloseTo(1.96 * sd / 2, within(1e-12));
    assertThat(new Stat().mean()).isNaN();
  }
}
