package dev.persona.recommend.source;

import dev.persona.core.topk.TopK;

/**
 * Scores summed per item, with the anchor (the item, or user ordinal, that contributed most)
 * remembered for the reason; then the best {@code k} without boxing. One open-addressing table
 * (linear probing, at most half full) holds the item, its sum, its largest single contribution and
 * that contribution's anchor side by side, so that each addition is one probe. Items are
 * non-negative indexes.
 */
final class Accumulator {
  private static final int EMPTY = -1;

  private int[] keys;
  private double[] sums;
  private double[] best;
  private int[] anchors;
  private int size;

  Accumulator() {
    allocate(256);
  }

  /** For about {@code expected} distinct items: no growing on the way there. */
  Accumulator(int expected) {
    allocate(Math.max(16, Integer.highestOneBit(Math.max(1, 2 * expected - 1)) << 1));
  }

  private void allocate(int capacity) {
    keys = new int[capacity];
    java.util.Arrays.fill(keys, EMPTY);
    sums = new double[capacity];
    best = new double[capacity];
    anchors = new int[capacity];
  }

  /** The slot of {@code item}, or the empty slot where it would go. */
  private int slot(int item) {
    int mask = keys.length - 1;
    int at = mix(item) & mask;
    while (keys[at] != EMPTY && keys[at] != item) {
      at = (at + 1) & mask;
    }
    return at;
  }

  private static int mix(int x) {
    int h = x * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  void add(int item, double s, int from) {
    int at = slot(item);
    if (keys[at] == EMPTY) {
      if (2 * (size + 1) > keys.length) {
        grow();
        at = slot(item);
      }
      keys[at] = item;
      sums[at] = s;
      best[at] = s;
      anchors[at] = from;
      size++;
      return;
    }
    sums[at] += s;
    if (s > best[at]) {
      best[at] = s;
      anchors[at] = from;
    }
  }

  private void grow() {
    int[] k = keys;
    double[] s = sums;
    double[] b = best;
    int[] a = anchors;
    allocate(k.length * 2);
    for (int i = 0; i < k.length; i++) {
      if (k[i] != EMPTY) {
        int at = slot(k[i]);
        keys[at] = k[i];
        sums[at] = s[i];
        best[at] = b[i];
        anchors[at] = a[i];
      }
    }
  }

  /** The anchor of the largest contribution to {@code item}; 0 for an item never added. */
  int anchor(int item) {
    int at = slot(item);
    return keys[at] == EMPTY ? 0 : anchors[at];
  }

  /** The summed score of {@code item}; 0 for an item never added. */
  double score(int item) {
    int at = slot(item);
    return keys[at] == EMPTY ? 0 : sums[at];
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The best {@code k} items, best first. */
  int[] top(int k) {
    TopK top = new TopK(k);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        top.offer(keys[i], (float) sums[i]);
      }
    }
    return top.ids();
  }
}
