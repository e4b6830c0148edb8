package dev.persona.core.topk;

import java.util.Arrays;

/**
 * The {@code k} best (score, id) pairs seen, as a bounded min-heap of packed longs: the score's
 * sortable bits in the high 32 bits and the id in the low 32, so that no object is allocated per
 * candidate. Ties in score go to the lower id. Not thread-safe; reusable after {@link #clear}.
 */
public final class TopK {
  private final int k;
  private final long[] heap;
  private int size;

  public TopK(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    this.k = k;
    this.heap = new long[Math.max(k, 1)];
  }

  /** Offers a candidate; ids must be in 0..Integer.MAX_VALUE, scores finite. */
  public void offer(int id, float score) {
    assert id >= 0 && Float.isFinite(score);
    if (k == 0) {
      return;
    }
    long packed = pack(id, score);
    if (size < k) {
      heap[size] = packed;
      up(size++);
    } else if (packed > heap[0]) {
      heap[0] = packed;
      down(0);
    }
  }

  public int size() {
    return size;
  }

  /**
   * The lowest score that can still enter: {@code -Infinity} until {@code k} candidates are held,
   * then the worst one's score (an equal score enters only with a lower id). Lets a scan skip the
   * offer for most candidates with one float comparison.
   */
  public float threshold() {
    return size < k || k == 0 ? Float.NEGATIVE_INFINITY : score(heap[0]);
  }

  public void clear() {
    size = 0;
  }

  /** The ids, best first. */
  public int[] ids() {
    long[] sorted = sortedDescending();
    int[] out = new int[sorted.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = id(sorted[i]);
    }
    return out;
  }

  /** The scores, best first (aligned with {@link #ids}). */
  public float[] scores() {
    long[] sorted = sortedDescending();
    float[] out = new float[sorted.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = score(sorted[i]);
    }
    return out;
  }

  /**
   * The candidates best first, packed: read each with {@link #idOf} and {@link #scoreOf}. One sort,
   * where {@link #ids} and {@link #scores} take one each.
   */
  public long[] packedDescending() {
    return sortedDescending();
  }

  /** The id of a packed candidate from {@link #packedDescending}. */
  public static int idOf(long packed) {
    return id(packed);
  }

  /** The score of a packed candidate from {@link #packedDescending}. */
  public static float scoreOf(long packed) {
    return score(packed);
  }

  /**
   * Moves the best {@code k} of {@code packed[0, n)} (see {@link #pack}) to its front, best first,
   * and returns how many there are: {@code min(k, n)}. Quickselect, then a sort of those {@code k}:
   * linear in {@code n} on average, where offering all {@code n} to a heap costs a sift for each
   * that enters, which is most of them when many scores tie. The rest of the array is left in no
   * particular order.
   */
  public static int selectBest(long[] packed, int n, int k) {
    if (k < 0 || n < 0 || n > packed.length) {
      throw new IllegalArgumentException(
          "need 0 <= n <= length and k >= 0, got n " + n + ", k " + k);
    }
    int m = Math.min(k, n);
    int lo = 0;
    int hi = n - 1;
    while (m < n && lo < hi) {
      int mid = (lo + hi) >>> 1;
      long pivot = median(packed[lo], packed[mid], packed[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) { // larger first: [lo, j] >= pivot >= [i, hi]
        while (packed[i] > pivot) {
          i++;
        }
        while (packed[j] < pivot) {
          j--;
        }
        if (i <= j) {
          long t = packed[i];
          packed[i++] = packed[j];
          packed[j--] = t;
        }
      }
      if (m - 1 <= j) {
        hi = j;
      } else if (m - 1 >= i) {
        lo = i;
      } else {
        break; // the m-th best is the pivot, between the two parts
      }
    }
    sortDescending(packed, m);
    return m;
  }

  /** Sorts {@code packed[0, n)} best first (no descending sort of primitives in the JDK). */
  private static void sortDescending(long[] packed, int n) {
    Arrays.sort(packed, 0, n);
    for (int i = 0, j = n - 1; i < j; i++, j--) {
      long t = packed[i];
      packed[i] = packed[j];
      packed[j] = t;
    }
  }

  private static long median(long a, long b, long c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  private long[] sortedDescending() {
    long[] copy = Arrays.copyOf(heap, size);
    sortDescending(copy, size);
    return copy;
  }

  /**
   * Packs so that a larger long means a better candidate: score order first, then the lower id
   * (stored inverted, so that among equal scores the lower id is larger). Sorting packed longs
   * ranks candidates without a comparator; read them back with {@link #idOf} and {@link #scoreOf}.
   */
  public static long pack(int id, float score) {
    int bits = Float.floatToIntBits(score == 0f ? 0f : score); // -0 and 0 alike
    int sortable = bits >= 0 ? bits : bits ^ 0x7FFFFFFF; // negative floats in reverse
    return ((long) sortable << 32) | (Integer.MAX_VALUE - id);
  }

  static int id(long packed) {
    return Integer.MAX_VALUE - (int) (packed & 0xFFFFFFFFL);
  }

  static float score(long packed) {
    int sortable = (int) (packed >> 32);
    int bits = sortable >= 0 ? sortable : sortable ^ 0x7FFFFFFF;
    return Float.intBitsToFloat(bits);
  }

  private void up(int i) {
    long x = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= x) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = x;
  }

  private void down(int i) {
    long x = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      if (child + 1 < size && heap[child + 1] < heap[child]) {
        child++;
      }
      if (heap[child] >= x) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = x;
  }
}
