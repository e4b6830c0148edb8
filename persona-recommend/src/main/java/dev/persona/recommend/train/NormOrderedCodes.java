package dev.persona.recommend.train;

import dev.persona.core.topk.TopK;
import java.util.Arrays;

/**
 * Item factors in 8 bits, sorted by norm, for finding the items with the largest inner product with
 * a user's vector without scoring the whole catalogue, and without losing any.
 *
 * <p>The items are ordered by the length of their factor vector, longest first, and cut into blocks
 * of {@value #BLOCK}. Each block keeps its items' factors factor by factor (so that scoring a block
 * streams contiguous bytes that the JIT vectorises), each factor in 8 bits with the block's own
 * step. A search scores block after block and stops at the first block whose longest vector cannot
 * reach the scores it already holds: by Cauchy-Schwarz {@code x . y <= |x| |y|}, and the 8-bit
 * error is at most half a step per factor, so no item of that block or of any later one (their
 * vectors are no longer) can enter. The result is therefore exactly the best items under the 8-bit
 * scores, as a scan of every item would find them.
 *
 * <p>It pays because trained iALS factors are long for popular items and short for the long tail:
 * on the 1,000,000-user benchmark a search for 300 candidates stops after about an eighth of the
 * catalogue (BENCHMARKS.md). Where every vector has the same length it scans everything, at the
 * cost of a full scan. Immutable and thread-safe.
 */
public final class NormOrderedCodes {
  /** Items per block: the block's float scores stay in the first-level cache. */
  static final int BLOCK = 1024;

  /**
   * Relative slack on the stopping bound for the rounding of float sums, far above what 8-bit sums
   * of a few hundred factors can accumulate.
   */
  private static final float ROUNDING = 1e-4f;

  private final int n;
  private final int k;
  private final int blocks;
  private final int[] order;
  private final float[] longest;
  private final float[] step;
  private final byte[] codes;

  /**
   * @param rows item factors, item by item ({@code n * k} floats)
   */
  public NormOrderedCodes(float[] rows, int n, int k) {
    if (rows.length != Math.multiplyExact(n, k)) {
      throw new IllegalArgumentException(
          "expected " + n * k + " factors for " + n + " items, got " + rows.length);
    }
    this.n = n;
    this.k = k;
    this.blocks = (n + BLOCK - 1) / BLOCK;
    // longest first, ties by item: sort (norm bits, item) ascending and read it backwards
    long[] keyed = new long[n];
    float[] norm = new float[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int f = 0; f < k; f++) {
        s += (double) rows[i * k + f] * rows[i * k + f];
      }
      norm[i] = (float) Math.sqrt(s);
      // norms are >= 0, so their bits order as they do
      keyed[i] = ((long) Float.floatToIntBits(norm[i]) << 32) | (Integer.MAX_VALUE - i);
    }
    Arrays.sort(keyed);
    this.order = new int[n];
    for (int p = 0; p < n; p++) {
      order[p] = Integer.MAX_VALUE - (int) keyed[n - 1 - p];
    }
    this.longest = new float[blocks];
    this.step = new float[blocks * k];
    this.codes = new byte[n * k];
    for (int b = 0; b < blocks; b++) {
      int from = b * BLOCK;
      int size = Math.min(BLOCK, n - from);
      longest[b] = norm[order[from]];
      for (int f = 0; f < k; f++) {
        float max = 0;
        for (int p = 0; p < size; p++) {
          max = Math.max(max, Math.abs(rows[order[from + p] * k + f]));
        }
        float s = max / 127f;
        step[b * k + f] = s;
        int o = from * k + f * size;
        for (int p = 0; p < size; p++) {
          codes[o + p] = s == 0 ? 0 : (byte) Math.round(rows[order[from + p] * k + f] / s);
        }
      }
    }
  }

  public int size() {
    return n;
  }

  /**
   * The {@code want} items with the largest positive 8-bit scores against {@code x}, leaving out
   * {@code skip}, as {@link TopK#packedDescending()} packs them (read with {@link TopK#idOf} and
   * {@link TopK#scoreOf}), best first.
   *
   * @param skip items never to return, sorted ascending
   */
  public long[] top(float[] x, int[] skip, int want) {
    return search(x, skip, want).top();
  }

  /** What a search found, and how many items it scored before it could stop. */
  public record Found(long[] top, int scored) {}

  /** {@link #top}, with the count of items scored (for measuring how early searches stop). */
  public Found search(float[] x, int[] skip, int want) {
    return search(x, skip, want, true);
  }

  /**
   * {@link #search} without the stop: every block scored, with the same code and top-K (what the
   * stop saves is the difference).
   */
  public Found searchEveryBlock(float[] x, int[] skip, int want) {
    return search(x, skip, want, false);
  }

  private Found search(float[] x, int[] skip, int want, boolean stop) {
    if (x.length != k) {
      throw new IllegalArgumentException("expected a vector of " + k + " factors, got " + x.length);
    }
    TopK top = new TopK(want);
    if (want == 0) {
      return new Found(new long[0], 0);
    }
    double l2 = 0;
    double l1 = 0;
    for (float v : x) {
      l2 += (double) v * v;
      l1 += Math.abs(v);
    }
    // an item's 8-bit score is at most |x| |y| + sum_f |x_f| step_f / 2, and step_f <= |y| / 127
    // for the block's longest |y|
    float reach = (float) ((Math.sqrt(l2) + l1 / 254) * (1 + ROUNDING));
    float[] w = new float[k];
    float[] scores = new float[BLOCK];
    float threshold = Float.MIN_VALUE; // only positive scores
    int scored = 0;
    for (int b = 0; b < blocks; b++) {
      if (stop && longest[b] * reach < threshold) {
        break; // nothing here or later can enter
      }
      int from = b * BLOCK;
      int size = Math.min(BLOCK, n - from);
      score(b, x, w, scores);
      scored += size;
      for (int p = 0; p < size; p++) {
        float s = scores[p];
        if (s >= threshold) {
          int item = order[from + p];
          if (Arrays.binarySearch(skip, item) < 0) {
            top.offer(item, s);
            threshold = Math.max(Float.MIN_VALUE, top.threshold());
          }
        }
      }
    }
    return new Found(top.packedDescending(), scored);
  }

  /**
   * Every item's 8-bit score against {@code x}, into {@code out[item]} (for checking {@link #top}
   * and for measuring a full scan).
   */
  public void scoreAll(float[] x, float[] out) {
    float[] w = new float[k];
    float[] scores = new float[BLOCK];
    for (int b = 0; b < blocks; b++) {
      int from = b * BLOCK;
      int size = Math.min(BLOCK, n - from);
      score(b, x, w, scores);
      for (int p = 0; p < size; p++) {
        out[order[from + p]] = scores[p];
      }
    }
  }

  /**
   * Item {@code item}'s 8-bit score against {@code x}, its factors added one after another, as a
   * plain reference for the block scoring (for tests; a linear search for the item's place).
   */
  float codedScore(float[] x, int item) {
    int at = 0;
    while (order[at] != item) {
      at++;
    }
    int b = at / BLOCK;
    int from = b * BLOCK;
    int size = Math.min(BLOCK, n - from);
    float s = 0;
    for (int f = 0; f < k; f++) {
      s += (x[f] * step[b * k + f]) * codes[from * k + f * size + (at - from)];
    }
    return s;
  }

  /** The 8-bit scores of block {@code b}'s items into {@code scores}, in block order. */
  private void score(int b, float[] x, float[] w, float[] scores) {
    int from = b * BLOCK;
    int size = Math.min(BLOCK, n - from);
    for (int f = 0; f < k; f++) {
      w[f] = x[f] * step[b * k + f];
    }
    Arrays.fill(scores, 0, size, 0f);
    int base = from * k;
    for (int f = 0; f < k; f++) {
      float wf = w[f];
      int o = base + f * size;
      for (int p = 0; p < size; p++) {
        scores[p] += wf * codes[o + p];
      }
    }
  }
}
