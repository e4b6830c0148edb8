package dev.persona.recommend.source;

import dev.persona.core.topk.TopK;

/**
 * Scores summed per item, with the anchor (the item, or user ordinal, that contributed most)
 * remembered for the reason; then the best {@code k} without boxing, by selection. One
 * open-addressing table (linear probing, at most half full) holds the item, its sum, its largest
 * single contribution and that contribution's anchor side by side (the sums alone for {@link
 * #sumsOnly}), so that each addition is one probe; the slots in use are listed in the order they
 * were filled, so that the selection reads them without a branch per slot (a scan of the table
 * would guess wrong at about every other slot). Items are non-negative indexes, kept as {@code item
 * + 1} so that a new table is empty as allocated (0); sums are floats, as the scores they become.
 */
final class Accumulator {
  private static final int EMPTY = 0;

  private final boolean withAnchors;
  private int[] keys;
  private float[] sums;
  private float[] best; // null without anchors
  private int[] anchors; // null without anchors
  private int[] used; // the slots in use, in the order they were filled
  private int size;

  Accumulator() {
    this(128, true);
  }

  /** For about {@code expected} distinct items: no growing on the way there. */
  Accumulator(int expected) {
    this(expected, true);
  }

  private Accumulator(int expected, boolean withAnchors) {
    this.withAnchors = withAnchors;
    allocate(Math.max(16, Integer.highestOneBit(Math.max(1, 2 * expected - 1)) << 1));
  }

  /**
   * Sums alone, for a source whose reasons name no anchor: two arrays fewer to allocate and fill;
   * {@link #anchor} is refused.
   */
  static Accumulator sumsOnly(int expected) {
    return new Accumulator(expected, false);
  }

  private void allocate(int capacity) {
    keys = new int[capacity];
    sums = new float[capacity];
    used = new int[capacity / 2]; // at most half full
    if (withAnchors) {
      best = new float[capacity];
      anchors = new int[capacity];
    }
  }

  /** The slot of {@code key} ({@code item + 1}), or the empty slot where it would go. */
  private int slot(int key) {
    int mask = keys.length - 1;
    int at = mix(key) & mask;
    while (keys[at] != EMPTY && keys[at] != key) {
      at = (at + 1) & mask;
    }
    return at;
  }

  private static int mix(int x) {
    int h = x * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  void add(int item, double score, int from) {
    int key = item + 1;
    float s = (float) score;
    int at = slot(key);
    if (keys[at] == EMPTY) {
      if (2 * (size + 1) > keys.length) {
        grow();
        at = slot(key);
      }
      keys[at] = key;
      sums[at] = s;
      if (withAnchors) {
        best[at] = s;
        anchors[at] = from;
      }
      used[size++] = at;
      return;
    }
    sums[at] += s;
    if (withAnchors && s > best[at]) {
      best[at] = s;
      anchors[at] = from;
    }
  }

  private void grow() {
    int[] k = keys;
    float[] s = sums;
    float[] b = best;
    int[] a = anchors;
    int[] u = used;
    allocate(k.length * 2);
    for (int e = 0; e < size; e++) { // in the order filled, which the new list keeps
      int i = u[e];
      int at = slot(k[i]);
      keys[at] = k[i];
      sums[at] = s[i];
      if (withAnchors) {
        best[at] = b[i];
        anchors[at] = a[i];
      }
      used[e] = at;
    }
  }

  /** The anchor of the largest contribution to {@code item}; 0 for an item never added. */
  int anchor(int item) {
    if (!withAnchors) {
      throw new IllegalStateException("this accumulator keeps sums only");
    }
    int at = slot(item + 1);
    return keys[at] == EMPTY ? 0 : anchors[at];
  }

  /** The summed score of {@code item}; 0 for an item never added. */
  double score(int item) {
    int at = slot(item + 1);
    return keys[at] == EMPTY ? 0 : sums[at];
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The best {@code k} items, best first (ties to the lower item). */
  int[] top(int k) {
    long[] packed = new long[size];
    for (int e = 0; e < size; e++) {
      int at = used[e];
      packed[e] = TopK.pack(keys[at] - 1, sums[at]);
    }
    int[] out = new int[TopK.selectBest(packed, size, k)];
    for (int i = 0; i < out.length; i++) {
      out[i] = TopK.idOf(packed[i]);
    }
    return out;
  }
}
