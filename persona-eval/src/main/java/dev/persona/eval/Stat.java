package dev.persona.eval;

/**
 * A mean over users with its 95% confidence interval from the normal approximation: mean ± 1.96 s /
 * sqrt(n), s the sample standard deviation (Welford's running sums). NaN values are skipped.
 */
public final class Stat {
  private long n;
  private double mean;
  private double m2;

  public void add(double x) {
    if (Double.isNaN(x)) {
      return;
    }
    n++;
    double d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }

  public long count() {
    return n;
  }

  public double mean() {
    return n == 0 ? Double.NaN : mean;
  }

  /** Half the width of the 95% interval (0 for one value, NaN for none). */
  public double halfWidth() {
    if (n == 0) {
      return Double.NaN;
    }
    return n < 2 ? 0 : 1.96 * Math.sqrt(m2 / (n - 1)) / Math.sqrt(n);
  }
}
