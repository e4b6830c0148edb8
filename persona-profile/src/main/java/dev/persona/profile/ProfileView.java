package dev.persona.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A profile as the API shows it at one moment: what a {@link Reading} computes, laid out as the
 * fields of {@code GET /v1/users/{id}/profile}. Times are ISO-8601 strings; shares are in [0, 1].
 *
 * @param userId the user
 * @param asOf the moment of reading
 * @param profiling whether the user allows profiling (when not, only operational counters show)
 * @param attributes as given, plus {@code ageBand} derived from a numeric {@code age}
 * @param counters per event type: counts in the last day, 7 and 30 days, and all time
 * @param interests per dimension ({@code category}, {@code brand}, {@code tag}, {@code price}): the
 *     strongest keys, largest first
 * @param negative the same for negative signals (dislikes, removals, low ratings)
 * @param consumption spend, orders, average order value, price level and RFM
 * @param lifecycle the stage and the dates it is read from
 * @param session sessions counted, their mean events and minutes, parallel sessions seen
 * @param activity events, active days, devices and hours of day
 * @param recentItems the latest distinct items, most recent first
 * @param segments the segments the user belongs to now, with each segment's rule
 * @param cluster the user's cluster under the latest model, or {@code null} before clustering
 * @param risk risk score, whether flagged, and the flags with their reasons
 * @param evidence with {@code explain}: per dimension and key, the events that contributed most
 */
public record ProfileView(
    String userId,
    String asOf,
    boolean profiling,
    Map<String, Object> attributes,
    Map<String, Map<String, Long>> counters,
    Map<String, List<Interest>> interests,
    Map<String, List<Interest>> negative,
    ConsumptionView consumption,
    LifecycleView lifecycle,
    SessionView session,
    ActivityView activity,
    List<String> recentItems,
    List<SegmentRef> segments,
    ClusterRef cluster,
    RiskView risk,
    Map<String, Map<String, List<Evidence.Contribution>>> evidence) {

  /**
   * One interest.
   *
   * @param key the category path, brand, tag or price band
   * @param share its part of the dimension (for categories: of the top-level total), in [0, 1]
   * @param weight its decayed weight at {@code asOf}
   */
  public record Interest(String key, double share, double weight) {}

  public record ConsumptionView(
      double spend,
      long orders,
      double averageOrderValue,
      String level,
      Double priceRatio,
      String levelBasis,
      RfmView rfm) {}

  /**
   * @param recency 1 to 5, higher for a more recent purchase
   * @param frequency 1 to 5, higher for more purchases
   * @param monetary 1 to 5, higher for more spend
   * @param segment the RFM segment name
   * @param lastPurchase time of the latest purchase
   */
  public record RfmView(
      Integer recency, Integer frequency, Integer monetary, String segment, String lastPurchase) {}

  public record LifecycleView(
      String stage,
      String firstSeen,
      String lastSeen,
      Long daysSinceLastSeen,
      String returnedAt,
      String reason) {}

  public record SessionView(long count, double meanEvents, double meanMinutes, int maxParallel) {}

  public record ActivityView(
      long events, int activeDays, Map<String, Long> devices, List<Integer> hoursOfDay) {}

  /** A segment the user belongs to, and the rule that put them there. */
  public record SegmentRef(String name, String rule) {}

  public record ClusterRef(int id, String label) {}

  public record RiskView(double score, boolean flagged, List<Risk.Flag> flags) {}

  /**
   * Lays out a reading.
   *
   * @param top how many keys per interest dimension
   * @param segments the user's segments now
   * @param evidence the contributions per dimension and key, or {@code null} when not asked for
   */
  public static ProfileView of(
      Reading r,
      int top,
      List<SegmentRef> segments,
      Map<String, Map<String, List<Evidence.Contribution>>> evidence) {
    Profile p = r.profile();
    Map<String, Object> attributes = new LinkedHashMap<>(p.attributes());
    String band = r.ageBand();
    if (band != null) {
      attributes.put("ageBand", band);
    }

    Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
    List<String> types = new ArrayList<>();
    for (int i = 0; i < p.typeCount(); i++) {
      types.add(p.type(i));
    }
    types.sort(Comparator.naturalOrder());
    for (String type : types) {
      Map<String, Long> c = new LinkedHashMap<>();
      c.put("1d", r.count(type, 1));
      c.put("7d", r.count(type, 7));
      c.put("30d", r.count(type, 30));
      c.put("all", r.count(type, 0));
      counters.put(type, c);
    }

    int[] rfm = r.rfm();
    Reading.Consumption level = r.consumption();
    ConsumptionView consumption =
        new ConsumptionView(
            p.spend(),
            p.orders(),
            p.orders() == 0 ? 0 : p.spend() / p.orders(),
            level.level(),
            level.level() == null ? null : round(level.ratio()),
            level.level() == null ? null : level.basis(),
            new RfmView(
                rfm == null ? null : rfm[0],
                rfm == null ? null : rfm[1],
                rfm == null ? null : rfm[2],
                r.rfmSegment(),
                p.orders() == 0 ? null : iso(p.lastPurchase())));

    String stage = r.lifecycle();
    LifecycleView lifecycle =
        new LifecycleView(
            stage,
            p.events() == 0 ? null : iso(p.firstSeen()),
            p.events() == 0 ? null : iso(p.lastSeen()),
            p.events() == 0 ? null : r.daysSinceLastSeen(),
            p.returnedAt() < 0 ? null : iso(p.returnedAt()),
            lifecycleReason(r, stage));

    SessionView session =
        new SessionView(
            p.sessions(),
            p.sessions() == 0 ? 0 : round(p.events() / (double) p.sessions()),
            p.sessions() == 0 ? 0 : round(p.sessionMillis() / 60_000.0 / p.sessions()),
            p.maxParallelSessions());
    Map<String, Long> devices = new LinkedHashMap<>();
    for (int i = 0; i < p.deviceCount(); i++) {
      devices.put(p.device(i), p.deviceEvents(i));
    }
    List<Integer> hours = new ArrayList<>(24);
    for (int h = 0; h < 24; h++) {
      hours.add(p.hour(h));
    }
    List<String> recent = new ArrayList<>(p.recentCount());
    for (int i = 0; i < p.recentCount(); i++) {
      recent.add(p.recentItem(i));
    }
    int cluster = r.cluster();
    Risk risk = r.risk();
    return new ProfileView(
        p.userId(),
        iso(r.now()),
        p.profiling(),
        attributes,
        counters,
        ranked(r, false, top),
        ranked(r, true, top),
        consumption,
        lifecycle,
        session,
        new ActivityView(p.events(), p.activeDays(), devices, hours),
        recent,
        List.copyOf(segments),
        cluster < 0 ? null : new ClusterRef(cluster, r.context().clusters().label(cluster)),
        new RiskView(round(risk.score()), risk.flagged(), risk.flags()),
        evidence);
  }

  /** Per dimension the top keys, largest weight first (ties: lower key first). */
  static Map<String, List<Interest>> ranked(Reading r, boolean negative, int top) {
    Map<String, List<Interest>> out = new LinkedHashMap<>();
    Profile p = r.profile();
    double decay = r.decay();
    for (int d = 0; d < Profile.DIMENSIONS.length; d++) {
      Weights w = negative ? p.negative(d) : p.interests(d);
      if (w.size() == 0) {
        continue;
      }
      double total = r.scaledTotal(d, negative);
      Integer[] order = new Integer[w.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(
          order,
          (a, b) ->
              w.scaled(a) != w.scaled(b)
                  ? Double.compare(w.scaled(b), w.scaled(a))
                  : w.key(a).compareTo(w.key(b)));
      List<Interest> list = new ArrayList<>(Math.min(top, order.length));
      for (int i = 0; i < order.length && i < top; i++) {
        int k = order[i];
        list.add(
            new Interest(
                w.key(k), total > 0 ? round(w.scaled(k) / total) : 0, round(w.scaled(k) * decay)));
      }
      out.put(Profile.DIMENSIONS[d], list);
    }
    return out;
  }

  private static String lifecycleReason(Reading r, String stage) {
    Profile p = r.profile();
    ProfileConfig.Lifecycle l = r.context().config().lifecycle();
    if (p.events() == 0) {
      return "no events yet";
    }
    long last = r.daysSinceLastSeen();
    long first = r.daysSinceFirstSeen();
    return switch (stage) {
      case "churned" -> "last seen " + last + " days ago (more than " + l.churnedDays() + ")";
      case "dormant" -> "last seen " + last + " days ago (more than " + l.dormantDays() + ")";
      case "new" -> "first seen " + first + " days ago (at most " + l.newDays() + ")";
      case "returning" ->
          "came back after more than "
              + l.dormantDays()
              + " days of silence, "
              + Math.floorDiv(r.now() - p.returnedAt(), Reading.DAY)
              + " days ago (returning for "
              + l.returningDays()
              + ")";
      default ->
          String.format(
              Locale.ROOT,
              "first seen %d days ago, last seen %d days ago, on %d days",
              first,
              last,
              p.activeDays());
    };
  }

  static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
