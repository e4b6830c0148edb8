package dev.persona.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How events become a profile. Immutable; {@link #defaults()} documents the defaults.
 *
 * @param halfLife interests lose half their weight over this time: {@code w <- w * 2^(-dt /
 *     halfLife) + eventWeight}
 * @param eventWeights interest weight each event type adds; a type not listed adds none; a negative
 *     weight adds to the negative interests (kept apart)
 * @param ratingScale a {@code rate} event adds {@code (value - user's mean rating) * ratingScale}
 *     (the first rating of a user counts against the midpoint {@code ratingMidpoint})
 * @param ratingMidpoint what a first rating is compared with (3 on a 1-5 scale)
 * @param priceBands upper bounds of the price bands, increasing; a price above the last bound falls
 *     in the last, open band
 * @param recentItems how many distinct recent items a profile keeps
 * @param sessionGap a new session starts after this much inactivity when events carry no session id
 * @param lifecycle the day thresholds of the lifecycle stages
 */
public record ProfileConfig(
    Duration halfLife,
    Map<String, Double> eventWeights,
    double ratingScale,
    double ratingMidpoint,
    List<Double> priceBands,
    int recentItems,
    Duration sessionGap,
    Lifecycle lifecycle) {

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
    priceBands = List.copyOf(priceBands);
    for (int i = 1; i < priceBands.size(); i++) {
      if (priceBands.get(i) <= priceBands.get(i - 1)) {
        throw new IllegalArgumentException("priceBands must increase, got " + priceBands);
      }
    }
    if (recentItems < 0 || recentItems > 1000) {
      throw new IllegalArgumentException("recentItems must be in 0..1000, got " + recentItems);
    }
    if (sessionGap == null || sessionGap.isNegative() || sessionGap.isZero()) {
      throw new IllegalArgumentException("sessionGap must be positive, got " + sessionGap);
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
            "lifecycle thresholds must satisfy 0 <= newDays, 0 < dormantDays < churnedDays, got "
                + this);
      }
    }
  }

  /**
   * Half-life 14 days; weights view 1, click 1, search 0, impression 0, like 2, favorite 2, share
   * 2, comment 1.5, cart 3, purchase 5, remove_cart -1, dislike -3; rating one point of weight per
   * star above or below the user's mean; price bands up to 10, 50, 200, 1000 and above; 20 recent
   * items; a 30-minute session gap; lifecycle new 7, dormant 30, churned 90, returning 14 days.
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
        20,
        Duration.ofMinutes(30),
        new Lifecycle(7, 30, 90, 14));
  }

  public ProfileConfig withHalfLife(Duration newHalfLife) {
    return new ProfileConfig(
        newHalfLife,
        eventWeights,
        ratingScale,
        ratingMidpoint,
        priceBands,
        recentItems,
        sessionGap,
        lifecycle);
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
}
