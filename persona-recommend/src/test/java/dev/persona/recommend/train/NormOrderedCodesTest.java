package dev.persona.recommend.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.core.topk.TopK;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NormOrderedCodesTest {
  static final int K = 16;

  /**
   * Items around 30 topic directions with lengths spread over two orders of magnitude, as trained
   * iALS factors are (long for popular items, short for the tail); {@code spread} 0 gives every
   * item the same length.
   */
  static float[] factors(int n, double spread, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] topics = new float[30][K];
    for (float[] t : topics) {
      for (int f = 0; f < K; f++) {
        t[f] = (float) r.nextGaussian();
      }
    }
    float[] rows = new float[n * K];
    for (int i = 0; i < n; i++) {
      float[] t = topics[r.nextInt(topics.length)];
      double[] v = new double[K];
      double norm = 0;
      for (int f = 0; f < K; f++) {
        v[f] = t[f] + 0.7 * r.nextGaussian();
        norm += v[f] * v[f];
      }
      double length = Math.exp(spread * r.nextGaussian()) / Math.sqrt(norm);
      for (int f = 0; f < K; f++) {
        rows[i * K + f] = (float) (v[f] * length);
      }
    }
    return rows;
  }

  static float[] vector(SplittableRandom r) {
    float[] x = new float[K];
    for (int f = 0; f < K; f++) {
      x[f] = (float) r.nextGaussian();
    }
    return x;
  }

  /** The best {@code want} positive scores of every item's 8-bit score, leaving out skip. */
  static long[] everyItem(NormOrderedCodes codes, float[] x, int[] skip, int want) {
    float[] scores = new float[codes.size()];
    codes.scoreAll(x, scores);
    TopK top = new TopK(want);
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > 0 && Arrays.binarySearch(skip, i) < 0) {
        top.offer(i, scores[i]);
      }
    }
    return top.packedDescending();
  }

  @Test
  void searchFindsExactlyWhatScoringEveryItemFinds() {
    SplittableRandom r = new SplittableRandom(7);
    // sizes below, at and across block boundaries
    for (int n : new int[] {1, 5, 1023, 1024, 1025, 7_000, 30_000}) {
      NormOrderedCodes codes = new NormOrderedCodes(factors(n, 1.0, n), n, K);
      for (int q = 0; q < 20; q++) {
        float[] x = vector(r);
        int[] skip = r.ints(Math.min(n, 40), 0, n).distinct().sorted().toArray();
        int want = 1 + r.nextInt(300);
        long[] expected = everyItem(codes, x, skip, want);
        assertThat(codes.top(x, skip, want)).as("n=%d query %d", n, q).containsExactly(expected);
        NormOrderedCodes.Found all = codes.searchEveryBlock(x, skip, want);
        assertThat(all.top()).containsExactly(expected);
        assertThat(all.scored()).isEqualTo(n);
      }
    }
  }

  /**
   * Where the items point almost along the query, {@code x . y} is close to {@code |x| |y|} and the
   * stopping bound is nearly tight: a search that stopped a little early would miss items here.
   */
  @Test
  void searchIsExactWhereTheBoundIsNearlyTight() {
    int n = 20_000;
    SplittableRandom r = new SplittableRandom(4);
    float[] d = vector(r);
    float[] rows = new float[n * K];
    for (int i = 0; i < n; i++) {
      double length = Math.exp(r.nextGaussian());
      for (int f = 0; f < K; f++) {
        rows[i * K + f] = (float) ((d[f] + 0.02 * r.nextGaussian()) * length);
      }
    }
    NormOrderedCodes codes = new NormOrderedCodes(rows, n, K);
    for (int q = 0; q < 20; q++) {
      float[] x = d.clone();
      for (int f = 0; f < K; f++) {
        x[f] += (float) (0.02 * r.nextGaussian());
      }
      // near block boundaries, where the next block's longest items are about as long as the
      // worst one held
      for (int want : new int[] {10, 100, 1020, 1024, 1030, 2050}) {
        NormOrderedCodes.Found found = codes.search(x, new int[0], want);
        assertThat(found.top()).containsExactly(everyItem(codes, x, new int[0], want));
        assertThat(found.scored()).isLessThan(n);
      }
    }
  }

  @Test
  void searchStopsEarlyWhenLengthsAreSpreadAndScansAllWhenTheyAreEqual() {
    int n = 50_000;
    SplittableRandom r = new SplittableRandom(3);
    NormOrderedCodes spread = new NormOrderedCodes(factors(n, 1.0, 1), n, K);
    NormOrderedCodes equal = new NormOrderedCodes(factors(n, 0.0, 1), n, K);
    int[] scoredSpread = new int[30];
    for (int q = 0; q < scoredSpread.length; q++) {
      float[] x = vector(r);
      NormOrderedCodes.Found found = spread.search(x, new int[0], 100);
      assertThat(found.top()).containsExactly(everyItem(spread, x, new int[0], 100));
      scoredSpread[q] = found.scored();
      assertThat(equal.search(x, new int[0], 100).scored()).isEqualTo(n);
    }
    Arrays.sort(scoredSpread);
    // with lengths spread over e^{+-1}, the 100 best come from the longest few thousand
    assertThat(scoredSpread[scoredSpread.length / 2]).isLessThan(n / 4);
  }

  @Test
  void eightBitScoresAreWithinHalfAStepPerFactorOfTheExactOnes() {
    int n = 5_000;
    SplittableRandom r = new SplittableRandom(1);
    float[] approx = new float[n];
    // unit vectors: every step is at most 1/127; spread lengths: at most the longest / 127
    for (double spread : new double[] {0.0, 1.0}) {
      float[] rows = factors(n, spread, 9);
      double longest = 0;
      for (int i = 0; i < n; i++) {
        longest = Math.max(longest, Math.sqrt(Dense.dot(rows, i * K, rows, i * K, K)));
      }
      NormOrderedCodes codes = new NormOrderedCodes(rows, n, K);
      for (int q = 0; q < 10; q++) {
        float[] x = vector(r);
        codes.scoreAll(x, approx);
        double l1 = 0;
        for (float v : x) {
          l1 += Math.abs(v);
        }
        double bound = l1 * longest / 254 + 1e-4;
        for (int i = 0; i < n; i++) {
          double exact = Dense.dot(x, 0, rows, i * K, K);
          assertThat((double) Math.abs(approx[i] - exact)).isLessThanOrEqualTo(bound);
        }
      }
    }
  }

  /**
   * The block scoring (factor by factor over the whole block) gives the very floats of adding each
   * item's factors one after another, for several factor counts and a last block that is not full.
   */
  @Test
  void blockScoresAreTheSumsOfTheFactorsInOrder() {
    SplittableRandom r = new SplittableRandom(4);
    for (int k : new int[] {64, 7, 2}) {
      int n = 2 * NormOrderedCodes.BLOCK + 301;
      float[] rows = new float[n * k];
      for (int j = 0; j < rows.length; j++) {
        rows[j] = (float) (r.nextGaussian() * Math.exp(r.nextGaussian()));
      }
      NormOrderedCodes codes = new NormOrderedCodes(rows, n, k);
      float[] x = new float[k];
      for (int f = 0; f < k; f++) {
        x[f] = (float) r.nextGaussian();
      }
      float[] all = new float[n];
      codes.scoreAll(x, all);
      for (int i = 0; i < n; i += 7) {
        assertThat(all[i]).as("k=%d item %d", k, i).isEqualTo(codes.codedScore(x, i));
      }
    }
  }

  @Test
  void zeroVectorsAndEmptyCataloguesGiveNoCandidates() {
    NormOrderedCodes zeros = new NormOrderedCodes(new float[3000 * K], 3000, K);
    NormOrderedCodes.Found found = zeros.search(vector(new SplittableRandom(2)), new int[0], 50);
    assertThat(found.top()).isEmpty();
    assertThat(found.scored()).isZero(); // the bound is 0 from the first block
    assertThat(new NormOrderedCodes(new float[0], 0, K).top(new float[K], new int[0], 10))
        .isEmpty();
  }

  @Test
  void wrongSizesAreRefusedWithTheCounts() {
    assertThatThrownBy(() -> new NormOrderedCodes(new float[10], 3, K))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 48 factors for 3 items, got 10");
    NormOrderedCodes codes = new NormOrderedCodes(factors(10, 1, 1), 10, K);
    assertThatThrownBy(() -> codes.top(new float[K + 1], new int[0], 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a vector of 16 factors, got 17");
  }
}
