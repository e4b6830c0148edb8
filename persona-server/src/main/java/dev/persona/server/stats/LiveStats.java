package dev.persona.server.stats;

import dev.persona.core.store.StoreListener;
import dev.persona.core.store.StoredEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the server did over the last minutes, second by second: events stored, API requests and
 * their latency, overall and by route. It answers "is it healthy now?", which the cumulative
 * Prometheus series answer only with a Prometheus server to take differences.
 *
 * <p>A ring of {@value #MAX_WINDOW} one-second slots, each with an event count and, per route, a
 * latency histogram of logarithmic buckets ({@value #BUCKETS_PER_DOUBLING} per doubling from 10 µs,
 * so that a percentile is exact to within 19%). Recording is a few array writes under one lock; a
 * request costs far more than that. Thread-safe. Times are wall-clock (not the server's clock,
 * which a replay sets to the data's time).
 */
public final class LiveStats implements StoreListener {
  /** Seconds of history kept, and the longest window a snapshot covers. */
  public static final int MAX_WINDOW = 300;

  static final int BUCKETS_PER_DOUBLING = 4;
  static final double FIRST_BUCKET_NANOS = 10_000; // 10 µs
  static final int BUCKETS = 28 * BUCKETS_PER_DOUBLING; // up to 10 µs * 2^28: about 45 minutes

  private final LongSupplier clock;
  private final long[] second = new long[MAX_WINDOW];
  private final long[] events = new long[MAX_WINDOW];
  private final List<Map<String, Route>> routes = new ArrayList<>(MAX_WINDOW);

  /** One route in one second. */
  private static final class Route {
    final int[] buckets = new int[BUCKETS];
    long count;
    long nanos;
    long maxNanos;
    long clientErrors;
    long serverErrors;
  }

  public LiveStats() {
    this(System::currentTimeMillis);
  }

  /**
   * @param clock wall-clock milliseconds
   */
  public LiveStats(LongSupplier clock) {
    this.clock = clock;
    java.util.Arrays.fill(second, Long.MIN_VALUE);
    for (int i = 0; i < MAX_WINDOW; i++) {
      routes.add(new HashMap<>());
    }
  }

  @Override
  public void eventsAppended(List<StoredEvent> appended) {
    recordEvents(appended.size());
  }

  /** Counts events stored now. */
  public synchronized void recordEvents(int n) {
    events[slot(Math.floorDiv(clock.getAsLong(), 1000))] += n;
  }

  /**
   * Records one answered request.
   *
   * @param route the method and route template, such as {@code GET /v1/users/{id}/profile}
   * @param status the HTTP status answered
   * @param nanos the time to answer
   */
  public synchronized void recordRequest(String route, int status, long nanos) {
    int s = slot(Math.floorDiv(clock.getAsLong(), 1000));
    Route r = routes.get(s).computeIfAbsent(route, k -> new Route());
    r.buckets[bucket(nanos)]++;
    r.count++;
    r.nanos += nanos;
    r.maxNanos = Math.max(r.maxNanos, nanos);
    if (status >= 500) {
      r.serverErrors++;
    } else if (status >= 400) {
      r.clientErrors++;
    }
  }

  /** The slot of {@code sec}, cleared first when it last held an older second. */
  private int slot(long sec) {
    int s = (int) Math.floorMod(sec, (long) MAX_WINDOW);
    if (second[s] != sec) {
      second[s] = sec;
      events[s] = 0;
      routes.get(s).clear();
    }
    return s;
  }

  static int bucket(long nanos) {
    if (nanos <= FIRST_BUCKET_NANOS) {
      return 0;
    }
    double b = Math.log(nanos / FIRST_BUCKET_NANOS) / Math.log(2) * BUCKETS_PER_DOUBLING;
    return Math.min(BUCKETS - 1, (int) Math.ceil(b));
  }

  /** The upper bound of a bucket, in milliseconds. */
  static double upperMillis(int bucket) {
    return FIRST_BUCKET_NANOS * Math.pow(2, bucket / (double) BUCKETS_PER_DOUBLING) / 1e6;
  }

  /**
   * Latency over a window.
   *
   * @param p50 the median in milliseconds, as the upper bound of its histogram bucket (exact to
   *     within 19%); {@code null} without requests, like the other percentiles
   * @param mean the exact mean in milliseconds
   * @param max the exact maximum in milliseconds
   */
  public record Latency(Double p50, Double p90, Double p95, Double p99, Double mean, Double max) {}

  /**
   * One route over a window.
   *
   * @param clientErrors answers 400 to 499
   * @param serverErrors answers 500 and above (including 503 while not ready)
   */
  public record RouteStats(
      String route, long count, long clientErrors, long serverErrors, Latency latency) {}

  /**
   * The last {@code window} whole seconds (the second in progress is left out: it is not over).
   *
   * @param at the end of the window, epoch milliseconds
   * @param eventsPerSecond events stored in each second of the window, oldest first
   * @param events events stored in the window
   * @param requests API requests answered in the window
   * @param latency over every request of the window
   * @param routes by route, most requested first
   */
  public record Snapshot(
      long at,
      int window,
      long[] eventsPerSecond,
      long events,
      long requests,
      long clientErrors,
      long serverErrors,
      Latency latency,
      List<RouteStats> routes) {}

  /**
   * @param window seconds, 1 to {@link #MAX_WINDOW}
   */
  public synchronized Snapshot snapshot(int window) {
    if (window < 1 || window > MAX_WINDOW) {
      throw new IllegalArgumentException(
          "window must be 1.." + MAX_WINDOW + " seconds, got " + window);
    }
    long now = Math.floorDiv(clock.getAsLong(), 1000);
    long[] series = new long[window];
    long total = 0;
    Map<String, Route> byRoute = new HashMap<>();
    Route all = new Route();
    for (int i = 0; i < window; i++) {
      long sec = now - window + i;
      int s = (int) Math.floorMod(sec, (long) MAX_WINDOW);
      if (second[s] != sec) {
        continue;
      }
      series[i] = events[s];
      total += events[s];
      for (Map.Entry<String, Route> e : routes.get(s).entrySet()) {
        add(byRoute.computeIfAbsent(e.getKey(), k -> new Route()), e.getValue());
        add(all, e.getValue());
      }
    }
    List<RouteStats> list = new ArrayList<>();
    byRoute.forEach(
        (route, r) ->
            list.add(new RouteStats(route, r.count, r.clientErrors, r.serverErrors, latency(r))));
    list.sort(
        Comparator.comparingLong(RouteStats::count).reversed().thenComparing(RouteStats::route));
    return new Snapshot(
        now * 1000,
        window,
        series,
        total,
        all.count,
        all.clientErrors,
        all.serverErrors,
        latency(all),
        list);
  }

  private static void add(Route into, Route r) {
    for (int b = 0; b < BUCKETS; b++) {
      into.buckets[b] += r.buckets[b];
    }
    into.count += r.count;
    into.nanos += r.nanos;
    into.maxNanos = Math.max(into.maxNanos, r.maxNanos);
    into.clientErrors += r.clientErrors;
    into.serverErrors += r.serverErrors;
  }

  private static Latency latency(Route r) {
    if (r.count == 0) {
      return new Latency(null, null, null, null, null, null);
    }
    return new Latency(
        percentile(r, 0.50),
        percentile(r, 0.90),
        percentile(r, 0.95),
        percentile(r, 0.99),
        round(r.nanos / 1e6 / r.count),
        round(r.maxNanos / 1e6));
  }

  /** The smallest bucket bound below which at least {@code q} of the requests fall. */
  private static double percentile(Route r, double q) {
    long rank = (long) Math.ceil(q * r.count);
    long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      seen += r.buckets[b];
      if (seen >= rank) {
        // never above the exact maximum: the bucket bound may be up to 19% over it
        return round(Math.min(upperMillis(b), r.maxNanos / 1e6));
      }
    }
    return round(r.maxNanos / 1e6);
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
