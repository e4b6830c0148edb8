package dev.persona.recommend.train;

/** Small dense linear algebra on row-major arrays, for the k-by-k systems of ALS. */
final class Dense {
  private Dense() {}

  /**
   * Solves {@code a x = b} in place for a symmetric positive definite {@code a} (k by k, row-major;
   * overwritten by its Cholesky factor); {@code b} becomes {@code x}.
   *
   * @throws ArithmeticException when {@code a} is not positive definite
   */
  static void solveSpd(double[] a, double[] b, int k) {
    factorSpd(a, k);
    solveCholesky(a, b, k);
  }

  /**
   * Overwrites the lower triangle of a symmetric positive definite {@code a} (k by k, row-major)
   * with its Cholesky factor {@code L}, for {@link #solveCholesky}.
   *
   * @throws ArithmeticException when {@code a} is not positive definite
   */
  static void factorSpd(double[] a, int k) {
    for (int j = 0; j < k; j++) {
      double d = a[j * k + j];
      for (int p = 0; p < j; p++) {
        d -= a[j * k + p] * a[j * k + p];
      }
      if (!(d > 0)) {
        throw new ArithmeticException("matrix is not positive definite at row " + j);
      }
      double l = Math.sqrt(d);
      a[j * k + j] = l;
      for (int i = j + 1; i < k; i++) {
        double s = a[i * k + j];
        for (int p = 0; p < j; p++) {
          s -= a[i * k + p] * a[j * k + p];
        }
        a[i * k + j] = s / l;
      }
    }
  }

  /**
   * The eigen-decomposition of a symmetric {@code a} (k by k, row-major, left unchanged): {@code a
   * = Q diag(values) Q^T} with orthonormal eigenvectors, column {@code f} of {@code vectors}
   * (row-major, k by k) for {@code values[f]}.
   */
  static void symmetricEigen(double[] a, int k, double[] vectors, double[] values) {
    org.ejml.data.DMatrixRMaj m = new org.ejml.data.DMatrixRMaj(k, k, true, a.clone());
    var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(k, true, true);
    if (!eig.decompose(m)) {
      throw new ArithmeticException("the eigen-decomposition of a " + k + "x" + k + " failed");
    }
    for (int f = 0; f < k; f++) {
      values[f] = eig.getEigenvalue(f).real;
      org.ejml.data.DMatrixRMaj v = eig.getEigenVector(f);
      for (int r = 0; r < k; r++) {
        vectors[r * k + f] = v.get(r, 0);
      }
    }
  }

  /**
   * Solves {@code L L^T x = b} in place for the Cholesky factor {@code L} from {@link #solveSpd}.
   */
  static void solveCholesky(double[] a, double[] b, int k) {
    for (int i = 0; i < k; i++) { // L y = b
      double s = b[i];
      for (int p = 0; p < i; p++) {
        s -= a[i * k + p] * b[p];
      }
      b[i] = s / a[i * k + i];
    }
    for (int i = k - 1; i >= 0; i--) { // L^T x = y
      double s = b[i];
      for (int p = i + 1; p < k; p++) {
        s -= a[p * k + i] * b[p];
      }
      b[i] = s / a[i * k + i];
    }
  }

  /**
   * Forms one row's implicit-ALS normal equations into {@code a} (k by k, symmetric) and {@code b}:
   * {@code a = G + lambda I + sum_q (c_q - 1) y_q y_q^T}, {@code b = sum_q c_q y_q}, with {@code
   * c_q = 1 + alpha * w[q]} and {@code y_q} the row {@code idx[q]} of {@code fixed}; entries of
   * {@code idx} below 0 are skipped.
   */
  static void normalEquations(
      double[] g,
      float[] fixed,
      int[] idx,
      float[] w,
      int from,
      int to,
      double lambda,
      double alpha,
      int k,
      double[] a,
      double[] b) {
    System.arraycopy(g, 0, a, 0, k * k);
    java.util.Arrays.fill(b, 0, k, 0);
    for (int c = 0; c < k; c++) {
      a[c * k + c] += lambda;
    }
    for (int q = from; q < to; q++) {
      if (idx[q] < 0) {
        continue;
      }
      double conf = 1 + alpha * w[q];
      int yo = idx[q] * k;
      for (int i = 0; i < k; i++) {
        double yi = fixed[yo + i];
        b[i] += conf * yi;
        double s = (conf - 1) * yi;
        int row = i * k;
        for (int j = 0; j <= i; j++) {
          a[row + j] += s * fixed[yo + j];
        }
      }
    }
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        a[i * k + j] = a[j * k + i];
      }
    }
  }

  /** {@code sum over rows r of f_r f_r^T} for rows {@code from..to} of {@code f} (k columns). */
  static void addGramian(float[] f, int from, int to, int k, double[] out) {
    for (int r = from; r < to; r++) {
      int o = r * k;
      for (int a = 0; a < k; a++) {
        double fa = f[o + a];
        if (fa == 0) {
          continue;
        }
        int row = a * k;
        for (int b = 0; b < k; b++) {
          out[row + b] += fa * f[o + b];
        }
      }
    }
  }

  static float dot(float[] a, int ao, float[] b, int bo, int k) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int f = 0;
    for (; f + 3 < k; f += 4) {
      s0 += a[ao + f] * b[bo + f];
      s1 += a[ao + f + 1] * b[bo + f + 1];
      s2 += a[ao + f + 2] * b[bo + f + 2];
      s3 += a[ao + f + 3] * b[bo + f + 3];
    }
    for (; f < k; f++) {
      s0 += a[ao + f] * b[bo + f];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * {@code out[outOff + i] = sum_f a[aOff + i * stride + f] * v[vOff + f]} over {@code f =
   * 0..len-1} for each row {@code i < count}. Each sum is added in order of {@code f}, as one loop
   * per row adds it (the results are the same to the bit), but four rows go through the loop
   * together: one row's sum is a chain of dependent additions, each waiting out the one before, and
   * four independent chains keep the adder busy four times as often.
   */
  static void rowDots(
      double[] a,
      int aOff,
      int stride,
      int count,
      double[] v,
      int vOff,
      int len,
      double[] out,
      int outOff) {
    int i = 0;
    for (; i + 3 < count; i += 4) {
      int o0 = aOff + i * stride;
      int o1 = o0 + stride;
      int o2 = o1 + stride;
      int o3 = o2 + stride;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int f = 0; f < len; f++) {
        double x = v[vOff + f];
        s0 += a[o0 + f] * x;
        s1 += a[o1 + f] * x;
        s2 += a[o2 + f] * x;
        s3 += a[o3 + f] * x;
      }
      out[outOff + i] = s0;
      out[outOff + i + 1] = s1;
      out[outOff + i + 2] = s2;
      out[outOff + i + 3] = s3;
    }
    for (; i < count; i++) {
      int o = aOff + i * stride;
      double s = 0;
      for (int f = 0; f < len; f++) {
        s += a[o + f] * v[vOff + f];
      }
      out[outOff + i] = s;
    }
  }
}
