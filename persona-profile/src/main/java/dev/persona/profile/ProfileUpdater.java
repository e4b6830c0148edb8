package dev.persona.profile;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.StoredEvent;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The profile updater: a pure function {@code (profile, event, item, config) -> profile}.
 * Deterministic, no I/O, no clock: replaying the same events in the same order gives byte-identical
 * profiles, which is how profiles are rebuilt from the log. A user's consent and attributes enter
 * through {@link #withUser}. Thread-safe.
 *
 * <p>Each update copies the few arrays the event changes (a profile is a few hundred bytes to a few
 * kilobytes) and shares the rest with the previous value. Strings that many profiles hold (category
 * paths and their prefixes, event types, devices) are shared through a bounded canonicalising
 * cache: a memory saving only, it changes no result.
 */
public final class ProfileUpdater {
  static final long DAY = 86_400_000L;

  /** Rebase the scaled interest weights when they have grown by 2^this (see {@link Weights}). */
  private static final double MAX_SCALE_EXPONENT = 64;

  /** Sessions remembered as open at once (the oldest is forgotten beyond). */
  static final int MAX_OPEN_SESSIONS = 16;

  static final int MAX_DEVICES = 16;
  private static final int MAX_CANONICAL = 200_000;
  private static final int MAX_CANONICAL_LENGTH = 256;

  private final ProfileConfig config;
  private final double halfLifeMillis;
  private final String[] bandLabels;
  private final long sessionGap;
  private final long parallelWindow;
  private final Map<String, String[]> categoryLevels = new ConcurrentHashMap<>();
  private final Map<String, String> canonical = new ConcurrentHashMap<>();

  public ProfileUpdater(ProfileConfig config) {
    this.config = config;
    this.halfLifeMillis = config.halfLife().toMillis();
    this.sessionGap = config.sessions().gap().toMillis();
    this.parallelWindow = config.sessions().parallelWindow().toMillis();
    bandLabels = new String[config.priceBands().size() + 1];
    for (int i = 0; i < bandLabels.length; i++) {
      bandLabels[i] =
          config.priceBand(i == 0 ? 0 : config.priceBands().get(i - 1)); // each band's lower bound
    }
  }

  public ProfileConfig config() {
    return config;
  }

  /** The profile of a user with no events: profiling allowed, no attributes. */
  public static Profile empty(String userId) {
    return new Profile.Draft(userId, true, Map.of()).build();
  }

  /**
   * The profile with the user's current attributes and consent. Withdrawing consent to profiling
   * ({@code consent.profiling: false}) removes what profiling derived (interests, items, devices,
   * hours, ratings, spend and prices) and stops deriving it; only the counters needed for operation
   * remain (counts by type and day, times, sessions, and the timing statistics risk control uses).
   * Granting it again derives from the next event on.
   *
   * @param profile the profile so far, or {@code null} for a user not seen before
   */
  public Profile withUser(Profile profile, User user) {
    Profile.Draft d =
        profile == null ? new Profile.Draft(user.id(), true, Map.of()) : new Profile.Draft(profile);
    if (!d.userId.equals(user.id())) {
      throw new IllegalArgumentException(
          "user '" + user.id() + "' applied to the profile of '" + d.userId + "'");
    }
    d.attributes = user.attributes().isEmpty() ? Map.of() : immutableCopy(user.attributes());
    boolean allowed = !user.withdrew("profiling");
    if (!allowed && d.profiling) {
      stripProfiling(d);
    }
    d.profiling = allowed;
    return d.build();
  }

  private static Map<String, Object> immutableCopy(Map<String, Object> attributes) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  private static void stripProfiling(Profile.Draft d) {
    d.interests = Profile.Draft.emptyDimensions();
    d.negative = Profile.Draft.emptyDimensions();
    d.recent = new String[0];
    d.devices = new String[0];
    d.deviceCounts = new long[0];
    d.hours = new int[24];
    d.ratings = 0;
    d.ratingSum = 0;
    d.spend = 0;
    d.orders = 0;
    d.lastPurchase = Long.MIN_VALUE;
    d.bought = PriceTally.EMPTY;
    d.browsed = PriceTally.EMPTY;
    d.base = Long.MIN_VALUE;
  }

  /** Applies one event from the log, remembering its sequence. */
  public Profile apply(Profile profile, StoredEvent stored, Item item) {
    return apply(profile, stored.event(), item, stored.sequence());
  }

  /**
   * Applies one event.
   *
   * @param profile the profile so far, or {@code null} for a user not seen before
   * @param event an event of that user
   * @param item the event's item as the catalogue knows it, or {@code null} (unknown item, or no
   *     item)
   */
  public Profile apply(Profile profile, Event event, Item item) {
    return apply(profile, event, item, profile == null ? 0 : profile.sequence());
  }

  private Profile apply(Profile profile, Event event, Item item, long sequence) {
    Profile.Draft d =
        profile == null
            ? new Profile.Draft(event.userId(), true, Map.of())
            : new Profile.Draft(profile);
    if (!d.userId.equals(event.userId())) {
      throw new IllegalArgumentException(
          "event of user '" + event.userId() + "' applied to the profile of '" + d.userId + "'");
    }
    d.sequence = sequence;
    long t = event.timestamp();
    String type = share(event.type());
    long previousLast = d.lastSeen;
    boolean first = d.events == 0;
    long day = Math.floorDiv(t, DAY);

    if (!first && t - previousLast >= config.lifecycle().dormantDays() * DAY) {
      d.returnedAt = t;
    }
    if (day > d.lastActiveDay) {
      d.activeDays++;
      d.lastActiveDay = day;
    }
    session(d, event.sessionId(), t);
    d.events++;
    d.firstSeen = Math.min(d.firstSeen, t);
    d.lastSeen = Math.max(d.lastSeen, t);
    int typeIndex = countType(d, type);
    countDay(d, typeIndex, day, Math.floorDiv(d.lastSeen, DAY));
    if (type.equals("purchase")) {
      purchaseBurst(d, t);
    }

    if (d.profiling) {
      double weight = interestWeight(type, event.value(), d.ratings, d.ratingSum);
      if (type.equals("rate") && event.value() != null) {
        d.ratings++;
        d.ratingSum += event.value();
      }
      if (item != null && weight != 0) {
        addInterests(d, item, weight, t);
      }
      if (type.equals("purchase")) {
        d.orders++;
        d.spend +=
            event.value() != null
                ? event.value()
                : item != null && item.price() != null ? item.price() : 0;
        d.lastPurchase = Math.max(d.lastPurchase, t);
        if (item != null && item.price() != null && !item.categories().isEmpty()) {
          d.bought = d.bought.plus(share(item.categories().get(0)), item.price());
        }
      } else if (weight > 0
          && item != null
          && item.price() != null
          && !item.categories().isEmpty()) {
        d.browsed = d.browsed.plus(share(item.categories().get(0)), item.price());
      }
      String device = event.context().get("device");
      if (device != null) {
        countDevice(d, share(device));
      }
      int[] h = d.hours.clone();
      h[(int) (Math.floorMod(t, DAY) / 3_600_000L)]++;
      d.hours = h;
      if (event.itemId() != null && t >= previousLast) {
        pushRecent(d, item != null ? item.id() : event.itemId());
      }
    }
    return d.build();
  }

  /**
   * The interest weight an event adds: its type's configured weight, or for a rating its distance
   * from the user's mean rating so far ({@code ratings} ratings summing to {@code ratingSum}).
   */
  double interestWeight(String type, Double value, long ratings, double ratingSum) {
    if (type.equals("rate") && value != null) {
      double mean = ratings > 0 ? ratingSum / ratings : config.ratingMidpoint();
      return (value - mean) * config.ratingScale();
    }
    return config.eventWeights().getOrDefault(type, 0.0);
  }

  /** The canonicalising function profiles read from the store should share strings through. */
  public java.util.function.UnaryOperator<String> sharer() {
    return this::share;
  }

  // ---- sessions and timing ----

  /**
   * Sessions: an id seen among the open sessions continues it (the gap since its last event adds to
   * the session time and the gap statistics); any other starts a new one. Sessions with no event
   * for {@code sessionGap} are closed first. Events without an id share one implicit session.
   */
  private void session(Profile.Draft d, String id, long t) {
    String[] ids = d.openSessions;
    long[] last = d.openLast;
    int open = 0;
    for (int i = 0; i < ids.length; i++) {
      if (last[i] >= t - sessionGap) {
        open++;
      }
    }
    String[] keptIds = new String[open + 1];
    long[] keptLast = new long[open + 1];
    int n = 0;
    int found = -1;
    for (int i = 0; i < ids.length; i++) {
      if (last[i] >= t - sessionGap) {
        if (Objects.equals(ids[i], id)) {
          found = n;
        }
        keptIds[n] = ids[i];
        keptLast[n++] = last[i];
      }
    }
    if (found >= 0) {
      if (t > keptLast[found]) {
        long gap = t - keptLast[found];
        d.sessionMillis += gap;
        d.gaps++;
        double delta = gap - d.gapMean;
        d.gapMean += delta / d.gaps;
        d.gapM2 += delta * (gap - d.gapMean);
        keptLast[found] = t;
      }
    } else {
      d.sessions++;
      keptIds[n] = id;
      keptLast[n++] = t;
      if (n > MAX_OPEN_SESSIONS) {
        int oldest = 0;
        for (int i = 1; i < n; i++) {
          if (keptLast[i] < keptLast[oldest]) {
            oldest = i;
          }
        }
        System.arraycopy(keptIds, oldest + 1, keptIds, oldest, n - oldest - 1);
        System.arraycopy(keptLast, oldest + 1, keptLast, oldest, n - oldest - 1);
        n--;
      }
    }
    d.openSessions = n == keptIds.length ? keptIds : Arrays.copyOf(keptIds, n);
    d.openLast = n == keptLast.length ? keptLast : Arrays.copyOf(keptLast, n);
    int parallel = 0;
    for (int i = 0; i < n; i++) {
      if (d.openLast[i] >= t - parallelWindow) {
        parallel++;
      }
    }
    d.maxParallel = Math.max(d.maxParallel, parallel);
  }

  /**
   * Keeps the latest {@code burstCount} purchase times; a burst is all of them within the window.
   */
  private void purchaseBurst(Profile.Draft d, long t) {
    int k = config.risk().burstCount();
    long[] times = d.purchaseTimes;
    long[] next;
    if (times.length < k) {
      next = Arrays.copyOf(times, times.length + 1);
    } else {
      next = new long[k];
      System.arraycopy(times, 1, next, 0, k - 1);
    }
    next[next.length - 1] = t;
    d.purchaseTimes = next;
    if (next.length == k) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (long x : next) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      if (max - min <= config.risk().burstWindow().toMillis()) {
        d.bursts++;
        d.lastBurstAt = t;
        d.purchaseTimes = new long[0]; // count each burst once, not once per purchase in it
      }
    }
  }

  // ---- counters ----

  private static int countType(Profile.Draft d, String type) {
    for (int i = 0; i < d.types.length; i++) {
      if (d.types[i].equals(type)) {
        long[] c = d.typeCounts.clone();
        c[i]++;
        d.typeCounts = c;
        return i;
      }
    }
    int n = d.types.length;
    d.types = Arrays.copyOf(d.types, n + 1);
    d.types[n] = type;
    d.typeCounts = Arrays.copyOf(d.typeCounts, n + 1);
    d.typeCounts[n] = 1;
    return n;
  }

  /** Adds one to (day, type) and drops days older than the window ending at {@code lastDay}. */
  private static void countDay(Profile.Draft d, int typeIndex, long day, long lastDay) {
    long oldest = lastDay - Profile.WINDOW_DAYS + 1;
    long[] keys = d.dailyKeys;
    int[] counts = d.dailyCounts;
    int from = 0;
    while (from < keys.length && keys[from] / Profile.MAX_DAILY_TYPES < oldest) {
      from++; // keys are sorted by day first
    }
    if (typeIndex >= Profile.MAX_DAILY_TYPES || day < oldest) {
      if (from > 0) {
        d.dailyKeys = Arrays.copyOfRange(keys, from, keys.length);
        d.dailyCounts = Arrays.copyOfRange(counts, from, counts.length);
      }
      return;
    }
    long key = day * Profile.MAX_DAILY_TYPES + typeIndex;
    int i = Arrays.binarySearch(keys, from, keys.length, key);
    if (i >= 0) {
      long[] k = Arrays.copyOfRange(keys, from, keys.length);
      int[] c = Arrays.copyOfRange(counts, from, counts.length);
      c[i - from]++;
      d.dailyKeys = k;
      d.dailyCounts = c;
      return;
    }
    int at = -i - 1 - from;
    int n = keys.length - from;
    long[] k = new long[n + 1];
    int[] c = new int[n + 1];
    System.arraycopy(keys, from, k, 0, at);
    System.arraycopy(counts, from, c, 0, at);
    k[at] = key;
    c[at] = 1;
    System.arraycopy(keys, from + at, k, at + 1, n - at);
    System.arraycopy(counts, from + at, c, at + 1, n - at);
    d.dailyKeys = k;
    d.dailyCounts = c;
  }

  private static void countDevice(Profile.Draft d, String device) {
    int i = Arrays.binarySearch(d.devices, device);
    if (i >= 0) {
      long[] c = d.deviceCounts.clone();
      c[i]++;
      d.deviceCounts = c;
      return;
    }
    if (d.devices.length >= MAX_DEVICES) {
      return; // a client sending ever new device names must not grow the profile
    }
    int at = -i - 1;
    int n = d.devices.length;
    String[] k = new String[n + 1];
    long[] c = new long[n + 1];
    System.arraycopy(d.devices, 0, k, 0, at);
    System.arraycopy(d.deviceCounts, 0, c, 0, at);
    k[at] = device;
    c[at] = 1;
    System.arraycopy(d.devices, at, k, at + 1, n - at);
    System.arraycopy(d.deviceCounts, at, c, at + 1, n - at);
    d.devices = k;
    d.deviceCounts = c;
  }

  private void pushRecent(Profile.Draft d, String itemId) {
    int max = config.recentItems();
    if (max == 0) {
      return;
    }
    String[] old = d.recent;
    String[] out = new String[Math.min(max, old.length + 1)];
    out[0] = itemId;
    int n = 1;
    for (int i = 0; i < old.length && n < max; i++) {
      if (!old[i].equals(itemId)) {
        out[n++] = old[i];
      }
    }
    d.recent = n == out.length ? out : Arrays.copyOf(out, n);
  }

  // ---- interests ----

  /** The interest keys an item touches, per dimension; what {@link Evidence} attributes to. */
  String[][] interestKeys(Item item) {
    String[][] keys = new String[Profile.DIMENSIONS.length][];
    keys[0] = categoryKeys(item);
    keys[1] = item.brand() == null ? new String[0] : new String[] {share(item.brand())};
    String[] tags = new String[item.tags().size()];
    int n = 0;
    for (String tag : item.tags()) {
      String t = share(tag);
      if (!contains(tags, n, t)) {
        tags[n++] = t;
      }
    }
    keys[2] = n == tags.length ? tags : Arrays.copyOf(tags, n);
    keys[3] = item.price() == null ? new String[0] : new String[] {band(item.price())};
    return keys;
  }

  private void addInterests(Profile.Draft d, Item item, double weight, long t) {
    if (d.base == Long.MIN_VALUE) {
      d.base = t;
    }
    double exponent = (t - d.base) / halfLifeMillis;
    if (exponent > MAX_SCALE_EXPONENT) {
      double factor = Math.pow(2, -exponent);
      Weights[] pos = new Weights[d.interests.length];
      Weights[] neg = new Weights[d.negative.length];
      for (int i = 0; i < pos.length; i++) {
        pos[i] = d.interests[i].times(factor);
        neg[i] = d.negative[i].times(factor);
      }
      d.interests = pos;
      d.negative = neg;
      d.base = t;
      exponent = 0;
    }
    double add = Math.abs(weight) * Math.pow(2, exponent);
    String[][] keys = interestKeys(item);
    Weights[] target = (weight > 0 ? d.interests : d.negative).clone();
    for (int dim = 0; dim < keys.length; dim++) {
      target[dim] = target[dim].plus(keys[dim], keys[dim].length, add, config.maxKeys());
    }
    if (weight > 0) {
      d.interests = target;
    } else {
      d.negative = target;
    }
  }

  private static boolean contains(String[] a, int n, String s) {
    for (int i = 0; i < n; i++) {
      if (a[i].equals(s)) {
        return true;
      }
    }
    return false;
  }

  /** Every level of every category path, each once: {@code a}, {@code a/b}, {@code a/b/c}. */
  private String[] categoryKeys(Item item) {
    if (item.categories().isEmpty()) {
      return new String[0];
    }
    if (item.categories().size() == 1) {
      return levels(item.categories().get(0));
    }
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    for (String path : item.categories()) {
      Collections.addAll(all, levels(path));
    }
    return all.toArray(new String[0]);
  }

  private String[] levels(String path) {
    String[] cached = categoryLevels.get(path);
    if (cached != null) {
      return cached;
    }
    int depth = 1;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        depth++;
      }
    }
    String[] out = new String[depth];
    int n = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        out[n++] = share(path.substring(0, i));
      }
    }
    out[n] = share(path);
    if (categoryLevels.size() < MAX_CANONICAL) {
      categoryLevels.put(path, out);
    }
    return out;
  }

  /** The label of the band a price falls in; the labels are built once. */
  String band(double price) {
    int i = 0;
    while (i < config.priceBands().size() && price >= config.priceBands().get(i)) {
      i++;
    }
    return bandLabels[i];
  }

  /** One shared instance per distinct string (bounded), so that profiles do not hold copies. */
  private String share(String s) {
    if (s.length() > MAX_CANONICAL_LENGTH) {
      return s;
    }
    String known = canonical.get(s);
    if (known != null) {
      return known;
    }
    if (canonical.size() >= MAX_CANONICAL) {
      return s;
    }
    String prior = canonical.putIfAbsent(s, s);
    return prior != null ? prior : s;
  }
}
