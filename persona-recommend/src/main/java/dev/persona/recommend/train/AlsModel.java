package dev.persona.recommend.train;

/**
 * Trained item factors of implicit ALS, and what serving does with them: <b>fold-in</b> (a user's
 * vector solved from their interactions against the fixed item factors, exactly the user half of an
 * ALS sweep, so that a new user or a new click moves the list without retraining) and scoring every
 * item. Immutable and thread-safe.
 *
 * <p>The item factors are kept three times: row-major for fold-in and exact scores (one item's
 * vector is contiguous), factor-major for scoring every item, where {@code scores[i] += x[f] *
 * Y[f][i]} runs over contiguous memory for each factor and the JIT vectorises it, and in 8 bits in
 * blocks of falling vector length ({@link NormOrderedCodes}), because scoring a large catalogue is
 * bound by memory bandwidth: serving finds its candidates in the 8-bit copy, stopping as soon as no
 * further item can enter, and re-scores them exactly.
 */
public final class AlsModel {
  private final ItemSpace items;
  private final AlsParams params;
  private final int k;
  private final float[] rows;
  private final float[] columns;
  private final double[] gramian;
  private final NormOrderedCodes codes;

  /**
   * @param items the model's items
   * @param rowMajor item factors, {@code items.size() * factors} floats, item by item
   */
  public AlsModel(ItemSpace items, AlsParams params, float[] rowMajor) {
    int n = items.size();
    this.items = items;
    this.params = params;
    this.k = params.factors();
    if (rowMajor.length != Math.multiplyExact(n, k)) {
      throw new IllegalArgumentException(
          "expected " + n * k + " item factors for " + n + " items, got " + rowMajor.length);
    }
    this.rows = rowMajor;
    this.columns = new float[n * k];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < k; f++) {
        columns[f * n + i] = rowMajor[i * k + f];
      }
    }
    this.gramian = new double[k * k];
    Dense.addGramian(rowMajor, 0, n, k, gramian);
    this.codes = new NormOrderedCodes(rowMajor, n, k);
  }

  /** The 8-bit copy that serving searches for candidates. */
  public NormOrderedCodes codes() {
    return codes;
  }

  public ItemSpace items() {
    return items;
  }

  public AlsParams params() {
    return params;
  }

  /** Item factors, item by item (for persistence). */
  public float[] itemFactors() {
    return rows;
  }

  /**
   * A user's vector from their interactions, solved exactly: {@code (Y^T Y + sum (c_i - 1) y_i
   * y_i^T + lambda I) x = sum c_i y_i}. Items the model does not know are skipped.
   *
   * @param localItems model item indexes ({@link ItemSpace#localOf}), -1 to skip
   * @param weights summed interaction weight of each
   * @return the vector, or {@code null} when no item is known to the model
   */
  public float[] foldIn(int[] localItems, float[] weights, int count) {
    Folded f = fold(localItems, weights, count);
    return f == null ? null : f.x();
  }

  /**
   * Fold-in that can also explain: with {@code A} the user's system matrix, the score {@code x .
   * y_j = sum_i c_i y_i^T A^-1 y_j} is a sum of one exact share per interaction, and {@link
   * Folded#share} gives it.
   *
   * @return {@code null} when no item is known to the model
   */
  public Folded fold(int[] localItems, float[] weights, int count) {
    int known = 0;
    for (int q = 0; q < count; q++) {
      if (localItems[q] >= 0) {
        known++;
      }
    }
    if (known == 0) {
      return null;
    }
    double[] a = new double[k * k];
    double[] b = new double[k];
    Dense.normalEquations(
        gramian,
        rows,
        localItems,
        weights,
        0,
        count,
        params.lambda(known),
        params.alpha(),
        k,
        a,
        b);
    Dense.solveSpd(a, b, k); // a now holds its Cholesky factor
    float[] x = new float[k];
    for (int r = 0; r < k; r++) {
      x[r] = (float) b[r];
    }
    return new Folded(x, a);
  }

  /** A folded-in user: the vector and the Cholesky factor of the user's system matrix. */
  public final class Folded {
    private final float[] x;
    private final double[] cholesky;

    Folded(float[] x, double[] cholesky) {
      this.x = x;
      this.cholesky = cholesky;
    }

    public float[] x() {
      return x;
    }

    /** {@code A^-1 y_j}, from which {@link #share} reads each interaction's share of j's score. */
    public double[] direction(int localJ) {
      double[] z = new double[k];
      for (int r = 0; r < k; r++) {
        z[r] = rows[localJ * k + r];
      }
      Dense.solveCholesky(cholesky, z, k);
      return z;
    }

    /**
     * The share of item j's score that interaction {@code i} (with summed weight {@code weight})
     * contributes: {@code c_i y_i^T A^-1 y_j}, for {@code z = direction(j)}. Summed over the user's
     * interactions the shares give the score.
     */
    public double share(double[] z, int localI, float weight) {
      double s = 0;
      int o = localI * k;
      for (int r = 0; r < k; r++) {
        s += z[r] * rows[o + r];
      }
      return (1 + params.alpha() * weight) * s;
    }
  }

  /** {@code out[i] = x . y_i} for every model item {@code i} ({@code out} has {@code size()}). */
  public void score(float[] x, float[] out) {
    int n = items.size();
    java.util.Arrays.fill(out, 0, n, 0f);
    for (int f = 0; f < k; f++) {
      float xf = x[f];
      int o = f * n;
      for (int i = 0; i < n; i++) {
        out[i] += xf * columns[o + i];
      }
    }
  }

  /** A copy of one item's factors. */
  public float[] itemVector(int local) {
    return java.util.Arrays.copyOfRange(rows, local * k, (local + 1) * k);
  }

  /**
   * Approximate scores of every item from the 8-bit factors ({@code |error| <= sum_f |x_f| step_f /
   * 2}), four times less memory to read than {@link #score}. Serving does not call it: {@link
   * NormOrderedCodes#top} finds the best of these scores without computing all of them.
   */
  public void scoreApproximately(float[] x, float[] out) {
    codes.scoreAll(x, out);
  }

  /**
   * The {@code want} items with the largest positive 8-bit scores, leaving out {@code skip} (sorted
   * ascending), packed as {@link dev.persona.core.topk.TopK#packedDescending()} packs them, best
   * first: what {@link #scoreApproximately} and a top-K over every item would give.
   */
  public long[] candidates(float[] x, int[] skip, int want) {
    return codes.top(x, skip, want);
  }

  /** The exact score {@code x . y_i} of one item. */
  public float exact(float[] x, int local) {
    return Dense.dot(x, 0, rows, local * k, k);
  }

  /** The dot product of two items' factors (for item-to-item similarity in latent space). */
  public float similarity(int localA, int localB) {
    return Dense.dot(rows, localA * k, rows, localB * k, k);
  }
}
