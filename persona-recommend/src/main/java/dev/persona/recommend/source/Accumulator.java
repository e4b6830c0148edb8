package dev.persona.recommend.source;

import dev.persona.core.topk.TopK;
import it.unimi.dsi.fastutil.ints.Int2DoubleOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;

/**
 * Scores summed per item in a primitive map, with the anchor (the item, or user ordinal, that
 * contributed most) remembered for the reason; then the best {@code k} without boxing.
 */
final class Accumulator {
  private final Int2DoubleOpenHashMap score = new Int2DoubleOpenHashMap();
  private final Int2DoubleOpenHashMap best = new Int2DoubleOpenHashMap();
  private final Int2IntOpenHashMap anchor = new Int2IntOpenHashMap();

  void add(int item, double s, int from) {
    score.addTo(item, s);
    if (s > best.get(item)) {
      best.put(item, s);
      anchor.put(item, from);
    }
  }

  int anchor(int item) {
    return anchor.get(item);
  }

  double score(int item) {
    return score.get(item);
  }

  boolean isEmpty() {
    return score.isEmpty();
  }

  /** The best {@code k} items, best first. */
  int[] top(int k) {
    TopK top = new TopK(k);
    for (var e : score.int2DoubleEntrySet()) {
      top.offer(e.getIntKey(), (float) e.getDoubleValue());
    }
    return top.ids();
  }
}
