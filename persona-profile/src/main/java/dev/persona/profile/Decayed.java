package dev.persona.profile;

/**
 * A weight that decays exponentially with time: its value at time {@code t >= at} is {@code value *
 * 2^(-(t - at) / halfLife)}. Adding an event weight is the continuous-time form of {@code P_t = a
 * P_(t-1) + (1 - a) B_t}.
 *
 * <p>Events may arrive out of time order: an event older than {@code at} is decayed to {@code at}
 * before it is added, so that the result does not depend on the order (up to rounding).
 *
 * @param value the weight at time {@code at}
 * @param at epoch milliseconds
 */
public record Decayed(double value, long at) {
  static final Decayed ZERO = new Decayed(0, Long.MIN_VALUE);

  /** The weight after adding {@code weight} at time {@code time}. */
  Decayed plus(double weight, long time, double halfLifeMillis) {
    if (at == Long.MIN_VALUE) {
      return new Decayed(weight, time);
    }
    if (time >= at) {
      return new Decayed(value * decay(time - at, halfLifeMillis) + weight, time);
    }
    return new Decayed(value + weight * decay(at - time, halfLifeMillis), at);
  }

  /** The weight at time {@code time} (not before {@code at}: no growth backwards in time). */
  public double valueAt(long time, double halfLifeMillis) {
    return time <= at ? value : value * decay(time - at, halfLifeMillis);
  }

  static double decay(long millis, double halfLifeMillis) {
    return Math.pow(2, -millis / halfLifeMillis);
  }
}
