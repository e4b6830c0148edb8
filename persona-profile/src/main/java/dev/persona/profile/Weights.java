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

  /** The sum of the scaled weights. */
  public double scaledTotal() {
    double total = 0;
    for (double w : scaled) {
      total += w;
    }
    return total;
  }

  /**
   * These weights with {@code add} added to each of {@code newKeys} (which may repeat), keeping at
   * most {@code maxKeys} entries: when a new key does not fit, the entry with the smallest weight
   * (the lowest key among equals) leaves, the new one included.
   */
  Weights plus(String[] newKeys, int count, double add, int maxKeys) {
    String[] k = keys;
    double[] s = scaled;
    boolean copied = false;
    for (int j = 0; j < count; j++) {
      String key = newKeys[j];
      int i = Arrays.binarySearch(k, key);
      if (!copied) {
        k = k.clone();
        s = s.clone();
        copied = true;
      }
      if (i >= 0) {
        s[i] += add;
        continue;
      }
      int at = -i - 1;
      String[] k2 = new String[k.length + 1];
      double[] s2 = new double[k.length + 1];
      System.arraycopy(k, 0, k2, 0, at);
      System.arraycopy(s, 0, s2, 0, at);
      k2[at] = key;
      s2[at] = add;
      System.arraycopy(k, at, k2, at + 1, k.length - at);
      System.arraycopy(s, at, s2, at + 1, k.length - at);
      k = k2;
      s = s2;
      if (k.length > maxKeys) {
        int drop = smallest(s);
        String[] k3 = new String[k.length - 1];
        double[] s3 = new double[k.length - 1];
        System.arraycopy(k, 0, k3, 0, drop);
        System.arraycopy(s, 0, s3, 0, drop);
        System.arraycopy(k, drop + 1, k3, drop, k.length - drop - 1);
        System.arraycopy(s, drop + 1, s3, drop, k.length - drop - 1);
        k = k3;
        s = s3;
      }
    }
    return copied ? new Weights(k, s) : this;
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
