package dev.persona.recommend;

/**
 * A user's whole positive history, for the trained models' fold-in: every item they interacted with
 * and its summed interaction weight (as training counts it). The server reads it from the event
 * log, cached until the user's next event; benchmarks pass their training data.
 */
@FunctionalInterface
public interface UserHistory {
  /** The history of a user; {@link History#EMPTY} for one without events. */
  History of(String userId);

  UserHistory NONE = id -> History.EMPTY;

  /**
   * @param items item indexes (the serving {@code IdIndex})
   * @param weights summed interaction weight of each
   */
  record History(int[] items, float[] weights) {
    public static final History EMPTY = new History(new int[0], new float[0]);

    public History {
      if (items.length != weights.length) {
        throw new IllegalArgumentException("items and weights differ in length");
      }
    }

    public int size() {
      return items.length;
    }

    /**
     * Collects interactions one at a time: an item seen again has its weight summed and moves to
     * the end, so the history lists items in order of their latest touch. Not thread-safe.
     */
    public static final class Builder {
      private final java.util.LinkedHashMap<Integer, float[]> byItem =
          new java.util.LinkedHashMap<>();

      public Builder add(int item, double weight) {
        float[] sum = byItem.remove(item);
        if (sum == null) {
          sum = new float[1];
        }
        sum[0] += (float) weight;
        byItem.put(item, sum);
        return this;
      }

      public History build() {
        int[] items = new int[byItem.size()];
        float[] weights = new float[items.length];
        int n = 0;
        for (var e : byItem.entrySet()) {
          items[n] = e.getKey();
          weights[n++] = e.getValue()[0];
        }
        return new History(items, weights);
      }
    }
  }
}
