package dev.persona.data.synth;

/**
 * SplitMix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number generators", OOPSLA 2014): a
 * tiny generator whose output depends only on its seed, on every JVM and platform, which is what
 * byte-identical shops need ({@link java.util.Random}'s Gaussian and {@link Math}'s intrinsics are
 * not pinned down as tightly). Every stream of the generator is keyed by what it is for, such as
 * (seed, users, user index), so that any part can be regenerated alone and in any order. Not
 * thread-safe; cheap to create.
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;
  private double spareGaussian = Double.NaN;

  private Rng(long state) {
    this.state = state;
  }

  /**
   * A generator for the stream named by {@code keys} (the seed first, then purpose and indexes).
   */
  static Rng of(long... keys) {
    long s = GOLDEN;
    for (long k : keys) {
      s = mix(s ^ mix(k + GOLDEN));
    }
    return new Rng(s);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound); {@code bound} > 0. */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Uniform in [from, to). */
  double uniform(double from, double to) {
    return from + (to - from) * nextDouble();
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  /** Standard normal (Marsaglia's polar method, with {@link StrictMath} for reproducibility). */
  double gaussian() {
    if (!Double.isNaN(spareGaussian)) {
      double g = spareGaussian;
      spareGaussian = Double.NaN;
      return g;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    spareGaussian = v * f;
    return u * f;
  }

  /** Log-normal with the given median and log-scale spread. */
  double logNormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * gaussian());
  }

  /** An index drawn in proportion to {@code weights} (not necessarily normalised). */
  int pick(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    for (int i = weights.length - 1; i >= 0; i--) {
      if (weights[i] > 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
