package dev.persona.recommend.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;

/**
 * Trains implicit ALS (Hu, Koren and Volinsky 2008) on an {@link Interactions} matrix: alternately
 * solves every user's vector against the fixed item vectors and every item's against the fixed user
 * vectors. A row's normal equations are {@code (G + sum_i (c_i - 1) y_i y_i^T + lambda I) x = sum_i
 * c_i y_i} with {@code G = Y^T Y} shared by all rows, so a row costs {@code O(n k^2)} for its
 * {@code n} interactions rather than {@code O(|items| k^2)}. Each row is solved by a few steps of
 * conjugate gradient warm-started from its previous value (Takacs, Pilaszy and Tikk 2011), without
 * forming the matrix, or exactly by Cholesky when {@code cgSteps} is 0.
 *
 * <p>Rows are solved in parallel on {@code threads} workers. Results do not depend on the number of
 * threads: each row reads only the other side's factors and a Gramian summed in a fixed order.
 */
public final class Ials {
  private static final int CHUNK = 512;

  private final AlsParams params;
  private final int k;

  public Ials(AlsParams params) {
    this.params = params;
    this.k = params.factors();
  }

  /** What training measured: the loss after each iteration and the time it took. */
  public record Report(List<Double> loss, double seconds) {}

  /** Trained factors. */
  public record Factors(float[] users, float[] items, Report report) {}

  /**
   * Trains on {@code data}.
   *
   * @param progress called with the fraction done after each iteration (may be a no-op)
   */
  public Factors train(Interactions data, DoubleConsumer progress) {
    long t0 = System.nanoTime();
    int nu = data.userCount();
    int ni = data.itemCount();
    float[] x = init(nu, params.seed());
    float[] y = init(ni, params.seed() ^ 0x5DEECE66DL);
    List<Double> loss = new ArrayList<>();
    ForkJoinPool pool = new ForkJoinPool(params.workers());
    try {
      for (int it = 0; it < params.iterations(); it++) {
        sweep(pool, x, nu, y, ni, data, true);
        sweep(pool, y, ni, x, nu, data, false);
        loss.add(loss(pool, x, y, data));
        progress.accept((it + 1) / (double) params.iterations());
      }
    } finally {
      pool.shutdown();
    }
    return new Factors(x, y, new Report(List.copyOf(loss), (System.nanoTime() - t0) / 1e9));
  }

  private float[] init(int rows, long seed) {
    float[] f = new float[Math.multiplyExact(rows, k)];
    double scale = 0.1 / Math.sqrt(k);
    for (int r = 0; r < rows; r++) {
      SplittableRandom random = new SplittableRandom(seed * 31 + r);
      for (int a = 0; a < k; a++) {
        f[r * k + a] = (float) (random.nextGaussian() * scale);
      }
    }
    return f;
  }

  /** {@code sum over rows of f_r f_r^T}, summed over fixed chunks in order. */
  double[] gramian(ForkJoinPool pool, float[] f, int rows) {
    int chunks = (rows + CHUNK - 1) / CHUNK;
    double[][] parts = new double[chunks][];
    pool.submit(
            () ->
                IntStream.range(0, chunks)
                    .parallel()
                    .forEach(
                        c -> {
                          double[] g = new double[k * k];
                          Dense.addGramian(f, c * CHUNK, Math.min(rows, (c + 1) * CHUNK), k, g);
                          parts[c] = g;
                        }))
        .join();
    double[] g = new double[k * k];
    for (double[] p : parts) {
      for (int i = 0; i < g.length; i++) {
        g[i] += p[i];
      }
    }
    return g;
  }

  /** Solves every row of {@code solve} against the fixed {@code fixed} factors. */
  private void sweep(
      ForkJoinPool pool,
      float[] solve,
      int rows,
      float[] fixed,
      int fixedRows,
      Interactions data,
      boolean users) {
    double[] g = gramian(pool, fixed, fixedRows);
    int chunks = (rows + CHUNK - 1) / CHUNK;
    int[] idx = users ? data.rowItems() : data.colUsers();
    float[] w = users ? data.rowWeights() : data.colWeights();
    pool.submit(
            () ->
                IntStream.range(0, chunks)
                    .parallel()
                    .forEach(
                        c -> {
                          Row row = new Row(k);
                          for (int r = c * CHUNK; r < Math.min(rows, (c + 1) * CHUNK); r++) {
                            int from = users ? data.rowStart(r) : data.colStart(r);
                            int to = users ? data.rowEnd(r) : data.colEnd(r);
                            row.solve(g, fixed, idx, w, from, to, solve, r * k);
                          }
                        }))
        .join();
  }

  /** Scratch space for one row's solve; one per worker. */
  final class Row {
    final double[] a;
    final double[] b;
    final double[] r;
    final double[] p;
    final double[] ap;
    final float[] xf;

    Row(int k) {
      a = new double[k * k];
      b = new double[k];
      r = new double[k];
      p = new double[k];
      ap = new double[k];
      xf = new float[k];
    }

    /**
     * Solves one row in place: {@code out[o..o+k)} becomes the vector minimising the row's loss
     * against {@code fixed}, given its interactions {@code idx[from..to)} with weights {@code w}.
     */
    void solve(
        double[] g, float[] fixed, int[] idx, float[] w, int from, int to, float[] out, int o) {
      double lambda = params.lambda(to - from);
      double alpha = params.alpha();
      if (to == from) {
        for (int a = 0; a < k; a++) {
          out[o + a] = 0;
        }
        return;
      }
      if (params.cgSteps() == 0) {
        Dense.normalEquations(g, fixed, idx, w, from, to, lambda, alpha, k, a, b);
        Dense.solveSpd(a, b, k);
        for (int a = 0; a < k; a++) {
          out[o + a] = (float) b[a];
        }
        return;
      }
      // b = sum c_i y_i; r = b - A x
      java.util.Arrays.fill(b, 0);
      for (int q = from; q < to; q++) {
        double c = 1 + alpha * w[q];
        int yo = idx[q] * k;
        for (int a = 0; a < k; a++) {
          b[a] += c * fixed[yo + a];
        }
      }
      for (int a = 0; a < k; a++) {
        xf[a] = out[o + a];
        p[a] = xf[a];
      }
      multiply(g, fixed, idx, w, from, to, lambda, alpha, p, ap);
      double rs = 0;
      for (int a = 0; a < k; a++) {
        r[a] = b[a] - ap[a];
        p[a] = r[a];
        rs += r[a] * r[a];
      }
      double[] x = b; // reuse: b is no longer needed
      for (int a = 0; a < k; a++) {
        x[a] = xf[a];
      }
      for (int step = 0; step < params.cgSteps() && rs > 1e-20; step++) {
        multiply(g, fixed, idx, w, from, to, lambda, alpha, p, ap);
        double pap = 0;
        for (int a = 0; a < k; a++) {
          pap += p[a] * ap[a];
        }
        if (!(pap > 0)) {
          break;
        }
        double step0 = rs / pap;
        double rsNew = 0;
        for (int a = 0; a < k; a++) {
          x[a] += step0 * p[a];
          r[a] -= step0 * ap[a];
          rsNew += r[a] * r[a];
        }
        double beta = rsNew / rs;
        for (int a = 0; a < k; a++) {
          p[a] = r[a] + beta * p[a];
        }
        rs = rsNew;
      }
      for (int a = 0; a < k; a++) {
        out[o + a] = (float) x[a];
      }
    }

    /** {@code out = (G + sum (c_i - 1) y_i y_i^T + lambda I) v}. */
    private void multiply(
        double[] g,
        float[] fixed,
        int[] idx,
        float[] w,
        int from,
        int to,
        double lambda,
        double alpha,
        double[] v,
        double[] out) {
      for (int a = 0; a < k; a++) {
        double s = lambda * v[a];
        int row = a * k;
        for (int c = 0; c < k; c++) {
          s += g[row + c] * v[c];
        }
        out[a] = s;
      }
      for (int q = from; q < to; q++) {
        int yo = idx[q] * k;
        double d = 0;
        for (int a = 0; a < k; a++) {
          d += fixed[yo + a] * v[a];
        }
        d *= alpha * w[q];
        for (int a = 0; a < k; a++) {
          out[a] += d * fixed[yo + a];
        }
      }
    }
  }

  /**
   * The training loss: {@code sum_all (x.y)^2 + sum_observed [c (1 - x.y)^2 - (x.y)^2] + sum_rows
   * lambda_row |f|^2}, with the first term as {@code trace(X^T X Y^T Y)}.
   */
  double loss(ForkJoinPool pool, float[] x, float[] y, Interactions data) {
    double[] gx = gramian(pool, x, data.userCount());
    double[] gy = gramian(pool, y, data.itemCount());
    double all = 0;
    for (int i = 0; i < k * k; i++) {
      all += gx[i] * gy[i];
    }
    double observed = 0;
    double reg = 0;
    int[] items = data.rowItems();
    float[] w = data.rowWeights();
    for (int u = 0; u < data.userCount(); u++) {
      double norm = 0;
      for (int a = 0; a < k; a++) {
        norm += (double) x[u * k + a] * x[u * k + a];
      }
      reg += params.lambda(data.rowEnd(u) - data.rowStart(u)) * norm;
      for (int q = data.rowStart(u); q < data.rowEnd(u); q++) {
        double s = Dense.dot(x, u * k, y, items[q] * k, k);
        double c = 1 + params.alpha() * w[q];
        observed += c * (1 - s) * (1 - s) - s * s;
      }
    }
    for (int i = 0; i < data.itemCount(); i++) {
      double norm = 0;
      for (int a = 0; a < k; a++) {
        norm += (double) y[i * k + a] * y[i * k + a];
      }
      reg += params.lambda(data.itemDegree(i)) * norm;
    }
    return all + observed + reg;
  }
}
