package dev.persona.profile;

import java.util.Arrays;

/**
 * Prices a user paid or looked at, by category path: per category the number of items and the sum
 * of their log prices, so that the user's price level can be compared with each category's median
 * at read time, against the catalogue as it is then. Sorted by category; immutable; bounded (when
 * full, the category with the fewest items leaves).
 */
public final class PriceTally {
  static final PriceTally EMPTY = new PriceTally(new String[0], new int[0], new double[0]);
  static final int MAX_CATEGORIES = 32;

  private final String[] categories;
  private final int[] counts;
  private final double[] logSums;

  PriceTally(String[] categories, int[] counts, double[] logSums) {
    this.categories = categories;
    this.counts = counts;
    this.logSums = logSums;
  }

  public int size() {
    return categories.length;
  }

  public String category(int i) {
    return categories[i];
  }

  public int count(int i) {
    return counts[i];
  }

  /** The sum of {@code ln(price)} of the items counted in category {@code i}. */
  public double logSum(int i) {
    return logSums[i];
  }

  public long total() {
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    return n;
  }

  PriceTally plus(String category, double price) {
    double log = Math.log(Math.max(price, 0.01));
    int i = Arrays.binarySearch(categories, category);
    if (i >= 0) {
      int[] c = counts.clone();
      double[] l = logSums.clone();
      c[i]++;
      l[i] += log;
      return new PriceTally(categories, c, l);
    }
    int at = -i - 1;
    int n = categories.length;
    String[] k = new String[n + 1];
    int[] c = new int[n + 1];
    double[] l = new double[n + 1];
    System.arraycopy(categories, 0, k, 0, at);
    System.arraycopy(counts, 0, c, 0, at);
    System.arraycopy(logSums, 0, l, 0, at);
    k[at] = category;
    c[at] = 1;
    l[at] = log;
    System.arraycopy(categories, at, k, at + 1, n - at);
    System.arraycopy(counts, at, c, at + 1, n - at);
    System.arraycopy(logSums, at, l, at + 1, n - at);
    PriceTally grown = new PriceTally(k, c, l);
    return grown.size() > MAX_CATEGORIES ? grown.without(grown.fewest(at)) : grown;
  }

  /** The entry with the fewest items, other than {@code keep} (the one just added). */
  private int fewest(int keep) {
    int min = keep == 0 ? 1 : 0;
    for (int i = 0; i < counts.length; i++) {
      if (i != keep && counts[i] < counts[min]) {
        min = i;
      }
    }
    return min;
  }

  private PriceTally without(int drop) {
    int n = categories.length - 1;
    String[] k = new String[n];
    int[] c = new int[n];
    double[] l = new double[n];
    System.arraycopy(categories, 0, k, 0, drop);
    System.arraycopy(counts, 0, c, 0, drop);
    System.arraycopy(logSums, 0, l, 0, drop);
    System.arraycopy(categories, drop + 1, k, drop, n - drop);
    System.arraycopy(counts, drop + 1, c, drop, n - drop);
    System.arraycopy(logSums, drop + 1, l, drop, n - drop);
    return new PriceTally(k, c, l);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PriceTally t
        && Arrays.equals(categories, t.categories)
        && Arrays.equals(counts, t.counts)
        && Arrays.equals(logSums, t.logSums);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(categories) * 31 + Arrays.hashCode(counts);
  }
}
