package dev.persona.profile;

import java.util.Arrays;

/**
 * Decayed weights over the keys of one interest dimension (category paths, brands, tags or price
 * bands), as two parallel arrays sorted by key: an immutable value.
 *
 * <p>The weights are <em>scaled</em>: each is stored as {@code w * 2^((base - t0) / halfLife)}
 * relative to the profile's reference time {@code base} (see {@link Profile#base()}), so that
 * adding {@code x} at time {@code t} is one multiply-add, {@code s += x * 2^((t - base) /
 * halfLife)}, and the weight at any time {@code now} is {@code s * 2^(-(now - base) / halfLife)}.
 * That is exactly {@code w <- w * 2^(-dt / halfLife) + x} applied event by event, without storing a
 * time per key, and it does not depend on the order of the events (up to rounding).
 */
public final class Weights {
  static final Weights EMPTY = new Weights(new String[0], new double[0]);

  private final String[] keys;
  private final double[] scaled;

  /**
   * The sum over keys without a {@code /} (top-level category paths), computed on first use: rules
   * and views ask for it for every profile they read. A benign race: every thread computes the same
   * value.
   */
  private double topLevelTotal = Double.NaN;

  Weights(String[] keys, double[] scaled) {
    assert keys.length == scaled.length;
    this.keys = keys;
    this.scaled = scaled;
  }

  public int size() {
    return keys.length;
  }

  public String key(int i) {
    return keys[i];
  }

  /** The scaled weight of entry {@code i}; multiply by {@link Profile#decayTo} for a weight. */
  public double scaled(int i) {
    return scaled[i];
  }

  /** The scaled weight of {@code key}, 0 when absent. */
  public double scaledOf(String key) {
    int i = Arrays.binarySearch(keys, key);
    return i >= 0 ? scaled[i] : 0;
  }

  /** The sum of the scaled weights of keys without a {@code /}. */
  public double scaledTopLevelTotal() {
    double t = topLevelTotal;
    if (Double.isNaN(t)) {
      t = 0;
      for (int i = 0; i < keys.length; i++) {
        if (keys[i].indexOf('/') < 0) {
          t += scaled[i];
        }
      }
      topLevelTotal = t;
    }
    return t;
  }

  /** The sum of the scaled weights. */
  public double scaledTotal() {
    double total = 0;
    for (double w : scaled) {
      total += w;
    }
    return total;
  }

  /**
   * These weights with {@code add} added to each of {@code newKeys} (which must be distinct: the
   * updater passes each item's keys once), keeping at most {@code maxKeys} entries: when new keys
   * do not fit, the entries with the smallest weights (the lowest key among equals) leave, new ones
   * included. One pass: the result is allocated once.
   */
  Weights plus(String[] newKeys, int count, double add, int maxKeys) {
    if (count == 0) {
      return this;
    }
    int missing = 0;
    int[] at = new int[count];
    for (int j = 0; j < count; j++) {
      at[j] = Arrays.binarySearch(keys, newKeys[j]);
      if (at[j] < 0) {
        missing++;
      }
    }
    if (missing == 0) {
      double[] s = scaled.clone();
      for (int j = 0; j < count; j++) {
        s[at[j]] += add;
      }
      return new Weights(keys, s);
    }
    // the new keys, sorted, merged with the existing ones
    String[] fresh = new String[missing];
    int m = 0;
    for (int j = 0; j < count; j++) {
      if (at[j] < 0) {
        fresh[m++] = newKeys[j];
      }
    }
    Arrays.sort(fresh);
    int n = keys.length + missing;
    String[] k = new String[n];
    double[] s = new double[n];
    int a = 0;
    int b = 0;
    for (int i = 0; i < n; i++) {
      if (b == missing || a < keys.length && keys[a].compareTo(fresh[b]) < 0) {
        k[i] = keys[a];
        s[i] = scaled[a++];
      } else {
        k[i] = fresh[b++];
        s[i] = 0;
      }
    }
    for (int j = 0; j < count; j++) {
      s[Arrays.binarySearch(k, newKeys[j])] += add;
    }
    Weights merged = new Weights(k, s);
    while (merged.size() > maxKeys) {
      merged = merged.without(smallest(merged.scaled));
    }
    return merged;
  }

  private Weights without(int drop) {
    int n = keys.length - 1;
    String[] k = new String[n];
    double[] s = new double[n];
    System.arraycopy(keys, 0, k, 0, drop);
    System.arraycopy(scaled, 0, s, 0, drop);
    System.arraycopy(keys, drop + 1, k, drop, n - drop);
    System.arraycopy(scaled, drop + 1, s, drop, n - drop);
    return new Weights(k, s);
  }

  /** Every weight multiplied by {@code factor} (moving the reference time). */
  Weights times(double factor) {
    if (keys.length == 0) {
      return this;
    }
    double[] s = new double[scaled.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = scaled[i] * factor;
    }
    return new Weights(keys, s);
  }

  private static int smallest(double[] s) {
    int min = 0;
    for (int i = 1; i < s.length; i++) {
      if (s[i] < s[min]) { // strict: among equals the first (lowest key) leaves
        min = i;
      }
    }
    return min;
  }

  String[] keysArray() {
    return keys;
  }

  double[] scaledArray() {
    return scaled;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Weights w && Arrays.equals(keys, w.keys) && Arrays.equals(scaled, w.scaled);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keys) + Arrays.hashCode(scaled);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < keys.length; i++) {
      b.append(i == 0 ? "" : ", ").append(keys[i]).append('=').append(scaled[i]);
    }
    return b.append('}').toString();
  }
}
