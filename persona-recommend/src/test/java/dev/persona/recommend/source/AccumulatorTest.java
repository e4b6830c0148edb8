package dev.persona.recommend.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AccumulatorTest {
  /** Sums, anchors and the best k against a plain map, past several growths, item 0 included. */
  @Test
  void agreesWithAMapOfSums() {
    SplittableRandom r = new SplittableRandom(3);
    Accumulator acc = new Accumulator(4); // grows many times on the way
    Map<Integer, float[]> expected = new HashMap<>(); // item -> {sum, best, anchor}
    for (int n = 0; n < 20_000; n++) {
      int item = r.nextInt(3_000);
      float s = (float) r.nextInt(1, 1_000); // whole numbers: float sums stay exact
      int from = r.nextInt(50);
      acc.add(item, s, from);
      float[] e = expected.computeIfAbsent(item, k -> new float[] {0, -1, -1});
      e[0] += s;
      if (s > e[1]) {
        e[1] = s;
        e[2] = from;
      }
    }
    acc.add(0, 5, 7);
    expected.computeIfAbsent(0, k -> new float[] {0, -1, -1})[0] += 5;
    for (var e : expected.entrySet()) {
      assertThat(acc.score(e.getKey())).as("sum of %d", e.getKey()).isEqualTo(e.getValue()[0]);
      if (e.getKey() != 0) {
        assertThat(acc.anchor(e.getKey())).isEqualTo((int) e.getValue()[2]);
      }
    }
    assertThat(acc.score(3_001)).isZero();
    List<Integer> ranked = new ArrayList<>(expected.keySet());
    ranked.sort(
        Comparator.comparingDouble((Integer i) -> -expected.get(i)[0])
            .thenComparingInt(i -> i)); // ties to the lower item
    assertThat(acc.top(25))
        .containsExactly(ranked.subList(0, 25).stream().mapToInt(i -> i).toArray());
  }

  @Test
  void tiesAtTheLastPlaceGoToTheLowerItem() {
    Accumulator acc = new Accumulator();
    acc.add(9, 1, 0);
    acc.add(0, 2, 0);
    acc.add(4, 1, 0);
    acc.add(7, 1, 0);
    assertThat(acc.top(3)).containsExactly(0, 4, 7);
    assertThat(new Accumulator().isEmpty()).isTrue();
    assertThat(new Accumulator().top(5)).isEmpty();
  }

  /** Without anchors, the same sums and the same best k, past several growths; anchors refused. */
  @Test
  void sumsOnlyAgreesWithTheFullTable() {
    SplittableRandom r = new SplittableRandom(11);
    Accumulator full = new Accumulator(4);
    Accumulator sums = Accumulator.sumsOnly(4);
    for (int n = 0; n < 5_000; n++) {
      int item = r.nextInt(800);
      float s = (float) r.nextInt(1, 50);
      int from = r.nextInt(10);
      full.add(item, s, from);
      sums.add(item, s, from);
    }
    for (int item = 0; item < 801; item++) {
      assertThat(sums.score(item)).as("sum of %d", item).isEqualTo(full.score(item));
    }
    assertThat(sums.top(40)).containsExactly(full.top(40));
    assertThatThrownBy(() -> sums.anchor(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sums only");
  }
}
