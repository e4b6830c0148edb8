package dev.persona.server.recommend;

import dev.persona.core.index.IdIndex;
import dev.persona.core.store.Store;
import dev.persona.recommend.RecommendConfig;
import dev.persona.recommend.UserHistory;
import dev.persona.recommend.train.Interactions;
import dev.persona.recommend.train.Snapshot;
import dev.persona.recommend.train.SnapshotCodec;
import dev.persona.recommend.train.Trainer;
import dev.persona.server.config.TrainingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trained models in the server: training jobs (on request, on a schedule, at the first start) run
 * one at a time on their own thread, read the whole event log into an interaction matrix, train
 * iALS and EASE, write the snapshot to {@code <data>/models/} and swap it in with one reference
 * write, so requests in flight finish on the snapshot they started with. At start-up the newest
 * readable snapshot is loaded; a damaged one is skipped with a warning.
 *
 * <p>Also the users' histories for fold-in: read from the log on first use and cached until the
 * user's next event (invalidated from the change feed before the event's 202 is sent, so the next
 * request folds in the new event).
 */
public final class ModelService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelService.class);
  static final int HISTORY_CACHE = 100_000;
  static final int JOBS_KEPT = 20;

  /** One training job. Its fields change as it runs; reads see a consistent enough picture. */
  public static final class Job {
    public final String id;
    public final String trigger;
    public final long createdAt;
    volatile String state = "queued";
    volatile long startedAt;
    volatile long finishedAt;
    volatile String message;
    volatile Long version;

    Job(String id, String trigger, long createdAt) {
      this.id = id;
      this.trigger = trigger;
      this.createdAt = createdAt;
    }

    /** {@code queued}, {@code running}, {@code done} or {@code failed}. */
    public String state() {
      return state;
    }

    public String message() {
      return message;
    }

    public Long version() {
      return version;
    }

    public Map<String, Object> view() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("job", id);
      m.put("trigger", trigger);
      m.put("state", state);
      m.put("createdAt", createdAt);
      m.put("startedAt", startedAt == 0 ? null : startedAt);
      m.put("finishedAt", finishedAt == 0 ? null : finishedAt);
      m.put("version", version);
      m.put("message", message);
      return m;
    }
  }

  private final TrainingOptions options;
  private final RecommendConfig config;
  private final IdIndex ids;
  private final Path dir;
  private final LongSupplier clock;
  private final Predicate<String> risky;
  private final ExecutorService trainer;
  private final AtomicLong jobIds = new AtomicLong();
  private final Deque<Job> jobs = new ArrayDeque<>();
  private final ConcurrentHashMap<String, UserHistory.History> histories =
      new ConcurrentHashMap<>();
  // bumped before a user's entry is dropped, so a history read from the log while an event
  // arrived is not cached over the invalidation (see historyOf)
  private final java.util.concurrent.atomic.AtomicLongArray generations =
      new java.util.concurrent.atomic.AtomicLongArray(STRIPES);
  static final int STRIPES = 4096;
  private volatile Snapshot current;
  private volatile Store store;
  private volatile Job pending;
  private ScheduledExecutorService schedule;

  /**
   * @param dir where snapshots are kept ({@code <data>/models})
   * @param risky users whose events training leaves out (when so configured)
   */
  public ModelService(
      TrainingOptions options,
      RecommendConfig config,
      IdIndex ids,
      Path dir,
      LongSupplier clock,
      Predicate<String> risky) {
    this.options = options;
    this.config = config;
    this.ids = ids;
    this.dir = dir;
    this.clock = clock;
    this.risky = risky;
    this.trainer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "persona-train");
              t.setDaemon(true);
              t.setPriority(Thread.NORM_PRIORITY - 1);
              return t;
            });
  }

  /** The models in use, or {@code null} before the first training. */
  public Snapshot current() {
    return current;
  }

  public TrainingOptions options() {
    return options;
  }

  /** Loads the newest readable snapshot from disk, if any. */
  public void load() {
    for (Path p : snapshots()) {
      try {
        current = SnapshotCodec.read(p, ids);
        log.info(
            "loaded model snapshot v{} ({} items, trained at sequence {})",
            current.version(),
            current.items(),
            current.lastSequence());
        return;
      } catch (IOException | RuntimeException e) {
        log.warn("skipping model snapshot {}: {}", p, e.getMessage());
      }
    }
  }

  /** Snapshot files, newest first. */
  private List<Path> snapshots() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> version(p) > 0)
          .sorted(Comparator.comparingLong(ModelService::version).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The version in a file name {@code snapshot-<version>.bin}, or -1. */
  static long version(Path p) {
    String n = p.getFileName().toString();
    if (!n.startsWith("snapshot-") || !n.endsWith(".bin")) {
      return -1;
    }
    try {
      return Long.parseLong(n.substring(9, n.length() - 4));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Starts the schedule (and the first training when there is no model but there are events). */
  public synchronized void start(Store opened) {
    this.store = opened;
    if (options.onStart() && current == null && opened.events().count() > 0) {
      train("start");
    }
    if (!options.every().isZero()) {
      schedule =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "persona-train-schedule");
                t.setDaemon(true);
                return t;
              });
      long every = options.every().toMillis();
      schedule.scheduleWithFixedDelay(this::scheduled, every, every, TimeUnit.MILLISECONDS);
    }
  }

  private void scheduled() {
    try {
      Job waiting = pending;
      if (waiting != null && (waiting.state.equals("queued") || waiting.state.equals("running"))) {
        return; // a run in progress covers these events, or the next tick will
      }
      Store s = store;
      Snapshot c = current;
      long since = c == null ? 0 : c.lastSequence();
      if (s != null && s.events().lastSequence() - since >= options.minNewEvents()) {
        train("schedule");
      }
    } catch (RuntimeException e) {
      log.error("the training schedule failed; it tries again at its next time", e);
    }
  }

  /**
   * Queues a training run, or returns the one already queued (a second request while one waits adds
   * nothing).
   *
   * @throws IllegalStateException when the store is not open yet
   */
  public synchronized Job train(String trigger) {
    if (store == null) {
      throw new IllegalStateException("the store is not open yet");
    }
    Job waiting = pending;
    if (waiting != null && waiting.state.equals("queued")) {
      return waiting;
    }
    Job job = new Job("train-" + jobIds.incrementAndGet(), trigger, clock.getAsLong());
    pending = job;
    synchronized (jobs) {
      jobs.addFirst(job);
      while (jobs.size() > JOBS_KEPT) {
        jobs.removeLast();
      }
    }
    trainer.execute(() -> run(job));
    return job;
  }

  /** The latest jobs, newest first. */
  public List<Job> jobs() {
    synchronized (jobs) {
      return new ArrayList<>(jobs);
    }
  }

  public Optional<Job> job(String id) {
    return jobs().stream().filter(j -> j.id.equals(id)).findFirst();
  }

  private void run(Job job) {
    job.state = "running";
    job.startedAt = clock.getAsLong();
    try {
      Snapshot s = trainNow(job);
      job.version = s.version();
      job.state = "done";
      job.message =
          "trained v" + s.version() + " on " + s.pairs() + " pairs in " + seconds(s) + " s";
    } catch (RuntimeException | IOException | OutOfMemoryError e) {
      job.state = "failed";
      job.message = e.getMessage() == null ? e.toString() : e.getMessage();
      log.error("training job {} failed", job.id, e);
    } finally {
      job.finishedAt = clock.getAsLong();
    }
  }

  private static String seconds(Snapshot s) {
    double total = 0;
    for (var m : s.models()) {
      total += m.seconds();
    }
    return String.format(java.util.Locale.ROOT, "%.1f", total);
  }

  /** Trains on the whole log now, on the calling thread; saves and swaps in the result. */
  Snapshot trainNow(Job job) throws IOException {
    Store s = store;
    Interactions.Builder b = new Interactions.Builder();
    long[] last = {0};
    long[] left = {0};
    Map<String, Boolean> riskyUsers = new java.util.HashMap<>();
    job.message = "reading the event log";
    s.events()
        .replay(
            1,
            e -> {
              last[0] = e.sequence();
              var ev = e.event();
              double w = positive(ev);
              if (w <= 0) {
                return;
              }
              if (options.excludeRiskyUsers()
                  && riskyUsers.computeIfAbsent(ev.userId(), risky::test)) {
                left[0]++;
                return;
              }
              b.add(ev.userId(), ids.add(ev.itemId()), w);
            });
    b.items(ids.size());
    Interactions data = b.build();
    if (data.pairs() == 0) {
      throw new IllegalStateException(
          "nothing to train on: the log holds no positive interactions");
    }
    long version = Math.max(current == null ? 0 : current.version(), latestOnDisk()) + 1;
    Snapshot snapshot =
        new Trainer(options.config())
            .train(data, ids, version, last[0], clock.getAsLong(), m -> job.message = m);
    Files.createDirectories(dir);
    job.message = "saving v" + version;
    SnapshotCodec.write(snapshot, dir.resolve("snapshot-" + version + ".bin"));
    current = snapshot;
    prune();
    StringBuilder summary = new StringBuilder();
    for (var m : snapshot.models()) {
      summary.append(
          m.ready()
              ? String.format(
                  java.util.Locale.ROOT,
                  " %s %.1f s, holdout NDCG@10 %.4f;",
                  m.name(),
                  m.seconds(),
                  m.holdout().getOrDefault("ndcg@10", Double.NaN))
              : " " + m.name() + " skipped: " + m.reason() + ";");
    }
    log.info(
        "trained model v{}: {} users, {} items, {} pairs ({} events of risky users left out);{}",
        version,
        snapshot.users(),
        snapshot.items(),
        snapshot.pairs(),
        left[0],
        summary);
    return snapshot;
  }

  private long latestOnDisk() {
    List<Path> all = snapshots();
    return all.isEmpty() ? 0 : version(all.get(0));
  }

  private void prune() {
    List<Path> all = snapshots();
    for (int i = options.keep(); i < all.size(); i++) {
      try {
        Files.deleteIfExists(all.get(i));
      } catch (IOException e) {
        log.warn("could not delete old snapshot {}: {}", all.get(i), e.getMessage());
      }
    }
  }

  // ---- histories for fold-in ----

  /** Users' whole histories from the log, cached until their next event. */
  public UserHistory history() {
    return this::historyOf;
  }

  UserHistory.History historyOf(String userId) {
    UserHistory.History h = histories.get(userId);
    if (h != null) {
      return h;
    }
    Store s = store;
    if (s == null) {
      return UserHistory.History.EMPTY;
    }
    int stripe = stripe(userId);
    long generation = generations.get(stripe);
    UserHistory.History.Builder b = new UserHistory.History.Builder();
    s.events()
        .replayUser(
            userId,
            e -> {
              double w = positive(e.event());
              int i = w > 0 ? ids.toIndex(e.event().itemId()) : -1;
              if (i >= 0) { // an unindexed item is not yet seen by the online model, nor scored
                b.add(i, w);
              }
            });
    h = b.build();
    if (histories.size() >= HISTORY_CACHE) {
      // bounded: drop an arbitrary tenth (cheap; a miss costs one read of the user's log)
      var it = histories.keySet().iterator();
      for (int k = 0; k < HISTORY_CACHE / 10 && it.hasNext(); k++) {
        it.next();
        it.remove();
      }
    }
    UserHistory.History read = h;
    // cached only if no event of this stripe arrived while the log was read; checked and stored
    // under the map's lock, which invalidate's remove also takes
    histories.compute(userId, (k, old) -> generations.get(stripe) == generation ? read : old);
    return h;
  }

  private static int stripe(String userId) {
    return (userId.hashCode() & 0x7fffffff) % STRIPES;
  }

  /** An event's positive interaction weight, as training and fold-in count it; 0 for none. */
  private double positive(dev.persona.core.model.Event ev) {
    return ev.itemId() == null ? 0 : config.weight(ev.type(), ev.value());
  }

  /** Forgets a user's cached history (they sent an event, or were erased). */
  public void invalidate(String userId) {
    generations.incrementAndGet(stripe(userId));
    histories.remove(userId);
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.shutdownNow();
    }
    trainer.shutdownNow();
    // a job still running writes its snapshot under the data directory: let it stop before the
    // caller moves or deletes that directory (bounded, so a long training cannot hold up exit)
    try {
      trainer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
