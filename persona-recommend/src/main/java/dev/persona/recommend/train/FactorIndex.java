package dev.persona.recommend.train;

import dev.persona.core.topk.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * An inverted-file index (IVF) over item factors, for finding the items with the largest inner
 * product with a user's vector without scoring the whole catalogue. The items are split into about
 * {@code sqrt(items)} clusters by k-means (Lloyd's algorithm on a seeded sample, then every item
 * goes to its nearest centroid; clusters over twice the average size are split again); a query
 * ranks the centroids by inner product with its vector and scores the items of the best clusters,
 * in that order, until it has looked at a given share of the catalogue. Each cluster's items are
 * stored together in the 8-bit code of {@link AlsModel}, factor by factor, so that a probe reads
 * contiguous memory that the JIT vectorises.
 *
 * <p>It is approximate: an item with a large inner product can sit in a cluster whose centroid
 * ranks low. {@code BENCHMARKS.md} gives the recall against the full scan for the probe shares
 * measured, and the accuracy of whole lists on real data sets. Immutable and thread-safe.
 */
public final class FactorIndex {
  /** Lloyd iterations on the sample. */
  static final int ITERATIONS = 8;

  /** Sample points per centroid for k-means. */
  static final int SAMPLE_PER_CLUSTER = 64;

  private final int n;
  private final int k;
  private final int clusters;
  private final float[] centroids;
  private final int[] start;
  private final int[] members;
  private final byte[] codes;
  private final float[] scale;
  private final float[] radius;
  private final int largest;

  private FactorIndex(
      int n,
      int k,
      float[] centroids,
      float[] radius,
      int[] start,
      int[] members,
      byte[] codes,
      float[] scale) {
    this.n = n;
    this.k = k;
    this.clusters = start.length - 1;
    this.centroids = centroids;
    this.radius = radius;
    this.start = start;
    this.members = members;
    this.codes = codes;
    this.scale = scale;
    int max = 0;
    for (int c = 0; c < clusters; c++) {
      max = Math.max(max, start[c + 1] - start[c]);
    }
    this.largest = max;
  }

  /**
   * Clusters {@code n} items: k-means into {@code sqrt(n)} clusters, then any cluster over twice
   * the average size is clustered again (and, where its items cannot be told apart, cut into
   * pieces), so that no probe has to score one huge cluster.
   *
   * @param rows item factors, item by item ({@code n * k})
   * @param scale the 8-bit code's step per factor: factor {@code f} of an item is about {@code code
   *     * scale[f]}
   * @param seed the k-means samples and starting centroids
   */
  static FactorIndex build(float[] rows, int n, int k, float[] scale, long seed) {
    int target = Math.max(1, Math.min(n, (int) Math.round(Math.sqrt(n))));
    SplittableRandom random = new SplittableRandom(seed);
    int[] everyone = new int[n];
    for (int i = 0; i < n; i++) {
      everyone[i] = i;
    }
    int cap = Math.max(1, 2 * (int) Math.ceil(n / (double) target));
    List<int[]> groups = new ArrayList<>();
    for (int[] g : kmeans(rows, k, everyone, target, random)) {
      balance(rows, k, g, cap, random, groups);
    }
    int clusters = groups.size();
    int[] start = new int[clusters + 1];
    int[] members = new int[n];
    float[] centroids = new float[clusters * k];
    float[] radius = new float[clusters];
    byte[] codes = new byte[n * k];
    for (int c = 0; c < clusters; c++) {
      int[] g = groups.get(c);
      int from = start[c];
      start[c + 1] = from + g.length;
      System.arraycopy(g, 0, members, from, g.length);
      double[] mean = new double[k];
      for (int i : g) {
        for (int f = 0; f < k; f++) {
          mean[f] += rows[i * k + f];
        }
      }
      for (int f = 0; f < k; f++) {
        centroids[c * k + f] = (float) (mean[f] / g.length);
      }
      // how far the cluster's items lie from its centroid, for a bound on their inner products
      for (int p = 0; p < g.length; p++) {
        int i = g[p];
        double d = 0;
        for (int f = 0; f < k; f++) {
          double diff = rows[i * k + f] - centroids[c * k + f];
          d += diff * diff;
          codes[from * k + f * g.length + p] =
              scale[f] == 0 ? 0 : (byte) Math.round(rows[i * k + f] / scale[f]);
        }
        radius[c] = Math.max(radius[c], (float) Math.sqrt(d));
      }
    }
    return new FactorIndex(n, k, centroids, radius, start, members, codes, scale.clone());
  }

  /** Adds {@code g} to {@code out}, clustered again into pieces of at most {@code cap} items. */
  private static void balance(
      float[] rows, int k, int[] g, int cap, SplittableRandom random, List<int[]> out) {
    if (g.length <= cap) {
      out.add(g);
      return;
    }
    List<int[]> parts = kmeans(rows, k, g, (int) Math.ceil(2.0 * g.length / cap), random);
    int largest = 0;
    for (int[] part : parts) {
      largest = Math.max(largest, part.length);
    }
    if (largest > 0.9 * g.length) {
      // k-means cannot split it (its items are alike, such as the zero vectors of items never
      // interacted with): pieces in item order
      for (int from = 0; from < g.length; from += cap) {
        out.add(Arrays.copyOfRange(g, from, Math.min(g.length, from + cap)));
      }
      return;
    }
    for (int[] part : parts) {
      balance(rows, k, part, cap, random, out);
    }
  }

  /**
   * Lloyd's algorithm on a seeded sample of the {@code items} (64 per cluster), then every item to
   * its nearest centroid: the non-empty clusters, each in item order.
   */
  private static List<int[]> kmeans(
      float[] rows, int k, int[] items, int clusters, SplittableRandom random) {
    clusters = Math.max(1, Math.min(clusters, items.length));
    int[] sample = sample(items, Math.min(items.length, clusters * SAMPLE_PER_CLUSTER), random);
    float[] centroids = new float[clusters * k];
    for (int c = 0; c < clusters; c++) {
      System.arraycopy(rows, sample[c] * k, centroids, c * k, k);
    }
    int[] assigned = new int[sample.length];
    int count = clusters;
    for (int it = 0; it < ITERATIONS; it++) {
      float[] current = centroids;
      IntStream.range(0, sample.length)
          .parallel()
          .forEach(s -> assigned[s] = nearest(rows, sample[s] * k, current, count, k));
      centroids = means(rows, sample, assigned, clusters, k, random);
    }
    float[] last = centroids;
    int[] cluster = new int[items.length];
    IntStream.range(0, items.length)
        .parallel()
        .forEach(p -> cluster[p] = nearest(rows, items[p] * k, last, count, k));
    int[] size = new int[clusters];
    for (int c : cluster) {
      size[c]++;
    }
    int[][] groups = new int[clusters][];
    for (int c = 0; c < clusters; c++) {
      groups[c] = new int[size[c]];
    }
    int[] fill = new int[clusters];
    for (int p = 0; p < items.length; p++) {
      groups[cluster[p]][fill[cluster[p]]++] = items[p];
    }
    List<int[]> out = new ArrayList<>(clusters);
    for (int[] g : groups) {
      if (g.length > 0) {
        out.add(g);
      }
    }
    return out;
  }

  /** {@code m} distinct ones of {@code items} in a seeded random order (partial Fisher-Yates). */
  private static int[] sample(int[] items, int m, SplittableRandom random) {
    int[] all = items.clone();
    int n = all.length;
    for (int i = 0; i < m; i++) {
      int j = i + random.nextInt(n - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return Arrays.copyOf(all, m);
  }

  /** The centroid closest to the row at {@code offset} in Euclidean distance. */
  private static int nearest(float[] rows, int offset, float[] centroids, int clusters, int k) {
    int best = 0;
    float bestDistance = Float.POSITIVE_INFINITY;
    for (int c = 0; c < clusters; c++) {
      float d = 0;
      int o = c * k;
      for (int f = 0; f < k; f++) {
        float diff = rows[offset + f] - centroids[o + f];
        d += diff * diff;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  /** The mean of each cluster's sample points; an empty cluster restarts at a random point. */
  private static float[] means(
      float[] rows, int[] sample, int[] assigned, int clusters, int k, SplittableRandom random) {
    double[] sum = new double[clusters * k];
    int[] count = new int[clusters];
    for (int s = 0; s < sample.length; s++) {
      int c = assigned[s];
      count[c]++;
      for (int f = 0; f < k; f++) {
        sum[c * k + f] += rows[sample[s] * k + f];
      }
    }
    float[] out = new float[clusters * k];
    for (int c = 0; c < clusters; c++) {
      if (count[c] == 0) {
        int s = sample[random.nextInt(sample.length)];
        System.arraycopy(rows, s * k, out, c * k, k);
        continue;
      }
      for (int f = 0; f < k; f++) {
        out[c * k + f] = (float) (sum[c * k + f] / count[c]);
      }
    }
    return out;
  }

  public int clusters() {
    return clusters;
  }

  /** The number of items in the largest cluster. */
  public int largest() {
    return largest;
  }

  /**
   * The {@code want} items with the largest approximate inner product with {@code x} among the
   * clusters probed, as packed {@code (score bits << 32) | item} longs, best first (only positive
   * scores).
   *
   * @param skip items never to return, sorted ascending
   * @param share of the catalogue to score, in (0, 1]: clusters are probed best first until at
   *     least this many items (and at least {@code 4 * want}) have been scored
   */
  public long[] search(float[] x, int[] skip, int want, double share) {
    float[] near = new float[clusters];
    long[] ranked = new long[clusters];
    for (int c = 0; c < clusters; c++) {
      near[c] = Dense.dot(x, 0, centroids, c * k, k);
      // sortable: larger inner products first after an ascending sort of the negated bits
      ranked[c] = ((long) sortable(-near[c]) << 32) | c;
    }
    float norm = (float) Math.sqrt(Dense.dot(x, 0, x, 0, k));
    Arrays.sort(ranked);
    long budget = Math.min(n, Math.max(4L * want, (long) Math.ceil(share * n)));
    float[] weights = new float[k];
    for (int f = 0; f < k; f++) {
      weights[f] = x[f] * scale[f];
    }
    float error = 0; // the 8-bit codes' largest error: half a step per factor
    for (int f = 0; f < k; f++) {
      error += Math.abs(weights[f]) / 2;
    }
    float[] buffer = new float[largest];
    TopK top = new TopK(want);
    float threshold = Float.MIN_VALUE;
    long scored = 0;
    for (int r = 0; r < clusters && scored < budget; r++) {
      int c = (int) ranked[r];
      // no item of the cluster can enter: x . y <= x . centroid + |x| * radius (Cauchy-Schwarz),
      // with a margin for the 8-bit error; such a cluster costs nothing and counts nothing
      if (top.size() == want && near[c] + norm * radius[c] + error < threshold) {
        continue;
      }
      int from = start[c];
      int size = start[c + 1] - from;
      scored += size;
      Arrays.fill(buffer, 0, size, 0f);
      int base = from * k;
      for (int f = 0; f < k; f++) {
        float w = weights[f];
        int o = base + f * size;
        for (int p = 0; p < size; p++) {
          buffer[p] += w * codes[o + p];
        }
      }
      for (int p = 0; p < size; p++) {
        float s = buffer[p];
        if (s >= threshold) {
          int item = members[from + p];
          if (Arrays.binarySearch(skip, item) < 0) {
            top.offer(item, s);
            threshold = Math.max(Float.MIN_VALUE, top.threshold());
          }
        }
      }
    }
    long[] best = top.packedDescending();
    long[] out = new long[best.length];
    for (int i = 0; i < best.length; i++) {
      out[i] = ((long) Float.floatToIntBits(TopK.scoreOf(best[i])) << 32) | TopK.idOf(best[i]);
    }
    return out;
  }

  /** Float bits that sort as the floats do when compared as signed ints. */
  private static int sortable(float f) {
    int bits = Float.floatToIntBits(f);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }
}
