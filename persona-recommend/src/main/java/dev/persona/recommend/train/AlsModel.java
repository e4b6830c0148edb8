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
 * further item can enter, and re-scores them exactly. A fourth copy holds the factors in the
 * eigenbasis of {@code Y^T Y}, where a short history folds in through a system of its own size
 * ({@link #fold}).
 */
public final class AlsModel {
  private final ItemSpace items;
  private final AlsParams params;
  private final int k;
  private final float[] rows;
  private final float[] columns;
  private final double[] gramian;
  private final NormOrderedCodes codes;
  // Y^T Y = Q diag(spectrum) Q^T: the eigenvectors (column f of the row-major basis is vector f),
  // the eigenvalues, and every item's factors in that basis (Q^T y_i, item by item), for the
  // Woodbury fold-in of short histories
  private final double[] basis;
  private final double[] spectrum;
  private final float[] rotated;

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
    this.basis = new double[k * k];
    this.spectrum = new double[k];
    Dense.symmetricEigen(gramian, k, basis, spectrum);
    this.rotated = new float[n * k];
    for (int i = 0; i < n; i++) {
      int o = i * k;
      for (int f = 0; f < k; f++) {
        double s = 0;
        for (int r = 0; r < k; r++) {
          s += basis[r * k + f] * rowMajor[o + r];
        }
        rotated[o + f] = (float) s;
      }
    }
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
   * <p>Two exact ways to the same solution, whichever costs less. A history of {@code h} known
   * items with {@code h < } {@link #woodburyLimit()} is solved in the eigenbasis of {@code Y^T Y},
   * where {@code Y^T Y + lambda I} is diagonal: {@code A} is that diagonal plus {@code h} rank-one
   * terms, and the Woodbury identity solves it through one {@code h}-by-{@code h} system, about
   * {@code h^2 k / 2 + h^3 / 6} operations. A longer history forms the {@code k}-by-{@code k}
   * system and solves it by Cholesky, about {@code h k^2 / 2 + k^3 / 6}.
   *
   * @return {@code null} when no item is known to the model
   */
  public Folded fold(int[] localItems, float[] weights, int count) {
    int known = known(localItems, count);
    if (known == 0) {
      return null;
    }
    return known < woodburyLimit()
        ? foldWoodbury(localItems, weights, count, known)
        : foldCholesky(localItems, weights, count, known);
  }

  /**
   * Histories with fewer known items than this are folded in by the Woodbury identity: the number
   * of factors {@code k}, where the two ways' operation counts meet ({@code h^2 k / 2 + h^3 / 6}
   * for the {@code h}-by-{@code h} system against {@code h k^2 / 2 + k^3 / 6}).
   */
  public int woodburyLimit() {
    return k;
  }

  private static int known(int[] localItems, int count) {
    int known = 0;
    for (int q = 0; q < count; q++) {
      if (localItems[q] >= 0) {
        known++;
      }
    }
    return known;
  }

  /** Fold-in by the {@code k}-by-{@code k} normal equations and their Cholesky factor. */
  Folded foldCholesky(int[] localItems, float[] weights, int count, int known) {
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
    int[] at = new int[known];
    double[] confs = new double[known];
    for (int q = 0, p = 0; q < count; q++) {
      if (localItems[q] >= 0) {
        at[p] = localItems[q];
        confs[p++] = 1 + params.alpha() * weights[q];
      }
    }
    return new Folded(x, a, null, null, null, 0, at, confs, null);
  }

  /**
   * Fold-in in the eigenbasis {@code Q} of {@code Y^T Y}: there {@code A = D + T T^T}, with {@code
   * D = diag(spectrum + lambda)} and one column {@code t_q = sqrt(c_q - 1) Q^T y_q} per known
   * interaction. By the Woodbury identity {@code A^-1 v = D^-1 v - U M^-1 U^T v} with {@code U =
   * D^-1 T} and {@code M = I + T^T U}, symmetric positive definite, so Cholesky solves it; the
   * vector is {@code Q A^-1 sum_q c_q Q^T y_q}.
   */
  Folded foldWoodbury(int[] localItems, float[] weights, int count, int known) {
    double lambda = params.lambda(known);
    double alpha = params.alpha();
    double[] inverse = new double[k];
    for (int f = 0; f < k; f++) {
      inverse[f] = 1 / (Math.max(0, spectrum[f]) + lambda);
    }
    int h = known;
    double[] t = new double[h * k];
    double[] u = new double[h * k];
    double[] b = new double[k];
    int[] at = new int[h];
    double[] confs = new double[h];
    double[] roots = new double[h];
    int p = 0;
    for (int q = 0; q < count; q++) {
      if (localItems[q] >= 0) {
        double d = alpha * weights[q];
        at[p] = localItems[q];
        confs[p] = 1 + d;
        roots[p++] = Math.sqrt(Math.max(0, d));
      }
    }
    // T and U factor by factor across the interactions, so that the first loads ask for every
    // item's row at once (rows of scattered items, mostly outside the cache), where item by item
    // each row's misses would be waited out before the next row's are asked for; then b item by
    // item from the rows now in cache, each factor's sum in the interactions' order
    for (int f = 0; f < k; f++) {
      for (int q = 0; q < h; q++) {
        double r = rotated[at[q] * k + f];
        t[q * k + f] = roots[q] * r;
        u[q * k + f] = roots[q] * r * inverse[f];
      }
    }
    for (int q = 0; q < h; q++) {
      double conf = confs[q];
      int o = at[q] * k;
      for (int f = 0; f < k; f++) {
        b[f] += conf * rotated[o + f];
      }
    }
    double[] m = new double[h * h];
    for (int i = 0; i < h; i++) {
      Dense.rowDots(u, 0, k, i + 1, t, i * k, k, m, i * h); // row i up to the diagonal
      for (int j = 0; j < i; j++) {
        m[j * h + i] = m[i * h + j];
      }
      m[i * h + i] += 1;
    }
    Dense.factorSpd(m, h);
    double[] solved = woodburySolve(inverse, u, m, h, b);
    double[] back = new double[k];
    Dense.rowDots(basis, 0, k, k, solved, 0, k, back, 0);
    float[] x = new float[k];
    for (int r = 0; r < k; r++) {
      x[r] = (float) back[r];
    }
    return new Folded(x, null, inverse, u, m, h, at, confs, roots);
  }

  /** {@code A^-1 v = D^-1 v - U M^-1 U^T v} in the eigenbasis, {@code M} as its Cholesky factor. */
  private double[] woodburySolve(double[] inverse, double[] u, double[] m, int h, double[] v) {
    double[] w = new double[h];
    Dense.rowDots(u, 0, k, h, v, 0, k, w, 0);
    Dense.solveCholesky(m, w, h);
    double[] out = new double[k];
    for (int f = 0; f < k; f++) {
      out[f] = inverse[f] * v[f];
    }
    for (int q = 0; q < h; q++) {
      double wq = w[q];
      int o = q * k;
      for (int f = 0; f < k; f++) {
        out[f] -= u[o + f] * wq;
      }
    }
    return out;
  }

  /**
   * A folded-in user: the vector, and what solves the user's system again for the reasons: the
   * Cholesky factor of {@code A}, or the Woodbury form in the eigenbasis of {@code Y^T Y}.
   */
  public final class Folded {
    private final float[] x;
    private final double[] cholesky;
    private final double[] inverse;
    private final double[] u;
    private final double[] m;
    private final int h;
    // the item factors in the basis of the solve: as trained, or in the eigenbasis
    private final float[] factors;
    // the known interactions in the order given (model items), their confidences c, and for
    // Woodbury the square root of each one's c - 1, the scale of its column of T
    private final int[] known;
    private final double[] confs;
    private final double[] roots;

    Folded(
        float[] x,
        double[] cholesky,
        double[] inverse,
        double[] u,
        double[] m,
        int h,
        int[] known,
        double[] confs,
        double[] roots) {
      this.x = x;
      this.cholesky = cholesky;
      this.factors = cholesky != null ? rows : rotated;
      this.inverse = inverse;
      this.u = u;
      this.m = m;
      this.h = h;
      this.known = known;
      this.confs = confs;
      this.roots = roots;
    }

    public float[] x() {
      return x;
    }

    /**
     * {@code A^-1 y_j}, from which {@link #share} reads each interaction's share of j's score (in
     * the eigenbasis of {@code Y^T Y} when the fold-in was by Woodbury: only {@link #share} reads
     * it).
     */
    public double[] direction(int localJ) {
      double[] z = new double[k];
      for (int r = 0; r < k; r++) {
        z[r] = factors[localJ * k + r];
      }
      if (cholesky != null) {
        Dense.solveCholesky(cholesky, z, k);
        return z;
      }
      return woodburySolve(inverse, u, m, h, z);
    }

    /**
     * The known interactions' shares of item j's score ({@link #share}), in the order the
     * interactions were folded in, unknown items left out, from the {@code from}-th known one on
     * ({@code out[p - from]} for the p-th; an explanation looks at the latest only). The Woodbury
     * form needs no solve with {@code A}: with {@code g = M^-1 U^T y_j} (in the eigenbasis),
     * interaction {@code p}'s {@code y_p^T A^-1 y_j} is {@code g_p / s_p}, {@code s_p = sqrt(c_p -
     * 1)} the scale of its column of {@code T} (since {@code U^T y_p = (M - I) e_p / s_p} and
     * {@code M g = U^T y_j}), so one item costs {@code h k + h^2} operations, not {@code 3 h k +
     * h^2}; each interaction with {@code c_p = 1} (or about 1) is worked out in full, {@code (h +
     * 1) k} more.
     */
    public double[] shares(int localJ, int from) {
      int n = known.length;
      if (from < 0 || from > n) {
        throw new IllegalArgumentException("from " + from + " outside 0.." + n);
      }
      double[] out = new double[n - from];
      if (cholesky != null) {
        double[] z = direction(localJ);
        for (int p = from; p < n; p++) {
          out[p - from] = confs[p] * dot(z, known[p]);
        }
        return out;
      }
      int o = localJ * k;
      double[] yj = new double[k]; // exactly y_j's floats, for the sums in double
      for (int f = 0; f < k; f++) {
        yj[f] = rotated[o + f];
      }
      double[] y = new double[h];
      Dense.rowDots(u, 0, k, h, yj, 0, k, y, 0); // U^T y_j
      Dense.solveCholesky(m, y, h);
      for (int p = from; p < h; p++) {
        // a column of T that is 0 (c = 1), or so small that the ratio would lose digits
        out[p - from] = confs[p] * (roots[p] > 1e-6 ? y[p] / roots[p] : unscaled(p, o, y));
      }
      return out;
    }

    /**
     * {@code y_p^T A^-1 y_j} for an interaction whose column of {@code T} is 0 or nearly so: {@code
     * y_p^T D^-1 y_j - (U^T y_p) . g}, with {@code g = M^-1 U^T y_j} (here {@code y}) and {@code o}
     * the offset of {@code y_j}.
     */
    private double unscaled(int p, int o, double[] y) {
      int po = known[p] * k;
      double s = 0;
      for (int f = 0; f < k; f++) {
        s += rotated[po + f] * inverse[f] * rotated[o + f];
      }
      for (int q = 0; q < h; q++) {
        double d = 0;
        int qo = q * k;
        for (int f = 0; f < k; f++) {
          d += u[qo + f] * rotated[po + f];
        }
        s -= d * y[q];
      }
      return s;
    }

    /**
     * The share of item j's score that interaction {@code i} (with summed weight {@code weight})
     * contributes: {@code c_i y_i^T A^-1 y_j}, for {@code z = direction(j)}. Summed over the user's
     * interactions the shares give the score.
     */
    public double share(double[] z, int localI, float weight) {
      return (1 + params.alpha() * weight) * dot(z, localI);
    }

    /** {@code z . y_i} in the basis of the solve. */
    private double dot(double[] z, int localI) {
      double s = 0;
      int o = localI * k;
      for (int r = 0; r < k; r++) {
        s += z[r] * factors[o + r];
      }
      return s;
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
