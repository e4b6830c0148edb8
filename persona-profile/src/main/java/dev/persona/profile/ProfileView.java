package dev.persona.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A profile as read at one moment: weights decayed to {@code now} and normalised, counters over
 * sliding windows ending at {@code now}, the lifecycle stage at {@code now}. Computed on read, so
 * that a profile untouched for a month reads as a month older.
 *
 * @param userId the user
 * @param asOf the moment, epoch ms
 * @param interests per dimension, the top entries, largest share first
 * @param negative per dimension, the top negative signals
 * @param counters per event type: counts in the last day, 7 days, 30 days (ending at {@code asOf})
 *     and all time
 * @param lifecycle {@code new}, {@code active}, {@code returning}, {@code dormant} or {@code
 *     churned}
 * @param consumption spend, orders and average order value
 * @param sessions count, mean events and mean minutes per session
 * @param activity first and last seen, active days, events, devices, hours of day
 * @param recentItems most recent first
 */
public record ProfileView(
    String userId,
    long asOf,
    Map<String, List<Interest>> interests,
    Map<String, List<Interest>> negative,
    Map<String, Map<String, Long>> counters,
    String lifecycle,
    Map<String, Double> consumption,
    Map<String, Double> sessions,
    Activity activity,
    List<String> recentItems) {

  /**
   * One interest.
   *
   * @param key the category path, brand, tag or price band
   * @param share its weight divided by the dimension's total, in [0, 1]
   * @param weight its decayed weight at {@code asOf}
   */
  public record Interest(String key, double share, double weight) {}

  /** When and how the user is active. */
  public record Activity(
      long firstSeen,
      long lastSeen,
      long activeDays,
      long events,
      Map<String, Long> devices,
      List<Long> hoursOfDay) {}

  private static final long DAY = 86_400_000L;

  /**
   * Reads {@code profile} at {@code now}.
   *
   * @param top how many entries per interest dimension
   */
  public static ProfileView of(Profile profile, ProfileConfig config, long now, int top) {
    double halfLife = config.halfLife().toMillis();
    Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
    long today = Math.floorDiv(now, DAY);
    for (var entry : profile.counts().entrySet()) {
      SortedMap<Long, Long> days =
          profile.daily().getOrDefault(entry.getKey(), java.util.Collections.emptySortedMap());
      Map<String, Long> c = new LinkedHashMap<>();
      c.put("1d", sum(days, today, 1));
      c.put("7d", sum(days, today, 7));
      c.put("30d", sum(days, today, 30));
      c.put("all", entry.getValue());
      counters.put(entry.getKey(), c);
    }
    Map<String, Double> consumption = new LinkedHashMap<>();
    consumption.put("spend", profile.spend());
    consumption.put("orders", (double) profile.orders());
    consumption.put(
        "averageOrderValue", profile.orders() == 0 ? 0 : profile.spend() / profile.orders());
    Map<String, Double> sessions = new LinkedHashMap<>();
    sessions.put("count", (double) profile.sessions());
    sessions.put(
        "meanEvents", profile.sessions() == 0 ? 0 : profile.events() / (double) profile.sessions());
    sessions.put(
        "meanMinutes",
        profile.sessions() == 0 ? 0 : profile.sessionMillis() / 60_000.0 / profile.sessions());
    return new ProfileView(
        profile.userId(),
        now,
        ranked(profile.interests(), now, halfLife, top),
        ranked(profile.negative(), now, halfLife, top),
        counters,
        lifecycle(profile, config.lifecycle(), now),
        consumption,
        sessions,
        new Activity(
            profile.firstSeen(),
            profile.lastSeen(),
            profile.activeDays(),
            profile.events(),
            profile.devices(),
            profile.hours()),
        profile.recentItems());
  }

  /** The lifecycle stage of a profile at {@code now}. */
  static String lifecycle(Profile p, ProfileConfig.Lifecycle l, long now) {
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

  private static long sum(SortedMap<Long, Long> days, long today, int window) {
    long total = 0;
    for (long count : days.subMap(today - window + 1, today + 1).values()) {
      total += count;
    }
    return total;
  }

  private static Map<String, List<Interest>> ranked(
      SortedMap<String, SortedMap<String, Decayed>> all, long now, double halfLife, int top) {
    Map<String, List<Interest>> out = new LinkedHashMap<>();
    for (var dimension : all.entrySet()) {
      List<Interest> list = new ArrayList<>();
      double total = 0;
      for (var entry : dimension.getValue().entrySet()) {
        double w = entry.getValue().valueAt(now, halfLife);
        total += w;
        list.add(new Interest(entry.getKey(), 0, w));
      }
      double sum = total;
      list.sort(
          Comparator.comparingDouble(Interest::weight).reversed().thenComparing(Interest::key));
      out.put(
          dimension.getKey(),
          list.stream()
              .limit(top)
              .map(i -> new Interest(i.key(), sum > 0 ? i.weight() / sum : 0, i.weight()))
              .toList());
    }
    return out;
  }

  /**
   * The top-level categories by weight at {@code now} (paths without a {@code /}), largest first.
   */
  public static List<String> topLevelCategories(Profile p, ProfileConfig config, long now, int n) {
    SortedMap<String, Decayed> categories =
        p.interests().getOrDefault(Profile.CATEGORY, java.util.Collections.emptySortedMap());
    double halfLife = config.halfLife().toMillis();
    return categories.entrySet().stream()
        .filter(e -> e.getKey().indexOf('/') < 0)
        .sorted(
            Comparator.<Map.Entry<String, Decayed>>comparingDouble(
                    e -> -e.getValue().valueAt(now, halfLife))
                .thenComparing(Map.Entry::getKey))
        .limit(n)
        .map(Map.Entry::getKey)
        .toList();
  }
}
