package dev.persona.profile;

import java.util.Map;

/**
 * One profile read at one moment against its {@link ProfileContext}: interests decayed to {@code
 * now}, counters over windows ending at {@code now}, the lifecycle stage, RFM, price level, risk
 * and cluster. Parts are computed when first asked for and then kept, so that a segment rule that
 * asks for three interests of one dimension sums that dimension once. Not thread-safe: one reading
 * serves one request or one rule evaluation.
 */
public final class Reading {
  static final long DAY = 86_400_000L;

  private final Profile profile;
  private final ProfileContext context;
  private final long now;
  private final double halfLife;
  private double decay = Double.NaN;
  private final double[] totals = new double[Profile.DIMENSIONS.length];
  private final double[] negativeTotals = new double[Profile.DIMENSIONS.length];
  private Risk risk;
  private int[] rfm;
  private boolean rfmDone;
  private Consumption consumption;
  private int cluster = Integer.MIN_VALUE;

  public Reading(Profile profile, ProfileContext context, long now) {
    this.profile = profile;
    this.context = context;
    this.now = now;
    this.halfLife = context.config().halfLife().toMillis();
    java.util.Arrays.fill(totals, -1);
    java.util.Arrays.fill(negativeTotals, -1);
  }

  public Profile profile() {
    return profile;
  }

  public ProfileContext context() {
    return context;
  }

  public long now() {
    return now;
  }

  /** The index of a dimension name in {@link Profile#DIMENSIONS}, or -1. */
  public static int dimension(String name) {
    for (int i = 0; i < Profile.DIMENSIONS.length; i++) {
      if (Profile.DIMENSIONS[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The factor from scaled weights to weights at {@code now}. */
  public double decay() {
    if (Double.isNaN(decay)) {
      decay = profile.base() == Long.MIN_VALUE ? 0 : profile.decayTo(now, halfLife);
    }
    return decay;
  }

  /** The weight of {@code key} in dimension {@code d} at {@code now}. */
  public double weight(int d, String key) {
    return profile.interests(d).scaledOf(key) * decay();
  }

  /** The share of {@code key} in dimension {@code d}, in [0, 1] (see {@link #total}). */
  public double share(int d, String key) {
    double total = scaledTotal(d, false);
    return total > 0 ? profile.interests(d).scaledOf(key) / total : 0;
  }

  /** The share of {@code key} among the negative signals of dimension {@code d}. */
  public double negativeShare(int d, String key) {
    double total = scaledTotal(d, true);
    return total > 0 ? profile.negative(d).scaledOf(key) / total : 0;
  }

  /** The key with the largest weight in dimension {@code d}, or {@code null} (ties: lowest key). */
  public String top(int d, boolean topLevelOnly) {
    Weights w = profile.interests(d);
    String best = null;
    double bestWeight = 0;
    for (int i = 0; i < w.size(); i++) {
      if (topLevelOnly && w.key(i).indexOf('/') >= 0) {
        continue;
      }
      if (w.scaled(i) > bestWeight) {
        best = w.key(i);
        bestWeight = w.scaled(i);
      }
    }
    return best;
  }

  double scaledTotal(int d, boolean negative) {
    double[] cache = negative ? negativeTotals : totals;
    if (cache[d] < 0) {
      cache[d] = total(negative ? profile.negative(d) : profile.interests(d), d);
    }
    return cache[d];
  }

  /**
   * The total a dimension's shares are taken of: for categories the top-level paths only (every
   * event adds to one path per level, so that {@code sports/running} has the share of the user's
   * category interest that went to running, at most the share of {@code sports}); for the other
   * dimensions every key.
   */
  static double total(Weights w, int d) {
    return d == 0 ? w.scaledTopLevelTotal() : w.scaledTotal();
  }

  /**
   * Events of {@code type} in the window ending now: {@code days} of 1, 7 or 30 (any 1 to 31), or 0
   * for all time.
   */
  public long count(String type, int days) {
    if (days <= 0) {
      return profile.count(type);
    }
    return profile.countInDays(type, Math.floorDiv(now, DAY), days);
  }

  /** Events of every type in the window ending now ({@code days} 0: all time). */
  public long countAll(int days) {
    if (days <= 0) {
      return profile.events();
    }
    long total = 0;
    for (int i = 0; i < profile.typeCount(); i++) {
      total += count(profile.type(i), days);
    }
    return total;
  }

  /** Whole days since the latest event; -1 for a user without events. */
  public long daysSinceLastSeen() {
    return profile.events() == 0 ? -1 : Math.floorDiv(now - profile.lastSeen(), DAY);
  }

  /** Whole days since the first event; -1 for a user without events. */
  public long daysSinceFirstSeen() {
    return profile.events() == 0 ? -1 : Math.floorDiv(now - profile.firstSeen(), DAY);
  }

  /**
   * The lifecycle stage at {@code now}: {@code new}, {@code active}, {@code returning}, {@code
   * dormant} or {@code churned}.
   */
  public String lifecycle() {
    Profile p = profile;
    ProfileConfig.Lifecycle l = context.config().lifecycle();
    if (p.events() == 0) {
      return "new";
    }
    long sinceLast = now - p.lastSeen();
    if (sinceLast > l.churnedDays() * DAY) {
      return "churned";
    }
    if (sinceLast > l.dormantDays() * DAY) {
      return "dormant";
    }
    if (now - p.firstSeen() <= l.newDays() * DAY) {
      return "new";
    }
    if (p.returnedAt() >= 0 && now - p.returnedAt() <= l.returningDays() * DAY) {
      return "returning";
    }
    return "active";
  }

  /** R, F and M scores 1 to 5, or {@code null} for a user who bought nothing. */
  public int[] rfm() {
    if (!rfmDone) {
      rfm = context.population().rfm(profile);
      rfmDone = true;
    }
    return rfm;
  }

  /**
   * The RFM segment from the recency and frequency scores: {@code champions}, {@code loyal
   * customers}, {@code potential loyalists}, {@code new customers}, {@code promising}, {@code need
   * attention}, {@code about to sleep}, {@code at risk}, {@code can't lose them}, {@code
   * hibernating}, {@code lost}; {@code no purchases} for a user who bought nothing.
   */
  public String rfmSegment() {
    int[] s = rfm();
    if (s == null) {
      return "no purchases";
    }
    return rfmSegment(s[0], s[1]);
  }

  static String rfmSegment(int r, int f) {
    if (r == 5) {
      return f == 1 ? "new customers" : f <= 3 ? "potential loyalists" : "champions";
    }
    if (r == 4) {
      return f == 1 ? "promising" : f <= 3 ? "potential loyalists" : "loyal customers";
    }
    if (r == 3) {
      return f <= 2 ? "about to sleep" : f == 3 ? "need attention" : "loyal customers";
    }
    if (r == 1 && f == 1) {
      return "lost";
    }
    return f <= 2 ? "hibernating" : f <= 4 ? "at risk" : "can't lose them";
  }

  /** The price level: {@code low}, {@code mid} or {@code high}, with its ratio and its basis. */
  public Consumption consumption() {
    if (consumption == null) {
      consumption = Consumption.of(profile, context);
    }
    return consumption;
  }

  /** Risk flags and score. */
  public Risk risk() {
    if (risk == null) {
      risk = Risk.of(profile, context.population(), context.config().risk());
    }
    return risk;
  }

  /** The cluster of the profile under the current model, or -1 when there is no model. */
  public int cluster() {
    if (cluster == Integer.MIN_VALUE) {
      cluster = context.clusters() == null ? -1 : context.clusters().assign(this);
    }
    return cluster;
  }

  /** An attribute as given, or {@code null}. */
  public Object attribute(String name) {
    return profile.attributes().get(name);
  }

  /**
   * The age band from a numeric {@code age} attribute: {@code under 18}, {@code 18-24}, {@code
   * 25-34}, {@code 35-44}, {@code 45-54}, {@code 55-64} or {@code 65+}; {@code null} without one.
   */
  public String ageBand() {
    return ageBand(profile.attributes());
  }

  /** The age band of a numeric {@code age} attribute (see {@link #ageBand()}), or {@code null}. */
  public static String ageBand(Map<String, Object> attributes) {
    if (!(attributes.get("age") instanceof Number n)) {
      return null;
    }
    double age = n.doubleValue();
    if (age < 18) {
      return "under 18";
    }
    int[] upper = {25, 35, 45, 55, 65};
    String[] labels = {"18-24", "25-34", "35-44", "45-54", "55-64"};
    for (int i = 0; i < upper.length; i++) {
      if (age < upper[i]) {
        return labels[i];
      }
    }
    return "65+";
  }

  /**
   * The user's price level.
   *
   * @param level {@code low}, {@code mid} or {@code high}; {@code null} when no priced item of a
   *     category with a known median was bought or browsed
   * @param ratio the geometric mean of price / category median
   * @param basis {@code purchases} or {@code browsing}
   * @param items how many items the ratio is over
   */
  public record Consumption(String level, double ratio, String basis, long items) {
    static Consumption of(Profile p, ProfileContext context) {
      Consumption bought = from(p.bought(), context, "purchases");
      if (bought.level != null) {
        return bought;
      }
      return from(p.browsed(), context, "browsing");
    }

    private static Consumption from(PriceTally tally, ProfileContext context, String basis) {
      double sum = 0;
      long n = 0;
      for (int i = 0; i < tally.size(); i++) {
        double median = context.population().logPriceMedian(tally.category(i));
        if (!Double.isNaN(median)) {
          sum += tally.logSum(i) - tally.count(i) * median;
          n += tally.count(i);
        }
      }
      if (n == 0) {
        return new Consumption(null, Double.NaN, basis, 0);
      }
      double ratio = Math.exp(sum / n);
      ProfileConfig.Consumption c = context.config().consumption();
      String level = ratio < c.low() ? "low" : ratio > c.high() ? "high" : "mid";
      return new Consumption(level, ratio, basis, n);
    }
  }
}
