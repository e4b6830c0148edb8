package dev.persona.profile;

import java.util.Arrays;
import java.util.Map;

/**
 * What Persona keeps about one user, as {@link ProfileUpdater} derives it from their attributes and
 * events: an immutable value, equal for equal histories (two profiles are equal when their {@link
 * ProfileCodec encodings} are byte-identical). Read it through {@link ProfileView}, which decays,
 * normalises and scores it at a given moment.
 *
 * <p>It is kept compact, because a node holds every profile in memory: parallel primitive arrays
 * rather than maps of boxed values, strings shared with the catalogue, and bounded sizes (at most
 * {@code maxKeys} keys per interest dimension, {@code recentItems} recent items, 31 days of daily
 * counts). {@code persona-bench/run ProfileMemory} measures the bytes per profile.
 *
 * <p>Times are epoch milliseconds. Sessions are told apart by {@code sessionId}; events without one
 * belong to an implicit session that ends after {@code sessionGap} of inactivity.
 */
public final class Profile {
  /** The interest dimensions, in the order of {@link #interests(int)}. */
  public static final String CATEGORY = "category";

  public static final String BRAND = "brand";
  public static final String TAG = "tag";
  public static final String PRICE = "price";
  public static final String[] DIMENSIONS = {CATEGORY, BRAND, TAG, PRICE};

  /** Most distinct event types counted per day (further types still count in all-time totals). */
  static final int MAX_DAILY_TYPES = 64;

  /** Days of per-day counts kept, ending at the day of {@link #lastSeen()}. */
  static final int WINDOW_DAYS = 31;

  final String userId;
  final long sequence;
  final boolean profiling;
  final Map<String, Object> attributes;
  final long events;
  final long firstSeen;
  final long lastSeen;
  final int activeDays;
  final long lastActiveDay;
  final long sessions;
  final long sessionMillis;
  final String[] openSessions;
  final long[] openLast;
  final int maxParallel;
  final long gaps;
  final double gapMean;
  final double gapM2;
  final String[] types;
  final long[] typeCounts;
  final long[] dailyKeys;
  final int[] dailyCounts;
  final String[] devices;
  final long[] deviceCounts;
  final int[] hours;
  final String[] recent;
  final long base;
  final Weights[] interests;
  final Weights[] negative;
  final long ratings;
  final double ratingSum;
  final double spend;
  final long orders;
  final long lastPurchase;
  final PriceTally bought;
  final PriceTally browsed;
  final long[] purchaseTimes;
  final long bursts;
  final long lastBurstAt;
  final long returnedAt;

  Profile(Draft d) {
    userId = d.userId;
    sequence = d.sequence;
    profiling = d.profiling;
    attributes = d.attributes;
    events = d.events;
    firstSeen = d.firstSeen;
    lastSeen = d.lastSeen;
    activeDays = d.activeDays;
    lastActiveDay = d.lastActiveDay;
    sessions = d.sessions;
    sessionMillis = d.sessionMillis;
    openSessions = d.openSessions;
    openLast = d.openLast;
    maxParallel = d.maxParallel;
    gaps = d.gaps;
    gapMean = d.gapMean;
    gapM2 = d.gapM2;
    types = d.types;
    typeCounts = d.typeCounts;
    dailyKeys = d.dailyKeys;
    dailyCounts = d.dailyCounts;
    devices = d.devices;
    deviceCounts = d.deviceCounts;
    hours = d.hours;
    recent = d.recent;
    base = d.base;
    interests = d.interests;
    negative = d.negative;
    ratings = d.ratings;
    ratingSum = d.ratingSum;
    spend = d.spend;
    orders = d.orders;
    lastPurchase = d.lastPurchase;
    bought = d.bought;
    browsed = d.browsed;
    purchaseTimes = d.purchaseTimes;
    bursts = d.bursts;
    lastBurstAt = d.lastBurstAt;
    returnedAt = d.returnedAt;
  }

  public String userId() {
    return userId;
  }

  /** The log sequence of the latest event applied, 0 when none came from the log. */
  public long sequence() {
    return sequence;
  }

  /** Whether interests are derived; {@code false} once the user withdrew consent to profiling. */
  public boolean profiling() {
    return profiling;
  }

  /** The user's attributes as last given ({@code PUT /v1/users}); empty when none. */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** Events applied. */
  public long events() {
    return events;
  }

  /** Time of the earliest event, {@code Long.MAX_VALUE} when none. */
  public long firstSeen() {
    return firstSeen;
  }

  /** Time of the latest event, {@code Long.MIN_VALUE} when none. */
  public long lastSeen() {
    return lastSeen;
  }

  /** Distinct UTC days with events (counted as days advance). */
  public int activeDays() {
    return activeDays;
  }

  public long sessions() {
    return sessions;
  }

  /** Summed time between consecutive events of the same session. */
  public long sessionMillis() {
    return sessionMillis;
  }

  /** The most sessions seen active at once (events within {@code parallelWindow}). */
  public int maxParallelSessions() {
    return maxParallel;
  }

  /** Gaps between consecutive events of the same session, counted. */
  public long gaps() {
    return gaps;
  }

  /** Mean gap within sessions, ms. */
  public double gapMean() {
    return gapMean;
  }

  /** Standard deviation of the gaps within sessions, ms (0 with fewer than two gaps). */
  public double gapStdDev() {
    return gaps > 1 ? Math.sqrt(gapM2 / (gaps - 1)) : 0;
  }

  /** The number of event types seen. */
  public int typeCount() {
    return types.length;
  }

  /** The {@code i}-th type seen (in order of first appearance). */
  public String type(int i) {
    return types[i];
  }

  /** All-time count of the {@code i}-th type. */
  public long typeTotal(int i) {
    return typeCounts[i];
  }

  /** All-time count of {@code type}, 0 when never seen. */
  public long count(String type) {
    int i = typeIndex(type);
    return i < 0 ? 0 : typeCounts[i];
  }

  /**
   * Events of {@code type} on the {@code days} UTC days ending with {@code today} (epoch day).
   * Counts are kept for the 31 days up to the latest event, so windows up to 31 days are exact.
   */
  public long countInDays(String type, long today, int days) {
    int t = typeIndex(type);
    if (t < 0 || t >= MAX_DAILY_TYPES) {
      return 0;
    }
    long total = 0;
    for (int i = 0; i < dailyKeys.length; i++) {
      long day = dailyKeys[i] / MAX_DAILY_TYPES;
      if (dailyKeys[i] % MAX_DAILY_TYPES == t && day <= today && day > today - days) {
        total += dailyCounts[i];
      }
    }
    return total;
  }

  int typeIndex(String type) {
    for (int i = 0; i < types.length; i++) {
      if (types[i].equals(type)) {
        return i;
      }
    }
    return -1;
  }

  public int deviceCount() {
    return devices.length;
  }

  public String device(int i) {
    return devices[i];
  }

  public long deviceEvents(int i) {
    return deviceCounts[i];
  }

  /** Events in UTC hour {@code h} of the day. */
  public int hour(int h) {
    return hours[h];
  }

  public int recentCount() {
    return recent.length;
  }

  /** The {@code i}-th most recent distinct item (0 is the latest). */
  public String recentItem(int i) {
    return recent[i];
  }

  /** The reference time of the scaled interest weights (see {@link Weights}). */
  public long base() {
    return base;
  }

  /** The factor that turns a scaled weight into the weight at {@code now}. */
  public double decayTo(long now, double halfLifeMillis) {
    return Math.pow(2, -(now - base) / halfLifeMillis);
  }

  /** Positive interests of dimension {@code d} (an index into {@link #DIMENSIONS}). */
  public Weights interests(int d) {
    return interests[d];
  }

  /** Negative signals of dimension {@code d} (dislikes, removals, low ratings), kept apart. */
  public Weights negative(int d) {
    return negative[d];
  }

  public long ratings() {
    return ratings;
  }

  public double ratingSum() {
    return ratingSum;
  }

  /** Summed purchase amounts ({@code value}, or the item's price when none is given). */
  public double spend() {
    return spend;
  }

  /** Purchase events. */
  public long orders() {
    return orders;
  }

  /** Time of the latest purchase, {@code Long.MIN_VALUE} when none. */
  public long lastPurchase() {
    return lastPurchase;
  }

  /** Prices of purchased items by category. */
  public PriceTally bought() {
    return bought;
  }

  /** Prices of items viewed, clicked or carted, by category. */
  public PriceTally browsed() {
    return browsed;
  }

  /** Times purchase bursts were detected ({@code burstCount} purchases within {@code burst}). */
  public long bursts() {
    return bursts;
  }

  /** When the latest burst was detected, or -1. */
  public long lastBurstAt() {
    return lastBurstAt;
  }

  /** When the user came back after at least {@code dormantDays} of silence, or -1. */
  public long returnedAt() {
    return returnedAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Profile p
        && (p == this || Arrays.equals(ProfileCodec.encode(this), ProfileCodec.encode(p)));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ProfileCodec.encode(this));
  }

  @Override
  public String toString() {
    return "Profile[" + userId + ", " + events + " events, seq " + sequence + "]";
  }

  /** A mutable copy, for the updater: fields are replaced, arrays are never written in place. */
  static final class Draft {
    String userId;
    long sequence;
    boolean profiling;
    Map<String, Object> attributes;
    long events;
    long firstSeen;
    long lastSeen;
    int activeDays;
    long lastActiveDay;
    long sessions;
    long sessionMillis;
    String[] openSessions;
    long[] openLast;
    int maxParallel;
    long gaps;
    double gapMean;
    double gapM2;
    String[] types;
    long[] typeCounts;
    long[] dailyKeys;
    int[] dailyCounts;
    String[] devices;
    long[] deviceCounts;
    int[] hours;
    String[] recent;
    long base;
    Weights[] interests;
    Weights[] negative;
    long ratings;
    double ratingSum;
    double spend;
    long orders;
    long lastPurchase;
    PriceTally bought;
    PriceTally browsed;
    long[] purchaseTimes;
    long bursts;
    long lastBurstAt;
    long returnedAt;

    /** A user with no events. */
    Draft(String userId, boolean profiling, Map<String, Object> attributes) {
      this.userId = userId;
      this.profiling = profiling;
      this.attributes = attributes;
      firstSeen = Long.MAX_VALUE;
      lastSeen = Long.MIN_VALUE;
      lastActiveDay = Long.MIN_VALUE;
      openSessions = new String[0];
      openLast = new long[0];
      types = new String[0];
      typeCounts = new long[0];
      dailyKeys = new long[0];
      dailyCounts = new int[0];
      devices = new String[0];
      deviceCounts = new long[0];
      hours = new int[24];
      recent = new String[0];
      base = Long.MIN_VALUE;
      interests = emptyDimensions();
      negative = emptyDimensions();
      lastPurchase = Long.MIN_VALUE;
      bought = PriceTally.EMPTY;
      browsed = PriceTally.EMPTY;
      purchaseTimes = new long[0];
      lastBurstAt = -1;
      returnedAt = -1;
    }

    Draft(Profile p) {
      userId = p.userId;
      sequence = p.sequence;
      profiling = p.profiling;
      attributes = p.attributes;
      events = p.events;
      firstSeen = p.firstSeen;
      lastSeen = p.lastSeen;
      activeDays = p.activeDays;
      lastActiveDay = p.lastActiveDay;
      sessions = p.sessions;
      sessionMillis = p.sessionMillis;
      openSessions = p.openSessions;
      openLast = p.openLast;
      maxParallel = p.maxParallel;
      gaps = p.gaps;
      gapMean = p.gapMean;
      gapM2 = p.gapM2;
      types = p.types;
      typeCounts = p.typeCounts;
      dailyKeys = p.dailyKeys;
      dailyCounts = p.dailyCounts;
      devices = p.devices;
      deviceCounts = p.deviceCounts;
      hours = p.hours;
      recent = p.recent;
      base = p.base;
      interests = p.interests;
      negative = p.negative;
      ratings = p.ratings;
      ratingSum = p.ratingSum;
      spend = p.spend;
      orders = p.orders;
      lastPurchase = p.lastPurchase;
      bought = p.bought;
      browsed = p.browsed;
      purchaseTimes = p.purchaseTimes;
      bursts = p.bursts;
      lastBurstAt = p.lastBurstAt;
      returnedAt = p.returnedAt;
    }

    static Weights[] emptyDimensions() {
      Weights[] w = new Weights[DIMENSIONS.length];
      Arrays.fill(w, Weights.EMPTY);
      return w;
    }

    Profile build() {
      return new Profile(this);
    }
  }
}
