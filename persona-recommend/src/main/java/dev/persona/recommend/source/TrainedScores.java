package dev.persona.recommend.source;

import dev.persona.core.topk.TopK;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecallContext;
import dev.persona.recommend.UserHistory;
import dev.persona.recommend.train.ItemSpace;

/**
 * What the trained-model sources share: a query's history in the model's item numbering, a
 * per-thread score buffer over the whole catalogue, and the top-K of it with the items the query
 * must not get (its history, exclusions and seeds) left out, all in primitive arrays.
 */
final class TrainedScores {
  /** Score buffers lent to requests (a pool, since requests may run on virtual threads). */
  private static final java.util.concurrent.ConcurrentLinkedQueue<float[]> POOL =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private static final int POOLED = 64;

  final int[] local;
  final float[] weights;
  final int count;

  private TrainedScores(int[] local, float[] weights, int count) {
    this.local = local;
    this.weights = weights;
    this.count = count;
  }

  /** The query's history mapped to model items (unknown ones are -1). */
  static TrainedScores of(UserHistory.History h, ItemSpace space) {
    int[] local = new int[h.size()];
    for (int q = 0; q < local.length; q++) {
      local[q] = space.localOf(h.items()[q]);
    }
    return new TrainedScores(local, h.weights(), local.length);
  }

  /** Borrows a score buffer of at least {@code n} floats; give it back with {@link #release}. */
  static float[] buffer(int n) {
    float[] b = POOL.poll();
    return b != null && b.length >= n ? b : new float[n];
  }

  /** Returns a buffer from {@link #buffer} once nothing reads it any more. */
  static void release(float[] b) {
    if (POOL.size() < POOLED) {
      POOL.offer(b);
    }
  }

  /**
   * The best {@code limit} positively scored model items, as model indexes, best first, packed as
   * {@link TopK#packedDescending()} packs them.
   */
  long[] top(Query q, RecallContext c, ItemSpace space, float[] scores, int limit) {
    int n = space.size();
    for (int i : skipped(q, c, space)) {
      scores[i] = Float.NEGATIVE_INFINITY;
    }
    TopK top = new TopK(limit);
    float threshold = Float.MIN_VALUE; // only positive scores
    for (int i = 0; i < n; i++) {
      float s = scores[i];
      if (s >= threshold && s != Float.POSITIVE_INFINITY) {
        top.offer(i, s);
        threshold = Math.max(Float.MIN_VALUE, top.threshold());
      }
    }
    return top.packedDescending();
  }

  /**
   * The model items the query must not get, sorted: its history, the user's exclusions and the
   * request's.
   */
  int[] skipped(Query q, RecallContext c, ItemSpace space) {
    int[] excluded = q.state().excluded();
    int[] out = new int[count + excluded.length + q.exclude().size()];
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (local[i] >= 0) {
        out[n++] = local[i];
      }
    }
    for (int e : excluded) {
      int i = space.localOf(e);
      if (i >= 0) {
        out[n++] = i;
      }
    }
    for (String id : q.exclude()) {
      int i = space.localOf(c.model().items().toIndex(id));
      if (i >= 0) {
        out[n++] = i;
      }
    }
    int[] sorted = java.util.Arrays.copyOf(out, n);
    java.util.Arrays.sort(sorted);
    return sorted;
  }

  /** How the user last touched a serving item, in words, from their recent items. */
  static String verb(Query q, int globalItem) {
    int[] recent = q.state().recent();
    for (int i = 0; i < recent.length; i++) {
      if (recent[i] == globalItem) {
        return q.state().verb(i);
      }
    }
    return "chose";
  }
}
