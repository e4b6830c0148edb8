package dev.persona.bench;

import dev.persona.core.index.IdIndex;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.store.StoredEvent;
import dev.persona.core.topk.TopK;
import dev.persona.profile.ProfileConfig;
import dev.persona.profile.ProfileContext;
import dev.persona.recommend.CatalogueIndex;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecommendConfig;
import dev.persona.recommend.Recommender;
import dev.persona.recommend.UserHistory;
import dev.persona.recommend.online.OnlineModel;
import dev.persona.recommend.source.AlsSource;
import dev.persona.recommend.train.AlsModel;
import dev.persona.recommend.train.AlsParams;
import dev.persona.recommend.train.Interactions;
import dev.persona.recommend.train.ItemSpace;
import dev.persona.recommend.train.NormOrderedCodes;
import dev.persona.recommend.train.Snapshot;
import dev.persona.recommend.train.Trainer;
import dev.persona.recommend.train.TrainingConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * Recommendation latency in process at scale: a synthetic catalogue (default 100,000 items in 200
 * categories, Zipf popularity) and users (default 1,000,000, each with 10 events drawn mostly from
 * two favourite categories) are fed to the online model; iALS (64 factors; 5 iterations by default,
 * which does not change serving cost) is trained on them; then {@code clients} threads each ask for
 * a random user's list of 10, back to back (closed loop), for {@code seconds}, and every call's
 * latency goes into an HdrHistogram. Each blend runs at 1, 8 and 32 clients. Before that it
 * measures the iALS candidate search: how much of the catalogue it scores, and how many rough
 * candidates the exact rescoring needs to keep the exact top 50 (what a source proposes for a list
 * of 10).
 *
 * <p>What it leaves out: HTTP (see IngestBenchmark for the HTTP path's cost) and reading the
 * history from the log (the server caches it per user until their next event; here it is in
 * memory).
 *
 * <p>Run: {@code BENCH_JAVA_OPTS=-Xmx16g persona-bench/run RecommendLatencyBenchmark [users items
 * seconds iterations [blend name prefix]]}; {@code -Dthreads=pool} has the clients queue their
 * calls for as many threads as cores, as the server's HTTP handlers share its carrier threads;
 * {@code -Dclients=1,8,32} and {@code -Drates=250,500,750} choose the rows (empty for none); {@code
 * -Devents=1000} runs the closed-loop rows again while that many events per second arrive.
 */
public final class RecommendLatencyBenchmark {
  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int items = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int perUser = 10;
    int categories = 200;
    System.out.printf(
        Locale.ROOT,
        "# RecommendLatencyBenchmark: %,d users, %,d items, %d events per user; %d cores, %s %s,"
            + " max heap %d MiB; calls on %s threads%n",
        users,
        items,
        perUser,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        "pool".equals(System.getProperty("threads")) ? "a pool of core-count" : "the clients' own");
    IdIndex ids = new IdIndex();
    Map<String, Item> catalogue = new HashMap<>(items * 2);
    for (int i = 0; i < items; i++) {
      String id = "i" + i;
      ids.add(id);
      int c = i % categories;
      catalogue.put(
          id,
          new Item(
              id,
              "Item " + i,
              List.of("c" + (c / 20) + "/c" + c),
              "b" + (i % 500),
              10.0 + (i % 300),
              List.of(),
              Map.of(),
              null,
              true));
    }
    RecommendConfig config = RecommendConfig.defaults();
    OnlineModel model = new OnlineModel(config, ids);
    Interactions.Builder b = new Interactions.Builder();
    UserHistory.History[] histories = new UserHistory.History[users];
    long now = System.currentTimeMillis();
    long t0 = System.nanoTime();
    long seq =
        syntheticLog(
            users,
            perUser,
            categories,
            items,
            now,
            e -> {
              model.observe(e, List.of());
              Event ev = e.event();
              int u = (int) ((e.sequence() - 1) / perUser); // user by user, from 1
              int k = (int) ((e.sequence() - 1) % perUser);
              if (k == 0) {
                histories[u] = new UserHistory.History(new int[perUser], new float[perUser]);
              }
              int item = Integer.parseInt(ev.itemId().substring(1));
              b.add(ev.userId(), item, config.weight(ev.type(), null));
              histories[u].items()[k] = item;
              histories[u].weights()[k] = (float) config.weight(ev.type(), null);
            });
    b.items(ids.size());
    System.out.printf(
        Locale.ROOT,
        "online model fed %,d events in %.1f s%n",
        seq,
        (System.nanoTime() - t0) / 1e9);
    TrainingConfig tc = TrainingConfig.defaults();
    AlsParams p = tc.als();
    tc =
        new TrainingConfig(
            new AlsParams(
                p.factors(),
                iterations,
                p.regularization(),
                p.exponent(),
                p.alpha(),
                p.cgSteps(),
                p.seed(),
                p.threads()),
            false,
            tc.easeLambda(),
            tc.easeMaxItems(),
            0,
            tc.seed());
    long t1 = System.nanoTime();
    Snapshot snapshot = new Trainer(tc).train(b.build(), ids, 1, seq, now, m -> {});
    System.out.printf(
        Locale.ROOT,
        "iALS trained (%d iterations) in %.1f s (%.1f s per iteration)%n",
        iterations,
        (System.nanoTime() - t1) / 1e9,
        snapshot.models().get(0).seconds() / iterations);
    candidateSearch(snapshot.als(), histories, users);
    System.gc(); // the setup's garbage (10M events' worth) is not collected during the first row
    if (!"false".equals(System.getProperty("warmNeighbours"))) {
      // a server that has served for a while has most items' neighbour lists cached (each computed
      // at its first request after a change); a 15-second row would compute most of the long
      // tail's for the first time, so their first computation is done here, timed apart
      long t2 = System.nanoTime();
      for (int i = 0; i < items; i++) {
        model.neighbours(i, OnlineModel.CACHED_NEIGHBOURS);
      }
      System.out.printf(
          Locale.ROOT,
          "neighbour lists of all %,d items computed once in %.1f s (-DwarmNeighbours=false to"
              + " leave them to the rows)%n%n",
          items,
          (System.nanoTime() - t2) / 1e9);
    }
    CatalogueIndex index =
        CatalogueIndex.build(
            catalogue.values(), ids, model, ProfileConfig.defaults()::priceBand, now);
    ProfileContext context = ProfileContext.of(ProfileConfig.defaults());
    UserHistory history =
        id -> {
          int u = Integer.parseInt(id.substring(1));
          return u < histories.length ? histories[u] : UserHistory.History.EMPTY;
        };

    Map<String, Map<String, Double>> blends = new LinkedHashMap<>();
    blends.put("default blend (all sources)", config.sourceWeights());
    Map<String, Double> online = new HashMap<>(config.sourceWeights());
    online.remove("als");
    online.remove("ease");
    blends.put("online sources only", online);
    blends.put("als only", Map.of("als", 1.0));
    System.out.println();
    System.out.println(
        "| blend | clients | lists/s | p50 ms | p99 ms | p99.9 ms | max ms | CPU µs per list |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | ---: |");
    String only = args.length > 4 ? args[4] : null;
    for (var blend : blends.entrySet()) {
      if (only != null && !blend.getKey().startsWith(only)) {
        continue;
      }
      RecommendConfig c =
          config.toBuilder()
              .sourceWeights(blend.getValue())
              .excludedCategories(Set.of())
              .boosts(List.of())
              .pins(List.of())
              .build();
      Recommender rec =
          new Recommender(c, model, () -> index, catalogue::get, () -> snapshot, history);
      for (int clients : counts("clients", "1,8,32")) {
        run(rec, model, context, users, clients, 3, now, 0); // warm-up
        Row row = run(rec, model, context, users, clients, seconds, now, 0);
        print(blend.getKey(), clients + " closed loop", row, seconds);
      }
      // the same rows while events arrive, each learned as the server learns it (the writer
      // thread's CPU counts in the row's)
      for (int eventRate : counts("events", "")) {
        for (int clients : counts("clients", "1,8,32")) {
          Writer w = new Writer(model, histories, categories, items, now, seq, eventRate, config);
          w.start();
          run(rec, model, context, users, clients, 3, now, 0); // warm-up, events arriving
          long scored = model.neighbourScorings();
          long renewed = model.neighbourRenewals();
          Row row = run(rec, model, context, users, clients, seconds, now, 0);
          scored = model.neighbourScorings() - scored;
          renewed = model.neighbourRenewals() - renewed;
          long written = w.finish();
          print(
              blend.getKey(),
              String.format(
                  Locale.ROOT,
                  "%d closed loop, %,d events/s (%,.0f learned; neighbour lists scored %,.0f/s,"
                      + " renewed %,.0f/s)",
                  clients,
                  eventRate,
                  w.rate(),
                  scored / (double) seconds,
                  renewed / (double) seconds),
              row,
              seconds);
          seq += written;
        }
      }
      // 32 clients at fixed arrival rates, latency from each call's intended start
      for (int rate : counts("rates", "250,500,750")) {
        Row row = run(rec, model, context, users, 32, seconds, now, rate);
        print(blend.getKey(), "32 at " + rate + "/s", row, seconds);
      }
    }
  }

  /**
   * The synthetic log of this benchmark (also fed by {@link OnlineSnapshotBenchmark}), user by
   * user: {@code perUser} events each, over the 30 days before {@code now}, sequences from 1; each
   * user draws two favourite categories (item {@code i} is in category {@code i % categories}) and
   * takes two events in three from the first; within a category, items are drawn Zipf-like (low
   * ranks popular); one event in 20 is a purchase, the rest views; a session per user. Seeded.
   *
   * @return the number of events
   */
  static long syntheticLog(
      int users,
      int perUser,
      int categories,
      int items,
      long now,
      java.util.function.Consumer<StoredEvent> sink) {
    SplittableRandom r = new SplittableRandom(5);
    long t = now - 30L * 86_400_000;
    long step = 30L * 86_400_000 / ((long) users * perUser);
    long seq = 0;
    for (int u = 0; u < users; u++) {
      String user = "u" + u;
      int fav1 = r.nextInt(categories);
      int fav2 = r.nextInt(categories);
      for (int k = 0; k < perUser; k++) {
        int item = itemIn(r, k % 3 == 2 ? fav2 : fav1, categories, items);
        t += step;
        String type = r.nextInt(20) == 0 ? "purchase" : "view";
        sink.accept(
            new StoredEvent(
                ++seq,
                t,
                new Event(null, type, user, "i" + item, t, null, "s" + u, null, null, null, null)));
      }
    }
    return seq;
  }

  /** An item of category {@code c} (the items {@code i % categories == c}), low ranks popular. */
  static int itemIn(SplittableRandom r, int c, int categories, int items) {
    int size = (items - c + categories - 1) / categories; // the items i < items with i % n = c
    int rank = (int) Math.min(size - 1, Math.floor(Math.pow(r.nextDouble(), 3) * size));
    return c + categories * rank;
  }

  /**
   * Events arriving during a row ({@code -Devents=}): one thread learns events at a fixed rate into
   * the online model, as the server's single writer does, and appends each to its user's history
   * (the server drops that user's cached history at their event). A random user's next event is in
   * their latest item's category two times in three, else in any category, Zipf-like within it, one
   * in 20 a purchase, all in the user's one session.
   */
  static final class Writer extends Thread {
    private final OnlineModel model;
    private final UserHistory.History[] histories;
    private final int categories;
    private final int items;
    private final long now;
    private final int rate;
    private final RecommendConfig config;
    private long seq;
    private volatile boolean stop;
    private long written;
    private long started;
    private long stopped;

    Writer(
        OnlineModel model,
        UserHistory.History[] histories,
        int categories,
        int items,
        long now,
        long seq,
        int rate,
        RecommendConfig config) {
      super("writer");
      setDaemon(true);
      this.model = model;
      this.histories = histories;
      this.categories = categories;
      this.items = items;
      this.now = now;
      this.seq = seq;
      this.rate = rate;
      this.config = config;
    }

    /** Stops the writer and returns how many events it learned. */
    long finish() throws InterruptedException {
      stop = true;
      join();
      return written;
    }

    /** Events learned per second over the writer's whole run (after {@link #finish}). */
    double rate() {
      return written / ((stopped - started) / 1e9);
    }

    @Override
    public void run() {
      SplittableRandom r = new SplittableRandom(seq);
      long interval = 1_000_000_000L / rate;
      started = System.nanoTime();
      long next = started;
      while (!stop) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
          continue;
        }
        next += interval;
        int u = r.nextInt(histories.length);
        UserHistory.History h = histories[u];
        int c =
            h.size() > 0 && r.nextInt(3) < 2
                ? h.items()[h.size() - 1] % categories
                : r.nextInt(categories);
        int item = itemIn(r, c, categories, items);
        String type = r.nextInt(20) == 0 ? "purchase" : "view";
        String user = "u" + u;
        model.observe(
            new StoredEvent(
                ++seq,
                now,
                new Event(
                    null, type, user, "i" + item, now, null, "s" + u, null, null, null, null)),
            List.of());
        histories[u] = appended(h, item, (float) config.weight(type, null));
        written++;
      }
      stopped = System.nanoTime();
    }

    /** The history with one more interaction: an item already there sums and moves to the end. */
    static UserHistory.History appended(UserHistory.History h, int item, float weight) {
      int n = h.size();
      int[] is = new int[n + 1];
      float[] ws = new float[n + 1];
      int k = 0;
      float w = weight;
      for (int q = 0; q < n; q++) {
        if (h.items()[q] == item) {
          w += h.weights()[q];
        } else {
          is[k] = h.items()[q];
          ws[k++] = h.weights()[q];
        }
      }
      is[k] = item;
      ws[k++] = w;
      return new UserHistory.History(
          java.util.Arrays.copyOf(is, k), java.util.Arrays.copyOf(ws, k));
    }
  }

  /**
   * A list of counts from system property {@code name} (comma-separated; empty for none), for
   * measuring some rows alone: {@code -Dclients=32 -Drates=}.
   */
  static int[] counts(String name, String defaults) {
    String v = System.getProperty(name, defaults).trim();
    if (v.isEmpty()) {
      return new int[0];
    }
    int[] out;
    try {
      out =
          java.util.Arrays.stream(v.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + name + " must list whole numbers separated by commas, got '" + v + "'", e);
    }
    for (int c : out) {
      if (c <= 0) {
        throw new IllegalArgumentException("-D" + name + " must list counts above 0, got " + c);
      }
    }
    return out;
  }

  /**
   * What the iALS source's candidate search costs beside the same search without its stop, which
   * scores every item (both on the 8-bit codes, both for the rough candidates that serving asks
   * for), and how much of the catalogue the search scores before its bound lets it stop, for 1,000
   * random users. The two must find the same items; a difference aborts the benchmark.
   */
  static void candidateSearch(AlsModel m, UserHistory.History[] histories, int users) {
    ItemSpace space = m.items();
    int want = AlsSource.roughCandidates(Query.recallFor(10)); // what a list of 10 asks for
    SplittableRandom r = new SplittableRandom(11);
    int sampled = Math.min(1_000, users);
    float[][] xs = new float[sampled][];
    int[][] skips = new int[sampled][];
    for (int s = 0; s < sampled; s++) {
      UserHistory.History h = histories[r.nextInt(users)];
      int[] local = new int[h.size()];
      for (int q = 0; q < local.length; q++) {
        local[q] = space.localOf(h.items()[q]);
      }
      xs[s] = m.foldIn(local, h.weights(), local.length);
      skips[s] = java.util.Arrays.stream(local).filter(i -> i >= 0).distinct().sorted().toArray();
    }
    double[] share = new double[sampled];
    double[] searchMicros = new double[5];
    double[] scanMicros = new double[5];
    for (int rep = 0; rep < 5; rep++) {
      long t0 = System.nanoTime();
      long[][] found = new long[sampled][];
      for (int s = 0; s < sampled; s++) {
        NormOrderedCodes.Found f = m.codes().search(xs[s], skips[s], want);
        found[s] = f.top();
        share[s] = f.scored() / (double) space.size();
      }
      searchMicros[rep] = (System.nanoTime() - t0) / 1e3 / sampled;
      t0 = System.nanoTime();
      for (int s = 0; s < sampled; s++) {
        long[] all = m.codes().searchEveryBlock(xs[s], skips[s], want).top();
        if (!java.util.Arrays.equals(all, found[s])) {
          throw new IllegalStateException("the search and the full scan differ for user " + s);
        }
      }
      scanMicros[rep] = (System.nanoTime() - t0) / 1e3 / sampled;
    }
    java.util.Arrays.sort(share);
    java.util.Arrays.sort(searchMicros);
    java.util.Arrays.sort(scanMicros);
    System.out.printf(
        Locale.ROOT,
        "%niALS candidates (top %d of the 8-bit scores), %d users, 5 rounds: the search scored a"
            + " median %.1f%% of the %,d items (p90 %.1f%%, max %.1f%%) and found what the full"
            + " scan found; µs per user, median round: search %.0f, every item scored %.0f"
            + " (%.1fx)%n%n",
        want,
        sampled,
        100 * share[sampled / 2],
        space.size(),
        100 * share[sampled * 9 / 10],
        100 * share[sampled - 1],
        searchMicros[2],
        scanMicros[2],
        scanMicros[2] / searchMicros[2]);
    prefilter(m, xs, skips);
  }

  /**
   * How many rough candidates the exact rescoring needs: for each count, the share of the exact top
   * {@code L} (the candidates a source proposes for a list of 10) and top 10 over every item (float
   * factors, the user's items left out) that the exact best {@code L} of the 8-bit search's
   * candidates keep, and the search's time.
   */
  static void prefilter(AlsModel m, float[][] xs, int[][] skips) {
    int limit = Query.recallFor(10);
    int n = m.items().size();
    float[] all = new float[n];
    int[][] truth = new int[xs.length][];
    for (int s = 0; s < xs.length; s++) {
      m.score(xs[s], all);
      TopK t = new TopK(limit);
      for (int i = 0; i < n; i++) {
        if (java.util.Arrays.binarySearch(skips[s], i) < 0) {
          t.offer(i, all[i]);
        }
      }
      truth[s] = t.ids();
    }
    System.out.printf(
        Locale.ROOT,
        "| rough candidates | kept of the exact top %d | of the top 10 | search µs |%n",
        limit);
    System.out.println("| ---: | ---: | ---: | ---: |");
    for (int want : new int[] {limit, limit + limit / 2, 2 * limit, 3 * limit}) {
      long keptAll = 0;
      long kept10 = 0;
      long t0 = System.nanoTime();
      for (int s = 0; s < xs.length; s++) {
        long[] rough = m.codes().top(xs[s], skips[s], want);
        TopK exact = new TopK(limit);
        for (long packed : rough) {
          int j = TopK.idOf(packed);
          exact.offer(j, m.exact(xs[s], j));
        }
        java.util.Set<Integer> got = new java.util.HashSet<>();
        for (int j : exact.ids()) {
          got.add(j);
        }
        for (int r = 0; r < truth[s].length; r++) {
          if (got.contains(truth[s][r])) {
            keptAll++;
            kept10 += r < 10 ? 1 : 0;
          }
        }
      }
      double micros = (System.nanoTime() - t0) / 1e3 / xs.length;
      System.out.printf(
          Locale.ROOT,
          "| %d | %.4f | %.4f | %.0f |%n",
          want,
          keptAll / ((double) limit * xs.length),
          kept10 / (10.0 * xs.length),
          micros);
    }
    System.out.println();
  }

  static void print(String blend, String clients, Row row, int seconds) {
    Histogram hist = row.latencies();
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %,.0f | %.2f | %.2f | %.2f | %.2f | %.0f |%n",
        blend,
        clients,
        hist.getTotalCount() / (double) seconds,
        hist.getValueAtPercentile(50) / 1e6,
        hist.getValueAtPercentile(99) / 1e6,
        hist.getValueAtPercentile(99.9) / 1e6,
        hist.getMaxValue() / 1e6,
        row.cpuNanos() / 1e3 / Math.max(1, hist.getTotalCount()));
  }

  /**
   * One row's measurement: every call's latency, and the process's CPU time over the row (every
   * thread: the calls, the clients, the collector, the compiler). Per list the CPU time says what a
   * list costs where the cores are not both busy (one client, fixed rates); where they are, it is
   * about cores / lists per second, and as noisy.
   */
  record Row(Histogram latencies, long cpuNanos) {}

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Clients calling back to back ({@code rate} 0), or together at {@code rate} calls per second,
   * each client on its own fixed schedule, with latency counted from the scheduled start so that a
   * slow call delays (and is charged for) the ones queued behind it.
   */
  /**
   * {@code -Dthreads=pool}: the clients hand their calls to one queue served by as many threads as
   * cores, each call run to its end, as the server's request handlers share as many carrier threads
   * as cores; a call's latency counts its wait in the queue. By default each client calls on its
   * own platform thread, and the operating system time-slices the 32 of them.
   */
  static final java.util.concurrent.ExecutorService POOL =
      "pool".equals(System.getProperty("threads"))
          ? java.util.concurrent.Executors.newFixedThreadPool(
              Runtime.getRuntime().availableProcessors(),
              r -> {
                Thread t = new Thread(r, "server");
                t.setDaemon(true);
                return t;
              })
          : null;

  static Row run(
      Recommender rec,
      OnlineModel model,
      ProfileContext context,
      int users,
      int clients,
      int seconds,
      long now,
      int rate)
      throws InterruptedException {
    Histogram all = new Histogram(60_000_000_000L, 3);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(clients);
    List<Histogram> parts = new ArrayList<>();
    for (int k = 0; k < clients; k++) {
      Histogram h = new Histogram(60_000_000_000L, 3);
      parts.add(h);
      long seed = k;
      Runnable client =
          () -> {
            SplittableRandom r = new SplittableRandom(seed);
            long interval = rate == 0 ? 0 : 1_000_000_000L * clients / rate;
            long next = System.nanoTime() + (rate == 0 ? 0 : seed * interval / clients);
            while (!stop.get()) {
              String user = "u" + r.nextInt(users);
              long s = System.nanoTime();
              if (rate > 0) {
                while (s < next) {
                  java.util.concurrent.locks.LockSupport.parkNanos(next - s);
                  s = System.nanoTime();
                }
                s = next; // charge the wait behind a slow call to this call
                next += interval;
              }
              Query q =
                  new Query(
                      Query.Kind.USER,
                      user,
                      model.user(user),
                      null,
                      context,
                      List.of(),
                      10,
                      null,
                      Set.of(),
                      1,
                      now);
              if (POOL == null) {
                rec.recommend(q);
              } else {
                try { // queued behind the other clients' calls, and the wait counted (from s)
                  POOL.submit(() -> rec.recommend(q)).get();
                } catch (java.util.concurrent.ExecutionException e) {
                  throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
              }
              h.recordValue(System.nanoTime() - s);
            }
          };
      Runnable counted =
          () -> {
            try {
              client.run();
            } finally {
              done.countDown(); // also when a call failed, so that the run ends
            }
          };
      Thread th = new Thread(counted);
      th.setDaemon(true);
      th.start();
    }
    long cpu = processCpuNanos();
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    done.await();
    long cpuNanos = processCpuNanos() - cpu;
    for (Histogram h : parts) {
      all.add(h);
    }
    return new Row(all, cpuNanos);
  }
}
