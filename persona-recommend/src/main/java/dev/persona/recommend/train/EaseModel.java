package dev.persona.recommend.train;

/**
 * A trained EASE weight matrix and its scoring: a user's score for item {@code j} is {@code sum
 * over their items i of B[i][j]}. Immutable and thread-safe.
 */
public final class EaseModel {
  private final ItemSpace items;
  private final double lambda;
  private final float[] weights;

  public EaseModel(ItemSpace items, double lambda, float[] weights) {
    int n = items.size();
    if (weights.length != (long) n * n) {
      throw new IllegalArgumentException(
          "expected " + (long) n * n + " EASE weights for " + n + " items, got " + weights.length);
    }
    this.items = items;
    this.lambda = lambda;
    this.weights = weights;
  }

  public ItemSpace items() {
    return items;
  }

  public double lambda() {
    return lambda;
  }

  /** {@code B}, row-major (for persistence). */
  public float[] weights() {
    return weights;
  }

  /**
   * Scores every model item for a user's items.
   *
   * @param localItems model item indexes, -1 to skip
   * @return whether any item was known (otherwise {@code out} is all zero)
   */
  public boolean score(int[] localItems, int count, float[] out) {
    int n = items.size();
    java.util.Arrays.fill(out, 0, n, 0f);
    boolean any = false;
    for (int q = 0; q < count; q++) {
      int i = localItems[q];
      if (i < 0) {
        continue;
      }
      any = true;
      int o = i * n;
      for (int j = 0; j < n; j++) {
        out[j] += weights[o + j];
      }
    }
    return any;
  }

  /** The weight from item {@code a} to item {@code b} (for "because you viewed" evidence). */
  public float weight(int localA, int localB) {
    return weights[localA * items.size() + localB];
  }
}
