package dev.persona.core.topk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TopKTest {
  record Pair(int id, float score) {}

  @Property(tries = 500)
  void agreesWithAFullSort(@ForAll long seed, @ForAll @IntRange(min = 0, max = 30) int k) {
    Random r = new Random(seed);
    List<Pair> all = new ArrayList<>();
    TopK top = new TopK(k);
    for (int i = r.nextInt(200); i > 0; i--) {
      int id = r.nextInt(1000);
      // many ties, negatives, zeros of both signs
      float score =
          switch (r.nextInt(4)) {
            case 0 -> r.nextInt(5);
            case 1 -> -r.nextInt(5);
            case 2 -> r.nextBoolean() ? 0f : -0f;
            default -> (float) r.nextGaussian() * 1e6f;
          };
      all.add(new Pair(id, score));
      top.offer(id, score);
    }
    List<Pair> expected =
        all.stream()
            .sorted(
                Comparator.comparingDouble((Pair p) -> p.score() == 0f ? 0f : p.score())
                    .reversed()
                    .thenComparingInt(Pair::id))
            .limit(k)
            .toList();
    assertThat(top.ids()).containsExactly(expected.stream().mapToInt(Pair::id).toArray());
    float[] scores = top.scores();
    for (int i = 0; i < scores.length; i++) {
      assertThat(scores[i]).isEqualTo(expected.get(i).score() == 0f ? 0f : expected.get(i).score());
    }
  }

  @Property(tries = 300)
  void skippingOffersBelowTheThresholdChangesNothing(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 30) int k) {
    Random r = new Random(seed);
    TopK all = new TopK(k);
    TopK skipping = new TopK(k);
    float threshold = Float.NEGATIVE_INFINITY;
    for (int i = r.nextInt(300); i > 0; i--) {
      int id = r.nextInt(1000);
      float score = r.nextBoolean() ? r.nextInt(6) : (float) r.nextGaussian();
      all.offer(id, score);
      if (score >= threshold) {
        skipping.offer(id, score);
        threshold = skipping.threshold();
      }
    }
    assertThat(skipping.ids()).containsExactly(all.ids());
  }

  @Property(tries = 500)
  void selectingFromAnArrayAgreesWithTheHeap(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int k) {
    Random r = new Random(seed);
    int n = r.nextInt(300);
    long[] packed = new long[n + r.nextInt(3)]; // a tail past n that must stay untouched
    Arrays.fill(packed, Long.MAX_VALUE);
    TopK top = new TopK(k);
    for (int i = 0; i < n; i++) {
      float score = r.nextBoolean() ? r.nextInt(4) : (float) r.nextGaussian(); // many ties
      packed[i] = TopK.pack(i, score); // ids distinct, as in a table of sums
      top.offer(i, score);
    }
    int m = TopK.selectBest(packed, n, k);
    assertThat(Arrays.copyOf(packed, m)).containsExactly(top.packedDescending());
    for (int i = n; i < packed.length; i++) {
      assertThat(packed[i]).isEqualTo(Long.MAX_VALUE);
    }
  }

  @Test
  void selectingRefusesACountPastTheArrayOrANegativeK() {
    long[] packed = new long[3];
    assertThatThrownBy(() -> TopK.selectBest(packed, 4, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n 4");
    assertThatThrownBy(() -> TopK.selectBest(packed, 3, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k -1");
  }

  @Test
  void packingKeepsScoresAndIdsExact() {
    for (float s : new float[] {0f, 1.5f, -2.25f, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f}) {
      for (int id : new int[] {0, 1, 12345, Integer.MAX_VALUE}) {
        long p = TopK.pack(id, s);
        assertThat(TopK.id(p)).isEqualTo(id);
        assertThat(TopK.score(p)).isEqualTo(s);
      }
    }
  }
}
