package dev.persona.profile;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The profile updater: a pure function {@code (profile, event, item) -> profile}. Deterministic, no
 * I/O, no clock: replaying the same events gives equal profiles, which is how profiles are rebuilt
 * from the log. Maps are copied only where the event changes them, so an update costs a few small
 * copies. Thread-safe (stateless but for its configuration).
 */
public final class ProfileUpdater {
  private static final long DAY = 86_400_000L;
  private static final int WINDOW_DAYS = 31;

  private final ProfileConfig config;
  private final double halfLifeMillis;

  public ProfileUpdater(ProfileConfig config) {
    this.config = config;
    this.halfLifeMillis = config.halfLife().toMillis();
  }

  public ProfileConfig config() {
    return config;
  }

  /** The profile of a user with no events yet. */
  public static Profile empty(String userId, boolean profiling) {
    return new Profile(
        userId,
        0,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        Collections.emptySortedMap(),
        Collections.emptySortedMap(),
        0,
        Long.MIN_VALUE,
        0,
        null,
        0,
        Collections.emptySortedMap(),
        Collections.nCopies(24, 0L),
        List.of(),
        Collections.emptySortedMap(),
        Collections.emptySortedMap(),
        0,
        0,
        0,
        0,
        -1,
        profiling);
  }

  /**
   * Applies one event.
   *
   * @param profile the profile so far, or {@code null} for a user not seen before
   * @param event an event of that user
   * @param item the event's item as the catalogue knows it, or {@code null} (unknown item, or no
   *     item)
   * @param profiling whether the user allows profiling; when not, only the counters needed for
   *     operation are kept (counts, times, sessions) and no interests, items, devices or spend
   */
  public Profile apply(Profile profile, Event event, Item item, boolean profiling) {
    Profile p = profile == null ? empty(event.userId(), profiling) : profile;
    if (!p.userId().equals(event.userId())) {
      throw new IllegalArgumentException(
          "event of user '" + event.userId() + "' applied to the profile of '" + p.userId() + "'");
    }
    long t = event.timestamp();
    String type = event.type();
    boolean first = p.events() == 0;
    long lastSeen = Math.max(p.lastSeen(), t);
    long day = Math.floorDiv(t, DAY);

    long returnedAt = p.returnedAt();
    if (!first && t - p.lastSeen() >= config.lifecycle().dormantDays() * DAY) {
      returnedAt = t;
    }
    long activeDays = p.activeDays();
    long lastActiveDay = p.lastActiveDay();
    if (day > lastActiveDay) {
      activeDays++;
      lastActiveDay = day;
    }
    long sessions = p.sessions();
    long sessionMillis = p.sessionMillis();
    String session = event.sessionId();
    boolean newSession =
        first
            || (session != null
                ? !session.equals(p.lastSessionId())
                : t - p.lastSeen() > config.sessionGap().toMillis());
    if (newSession) {
      sessions++;
    } else if (t > p.lastSeen()) {
      sessionMillis += t - p.lastSeen();
    }

    boolean keep = profiling && p.profiling();
    SortedMap<String, SortedMap<String, Decayed>> interests = p.interests();
    SortedMap<String, SortedMap<String, Decayed>> negative = p.negative();
    long ratings = p.ratings();
    double ratingSum = p.ratingSum();
    double spend = p.spend();
    long orders = p.orders();
    SortedMap<String, Long> devices = p.devices();
    List<Long> hours = p.hours();
    List<String> recent = p.recentItems();
    if (keep) {
      double weight = config.eventWeights().getOrDefault(type, 0.0);
      if (type.equals("rate") && event.value() != null) {
        double mean = ratings > 0 ? ratingSum / ratings : config.ratingMidpoint();
        weight = (event.value() - mean) * config.ratingScale();
        ratings++;
        ratingSum += event.value();
      }
      if (item != null && weight != 0) {
        if (weight > 0) {
          interests = addInterests(interests, item, weight, t);
        } else {
          negative = addInterests(negative, item, -weight, t);
        }
      }
      if (type.equals("purchase")) {
        orders++;
        spend +=
            event.value() != null
                ? event.value()
                : item != null && item.price() != null ? item.price() : 0;
      }
      String device = event.context().get("device");
      if (device != null) {
        devices = increment(devices, device);
      }
      int hour = (int) Math.floorMod(t, DAY) / 3_600_000;
      List<Long> h = new ArrayList<>(hours);
      h.set(hour, h.get(hour) + 1);
      hours = List.copyOf(h);
      if (event.itemId() != null && t >= p.lastSeen()) {
        recent = pushRecent(recent, event.itemId());
      }
    }

    return new Profile(
        p.userId(),
        p.events() + 1,
        Math.min(p.firstSeen(), t),
        lastSeen,
        increment(p.counts(), type),
        addDaily(p.daily(), type, day, Math.floorDiv(lastSeen, DAY)),
        activeDays,
        lastActiveDay,
        sessions,
        session != null ? session : (newSession ? null : p.lastSessionId()),
        sessionMillis,
        devices,
        hours,
        recent,
        interests,
        negative,
        ratings,
        ratingSum,
        spend,
        orders,
        returnedAt,
        keep);
  }

  private SortedMap<String, SortedMap<String, Decayed>> addInterests(
      SortedMap<String, SortedMap<String, Decayed>> all, Item item, double weight, long t) {
    TreeMap<String, SortedMap<String, Decayed>> out = new TreeMap<>(all);
    List<String> categories = new ArrayList<>();
    for (String path : item.categories()) {
      int from = 0;
      while (true) {
        int slash = path.indexOf('/', from);
        String prefix = slash < 0 ? path : path.substring(0, slash);
        if (!categories.contains(prefix)) {
          categories.add(prefix); // an item in two paths under one parent counts the parent once
        }
        if (slash < 0) {
          break;
        }
        from = slash + 1;
      }
    }
    add(out, Profile.CATEGORY, categories, weight, t);
    if (item.brand() != null) {
      add(out, Profile.BRAND, List.of(item.brand()), weight, t);
    }
    add(out, Profile.TAG, item.tags(), weight, t);
    if (item.price() != null) {
      add(out, Profile.PRICE, List.of(config.priceBand(item.price())), weight, t);
    }
    return Collections.unmodifiableSortedMap(out);
  }

  private void add(
      TreeMap<String, SortedMap<String, Decayed>> all,
      String dimension,
      List<String> keys,
      double weight,
      long t) {
    if (keys.isEmpty()) {
      return;
    }
    TreeMap<String, Decayed> map =
        new TreeMap<>(all.getOrDefault(dimension, Collections.emptySortedMap()));
    for (String key : keys) {
      map.put(key, map.getOrDefault(key, Decayed.ZERO).plus(weight, t, halfLifeMillis));
    }
    all.put(dimension, Collections.unmodifiableSortedMap(map));
  }

  private static SortedMap<String, Long> increment(SortedMap<String, Long> counts, String key) {
    TreeMap<String, Long> out = new TreeMap<>(counts);
    out.merge(key, 1L, Long::sum);
    return Collections.unmodifiableSortedMap(out);
  }

  private static SortedMap<String, SortedMap<Long, Long>> addDaily(
      SortedMap<String, SortedMap<Long, Long>> daily, String type, long day, long lastDay) {
    long oldest = lastDay - WINDOW_DAYS + 1;
    TreeMap<String, SortedMap<Long, Long>> out = new TreeMap<>(daily);
    for (var it = out.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      SortedMap<Long, Long> days = entry.getValue();
      if (days.firstKey() < oldest) { // only copy a map that has days to drop
        SortedMap<Long, Long> kept = new TreeMap<>(days.tailMap(oldest));
        if (kept.isEmpty()) {
          it.remove();
        } else {
          entry.setValue(Collections.unmodifiableSortedMap(kept));
        }
      }
    }
    if (day >= oldest) {
      TreeMap<Long, Long> days =
          new TreeMap<>(out.getOrDefault(type, Collections.emptySortedMap()));
      days.merge(day, 1L, Long::sum);
      out.put(type, Collections.unmodifiableSortedMap(days));
    }
    return Collections.unmodifiableSortedMap(out);
  }

  private List<String> pushRecent(List<String> recent, String itemId) {
    if (config.recentItems() == 0) {
      return recent;
    }
    List<String> out = new ArrayList<>(Math.min(recent.size() + 1, config.recentItems()));
    out.add(itemId);
    for (String r : recent) {
      if (out.size() == config.recentItems()) {
        break;
      }
      if (!r.equals(itemId)) {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }
}
