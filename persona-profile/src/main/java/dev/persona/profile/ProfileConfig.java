package dev.persona.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How events become a profile, and how a profile is read. Immutable; {@link #defaults()} documents
 * the defaults, {@code docs/configuration.md} every key.
 *
 * @param halfLife interests lose half their weight over this time: {@code w <- w * 2^(-dt /
 *     halfLife) + eventWeight}
 * @param eventWeights interest weight each event type adds; a type not listed adds none; a negative
 *     weight adds to the negative interests (kept apart)
 * @param ratingScale a {@code rate} event adds {@code (value - user's mean rating) * ratingScale}
 *     (the first rating of a user counts against {@code ratingMidpoint})
 * @param ratingMidpoint what a first rating is compared with (3 on a 1-5 scale)
 * @param priceBands upper bounds of the price bands, increasing; a price above the last bound falls
 *     in the last, open band
 * @param maxKeys most keys kept per interest dimension; when a new key does not fit, the weakest
 *     leaves
 * @param recentItems how many distinct recent items a profile keeps
 * @param sessions how sessions are told apart
 * @param lifecycle the day thresholds of the lifecycle stages
 * @param consumption the price-level thresholds
 * @param risk what counts as suspicious
 */
public record ProfileConfig(
    Duration halfLife,
    Map<String, Double> eventWeights,
    double ratingScale,
    double ratingMidpoint,
    List<Double> priceBands,
    int maxKeys,
    int recentItems,
    Sessions sessions,
    Lifecycle lifecycle,
    Consumption consumption,
    Risk risk) {

  public ProfileConfig {
    if (halfLife == null || halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("halfLife must be positive, got " + halfLife);
    }
    eventWeights = Map.copyOf(eventWeights);
    eventWeights.forEach(
        (type, w) -> {
          if (!Double.isFinite(w)) {
            throw new IllegalArgumentException("eventWeights." + type + " must be finite");
          }
        });
    if (!Double.isFinite(ratingScale) || !Double.isFinite(ratingMidpoint)) {
      throw new IllegalArgumentException("ratingScale and ratingMidpoint must be finite");
    }
    priceBands = List.copyOf(priceBands);
    for (int i = 0; i < priceBands.size(); i++) {
      if (!(priceBands.get(i) > 0) || i > 0 && priceBands.get(i) <= priceBands.get(i - 1)) {
        throw new IllegalArgumentException(
            "priceBands must be positive and increasing, got " + priceBands);
      }
    }
    if (maxKeys < 1 || maxKeys > 10_000) {
      throw new IllegalArgumentException("maxKeys must be in 1..10000, got " + maxKeys);
    }
    if (recentItems < 0 || recentItems > 1000) {
      throw new IllegalArgumentException("recentItems must be in 0..1000, got " + recentItems);
    }
    if (sessions == null || lifecycle == null || consumption == null || risk == null) {
      throw new IllegalArgumentException("sessions, lifecycle, consumption and risk must be set");
    }
  }

  /**
   * @param gap a session without events for this long has ended; events without a session id start
   *     a new implicit session after such a gap
   * @param parallelWindow sessions with events within this window of each other count as parallel
   */
  public record Sessions(Duration gap, Duration parallelWindow) {
    public Sessions {
      positive("sessions.gap", gap);
      positive("sessions.parallelWindow", parallelWindow);
    }
  }

  /**
   * Thresholds of the lifecycle stages, in days before "now".
   *
   * @param newDays a user first seen at most this long ago is {@code new}
   * @param dormantDays a user last seen longer ago than this is {@code dormant}
   * @param churnedDays a user last seen longer ago than this is {@code churned}
   * @param returningDays a user who came back after at least {@code dormantDays} of silence is
   *     {@code returning} for this long
   */
  public record Lifecycle(int newDays, int dormantDays, int churnedDays, int returningDays) {
    public Lifecycle {
      if (newDays < 0 || dormantDays <= 0 || churnedDays <= dormantDays || returningDays < 0) {
        throw new IllegalArgumentException(
            "lifecycle thresholds must satisfy 0 <= newDays, 0 < dormantDays < churnedDays,"
                + " 0 <= returningDays; got new "
                + newDays
                + ", dormant "
                + dormantDays
                + ", churned "
                + churnedDays
                + ", returning "
                + returningDays);
      }
    }
  }

  /**
   * The user's price level: the geometric mean of (price paid / median price of the item's
   * category), over purchases, or over browsed items for a user who bought nothing.
   *
   * @param low below this ratio the level is {@code low}
   * @param high above this ratio the level is {@code high}; in between {@code mid}
   */
  public record Consumption(double low, double high) {
    public Consumption {
      if (!(low > 0 && high > low)) {
        throw new IllegalArgumentException(
            "consumption thresholds must satisfy 0 < low < high, got " + low + ", " + high);
      }
    }
  }

  /**
   * What makes a user suspicious. Each signal that fires adds a flag with its reason and a strength
   * in [0, 1]; the score is {@code 1 - prod(1 - strength)} and a user is flagged when it reaches
   * {@code flagAt}.
   *
   * @param rateMads the event rate within sessions is this many scaled median absolute deviations
   *     above the population's median (a robust z-score)
   * @param minGaps signals from inter-event times need at least this many gaps
   * @param regularity the coefficient of variation of the gaps is at most this (machine-like
   *     timing; people's gaps vary about as much as their mean)
   * @param burstCount this many purchases ...
   * @param burstWindow ... within this long make a purchase burst
   * @param parallelSessions this many sessions active at once
   * @param flagAt the score at which a user is flagged
   */
  public record Risk(
      double rateMads,
      int minGaps,
      double regularity,
      int burstCount,
      Duration burstWindow,
      int parallelSessions,
      double flagAt) {
    public Risk {
      if (!(rateMads > 0) || minGaps < 2 || !(regularity > 0)) {
        throw new IllegalArgumentException(
            "risk: rateMads and regularity must be > 0 and minGaps >= 2");
      }
      if (burstCount < 2 || burstCount > 1000) {
        throw new IllegalArgumentException("risk.burstCount must be in 2..1000, got " + burstCount);
      }
      positive("risk.burstWindow", burstWindow);
      if (parallelSessions < 2) {
        throw new IllegalArgumentException(
            "risk.parallelSessions must be >= 2, got " + parallelSessions);
      }
      if (!(flagAt > 0 && flagAt <= 1)) {
        throw new IllegalArgumentException("risk.flagAt must be in (0, 1], got " + flagAt);
      }
    }
  }

  /**
   * Half-life 14 days; weights view 1, click 1, search 0, impression 0, like 2, favorite 2, share
   * 2, comment 1.5, cart 3, purchase 5, remove_cart -1, dislike -3; rating one point of weight per
   * star above or below the user's mean; price bands up to 10, 50, 200, 1000 and above; 64 keys per
   * dimension; 20 recent items; sessions end after 30 minutes and are parallel within 5 minutes;
   * lifecycle new 7, dormant 30, churned 90, returning 14 days; price level low below 0.8 and high
   * above 1.25 times the category median; risk at 6 MADs of event rate, regularity 0.2 over 20
   * gaps, 8 purchases in 10 minutes, 3 parallel sessions, flagged at 0.5.
   */
  public static ProfileConfig defaults() {
    return new ProfileConfig(
        Duration.ofDays(14),
        Map.ofEntries(
            Map.entry("view", 1.0),
            Map.entry("click", 1.0),
            Map.entry("like", 2.0),
            Map.entry("favorite", 2.0),
            Map.entry("share", 2.0),
            Map.entry("comment", 1.5),
            Map.entry("cart", 3.0),
            Map.entry("purchase", 5.0),
            Map.entry("remove_cart", -1.0),
            Map.entry("dislike", -3.0)),
        1.0,
        3.0,
        List.of(10.0, 50.0, 200.0, 1000.0),
        64,
        20,
        new Sessions(Duration.ofMinutes(30), Duration.ofMinutes(5)),
        new Lifecycle(7, 30, 90, 14),
        new Consumption(0.8, 1.25),
        new Risk(6, 20, 0.2, 8, Duration.ofMinutes(10), 3, 0.5));
  }

  public ProfileConfig withHalfLife(Duration newHalfLife) {
    return new ProfileConfig(
        newHalfLife,
        eventWeights,
        ratingScale,
        ratingMidpoint,
        priceBands,
        maxKeys,
        recentItems,
        sessions,
        lifecycle,
        consumption,
        risk);
  }

  public ProfileConfig withEventWeights(Map<String, Double> weights) {
    return new ProfileConfig(
        halfLife,
        weights,
        ratingScale,
        ratingMidpoint,
        priceBands,
        maxKeys,
        recentItems,
        sessions,
        lifecycle,
        consumption,
        risk);
  }

  /**
   * The settings that shape stored profiles, in a stable text form: when it changes, profiles are
   * rebuilt from the log. (Lifecycle, consumption and most risk thresholds apply at read time and
   * can change freely.)
   */
  public String fingerprint() {
    return "v1 halfLife="
        + halfLife.toMillis()
        + " weights="
        + new TreeMap<>(eventWeights)
        + " rating="
        + ratingScale
        + "/"
        + ratingMidpoint
        + " bands="
        + priceBands
        + " maxKeys="
        + maxKeys
        + " recent="
        + recentItems
        + " sessions="
        + sessions.gap().toMillis()
        + "/"
        + sessions.parallelWindow().toMillis()
        + " dormant="
        + lifecycle.dormantDays()
        + " burst="
        + risk.burstCount()
        + "/"
        + risk.burstWindow().toMillis();
  }

  /** The label of the band a price falls in, for example {@code 50-200} or {@code 1000+}. */
  public String priceBand(double price) {
    double lower = 0;
    for (double upper : priceBands) {
      if (price < upper) {
        return format(lower) + "-" + format(upper);
      }
      lower = upper;
    }
    return format(lower) + "+";
  }

  private static String format(double bound) {
    return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
