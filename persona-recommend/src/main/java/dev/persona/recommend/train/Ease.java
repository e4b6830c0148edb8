package dev.persona.recommend.train;

import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_MT_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): the item-item weight
 * matrix {@code B} minimising {@code |X - X B|^2 + lambda |B|^2} subject to {@code diag(B) = 0}, in
 * closed form: {@code P = (X^T X + lambda I)^-1}, {@code B_ij = -P_ij / P_jj} off the diagonal.
 * {@code X} is the binary user-item matrix. A user's scores are the sum of the rows of {@code B}
 * for the items they interacted with.
 *
 * <p>Cost grows with the square (memory) and the cube (time) of the number of items: the Gram
 * matrix, the solver's copy of it and its inverse are {@code n^2} doubles each while training
 * ({@code 24 n^2} bytes at the peak, 9.6 GB at 20,000 items) and the served {@code B} is {@code
 * n^2} floats. So training refuses catalogues above {@code maxItems} with a clear message rather
 * than exhausting memory.
 */
public final class Ease {
  private final double lambda;
  private final int maxItems;

  public Ease(double lambda, int maxItems) {
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("training.ease.lambda must be > 0, got " + lambda);
    }
    if (maxItems < 1 || maxItems > MAX_ITEMS) {
      throw new IllegalArgumentException(
          "training.ease.maxItems must be in 1.." + MAX_ITEMS + ", got " + maxItems);
    }
    this.lambda = lambda;
    this.maxItems = maxItems;
  }

  /** Most items EASE accepts at all: {@code n * n} must fit in a Java array. */
  public static final int MAX_ITEMS = 46_340;

  /**
   * Bytes training needs at its peak for {@code n} items: the Gram matrix, the solver's own blocked
   * copy and its blocked inverse (doubles, {@code 24 n^2}), then the Gram matrix (holding the
   * inverse) and the float weights ({@code 12 n^2}).
   */
  public static long trainingBytes(int n) {
    return 24L * n * n;
  }

  /**
   * Trains on {@code data}, whose item space must hold only items with interactions (see {@link
   * Trainer#compact}).
   *
   * @return {@code B}, row-major, {@code n * n} floats
   * @throws IllegalArgumentException when the catalogue is larger than {@code maxItems}
   */
  public float[] train(Interactions data) {
    int n = data.itemCount();
    if (n > maxItems) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "EASE: %,d items exceed training.ease.maxItems %,d (training would need"
                  + " %.1f GB and time growing with the cube of the catalogue); raise the limit or"
                  + " leave EASE out",
              n,
              maxItems,
              trainingBytes(n) / 1e9));
    }
    DMatrixRMaj g = new DMatrixRMaj(n, n);
    double[] gd = g.data;
    int[] items = data.rowItems();
    for (int u = 0; u < data.userCount(); u++) {
      int from = data.rowStart(u);
      int to = data.rowEnd(u);
      for (int p = from; p < to; p++) {
        int row = items[p] * n;
        for (int q = from; q < to; q++) {
          gd[row + items[q]] += 1;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      gd[i * n + i] += lambda;
    }
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_MT_DDRM.symmPosDef(n);
    if (!solver.setA(g)) {
      throw new ArithmeticException("EASE: the regularised Gram matrix is not positive definite");
    }
    // the solver keeps its own copy of the matrix, so the Gram matrix can receive the inverse
    solver.invert(g);
    solver = null; // let the solver's blocks go before B is allocated
    double[] p = g.data;
    float[] b = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        b[i * n + j] = i == j ? 0f : (float) (-p[i * n + j] / p[j * n + j]);
      }
    }
    return b;
  }
}
