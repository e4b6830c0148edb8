package dev.persona.recommend.train;

/**
 * Hyper-parameters of implicit ALS. The loss is that of Hu, Koren and Volinsky (2008): {@code sum
 * over all (u, i) of c_ui (p_ui - x_u . y_i)^2 + regularisation}, with preference {@code p_ui = 1}
 * where the user interacted and 0 elsewhere, and confidence {@code c_ui = 1 + alpha * r_ui} for the
 * summed interaction weight {@code r_ui}. Each row's regularisation is {@code regularization *
 * n^exponent} for its number of interactions {@code n}: exponent 0 is the paper's plain lambda, 1
 * is the frequency scaling of ALS-WR that Spark MLlib applies.
 *
 * @param factors latent dimensions
 * @param iterations alternating sweeps (each solves every user, then every item)
 * @param regularization lambda
 * @param exponent how lambda grows with a row's interactions, in [0, 1]
 * @param alpha confidence per unit of interaction weight
 * @param cgSteps conjugate-gradient steps per row and sweep (warm-started from the last sweep;
 *     Takacs, Pilaszy and Tikk 2011); 0 solves each row exactly by Cholesky
 * @param seed initial factors
 * @param threads worker threads; 0 for one per core
 */
public record AlsParams(
    int factors,
    int iterations,
    double regularization,
    double exponent,
    double alpha,
    int cgSteps,
    long seed,
    int threads) {

  public AlsParams {
    check(factors >= 1 && factors <= 1024, "factors must be in 1..1024, got " + factors);
    check(
        iterations >= 1 && iterations <= 1000, "iterations must be in 1..1000, got " + iterations);
    check(
        regularization > 0 && Double.isFinite(regularization),
        "regularization must be > 0 (it keeps every row's system solvable), got " + regularization);
    check(exponent >= 0 && exponent <= 1, "exponent must be in [0, 1], got " + exponent);
    check(alpha > 0 && Double.isFinite(alpha), "alpha must be > 0, got " + alpha);
    check(cgSteps >= 0 && cgSteps <= 100, "cgSteps must be in 0..100, got " + cgSteps);
    check(threads >= 0, "threads must be >= 0, got " + threads);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("training.als." + message);
    }
  }

  /** 64 factors, 15 iterations, lambda 0.1 scaled by frequency, alpha 1, 3 CG steps. */
  public static AlsParams defaults() {
    return new AlsParams(64, 15, 0.1, 1.0, 1.0, 3, 42, 0);
  }

  public int workers() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** The regularisation of a row with {@code n} interactions. */
  double lambda(int n) {
    return exponent == 0 ? regularization : regularization * Math.pow(Math.max(n, 1), exponent);
  }
}
