package dev.persona.recommend.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.topk.TopK;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FactorIndexTest {
  static final int K = 16;
  static final int N = 20_000;

  /** Items around 50 topic directions, with norms spread over a range, like trained factors. */
  static float[] clustered(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] topics = new float[50][K];
    for (float[] t : topics) {
      for (int f = 0; f < K; f++) {
        t[f] = (float) r.nextGaussian();
      }
    }
    float[] rows = new float[n * K];
    for (int i = 0; i < n; i++) {
      float[] t = topics[r.nextInt(topics.length)];
      double norm = 0.2 + r.nextDouble();
      for (int f = 0; f < K; f++) {
        rows[i * K + f] = (float) ((t[f] + 0.5 * r.nextGaussian()) * norm);
      }
    }
    return rows;
  }

  static AlsModel model(int n, float[] rows) {
    String[] ids = new String[n];
    int[] identity = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "i" + i;
      identity[i] = i;
    }
    AlsParams d = AlsParams.defaults();
    AlsParams p =
        new AlsParams(K, 1, d.regularization(), d.exponent(), d.alpha(), d.cgSteps(), 3, 1);
    return new AlsModel(new ItemSpace(ids, identity, identity.clone()), p, rows, N);
  }

  /** The full 8-bit scan's best {@code want} positively scored items, as serving ranks them. */
  static int[] scanned(AlsModel m, float[] x, int[] skip, int want) {
    float[] scores = new float[m.items().size()];
    m.scoreApproximately(x, scores);
    TopK top = new TopK(want);
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > 0 && Arrays.binarySearch(skip, i) < 0) {
        top.offer(i, scores[i]);
      }
    }
    return top.ids();
  }

  static int[] ids(long[] packed) {
    return Arrays.stream(packed).mapToInt(p -> (int) p).toArray();
  }

  @Test
  void onlyCataloguesFromTheGivenSizeAreIndexedAndNoneByDefault() {
    int small = N - 1;
    assertThat(model(small, clustered(small, 1)).index()).isNull();
    int large = N;
    float[] rows = clustered(large, 1);
    FactorIndex index = model(large, rows).index();
    AlsModel plain = model(large, rows);
    assertThat(new AlsModel(plain.items(), plain.params(), plain.itemFactors()).index()).isNull();
    assertThat(index).isNotNull();
    // about sqrt(n) clusters: k-means' own, and any oversized one split again
    assertThat(index.clusters()).isBetween(100, 200);
  }

  @Test
  void probingEveryClusterFindsWhatTheFullScanFinds() {
    int n = N;
    float[] rows = clustered(n, 2);
    AlsModel m = model(n, rows);
    SplittableRandom r = new SplittableRandom(9);
    for (int q = 0; q < 20; q++) {
      float[] x = m.itemVector(r.nextInt(n));
      int[] skip = {3, 17, 400, 9_000};
      // the bound only passes over clusters that cannot enter, so all of it is the full scan
      int[] found = ids(m.index().search(x, skip, 50, 1.0));
      assertThat(found).containsExactly(scanned(m, x, skip, 50));
    }
  }

  @Test
  void noClusterIsHugeEvenWhenManyItemsAreAlike() {
    int n = N;
    float[] rows = clustered(n, 6);
    // half the catalogue never interacted with: zero vectors, which k-means cannot split
    Arrays.fill(rows, 0, n / 2 * K, 0f);
    // and a tight crowd: 4,000 items almost at one point
    for (int i = n / 2; i < n / 2 + 4_000; i++) {
      for (int f = 0; f < K; f++) {
        rows[i * K + f] = 1f + 1e-4f * (i % 7);
      }
    }
    AlsModel m = model(n, rows);
    int average = (int) Math.ceil(n / Math.sqrt(n));
    assertThat(m.index().largest()).isLessThanOrEqualTo(2 * average);
    SplittableRandom r = new SplittableRandom(2);
    for (int q = 0; q < 10; q++) {
      float[] x = m.itemVector(n / 2 + 4_000 + r.nextInt(n / 2 - 4_000));
      int[] found = ids(m.index().search(x, new int[0], 50, 1.0));
      assertThat(found).containsExactly(scanned(m, x, new int[0], 50));
    }
  }

  @Test
  void aTenthOfTheCatalogueFindsMostOfTheBest() {
    int n = N;
    float[] rows = clustered(n, 3);
    AlsModel m = model(n, rows);
    SplittableRandom r = new SplittableRandom(4);
    double recall = 0;
    int queries = 100;
    for (int q = 0; q < queries; q++) {
      float[] x = m.itemVector(r.nextInt(n));
      Set<Integer> truth = new HashSet<>();
      for (int i : scanned(m, x, new int[0], 10)) {
        truth.add(i);
      }
      int hit = 0;
      for (int i : ids(m.index().search(x, new int[0], 300, 0.1))) {
        if (truth.contains(i)) {
          hit++;
        }
      }
      recall += hit / 10.0;
    }
    assertThat(recall / queries).isGreaterThan(0.9);
  }

  @Test
  void searchSkipsWhatItIsToldToAndKeepsOrder() {
    int n = N;
    float[] rows = clustered(n, 5);
    AlsModel m = model(n, rows);
    float[] x = m.itemVector(42);
    int[] first = ids(m.index().search(x, new int[0], 20, 0.1));
    int[] skip = Arrays.copyOf(first, 5);
    Arrays.sort(skip);
    long[] again = m.index().search(x, skip, 20, 0.1);
    for (int i : ids(again)) {
      assertThat(Arrays.binarySearch(skip, i)).isNegative();
    }
    for (int i = 1; i < again.length; i++) {
      float before = Float.intBitsToFloat((int) (again[i - 1] >>> 32));
      float after = Float.intBitsToFloat((int) (again[i] >>> 32));
      assertThat(before).isGreaterThanOrEqualTo(after);
      assertThat(after).isPositive();
    }
    // the same factors give the same index: the k-means sample and start are seeded
    assertThat(ids(model(n, rows).index().search(x, skip, 20, 0.1))).containsExactly(ids(again));
  }
}
