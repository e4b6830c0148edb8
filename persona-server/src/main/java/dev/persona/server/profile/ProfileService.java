package dev.persona.server.profile;

import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.Erasure;
import dev.persona.core.store.ProfileStore;
import dev.persona.core.store.Store;
import dev.persona.core.store.StoreListener;
import dev.persona.core.store.StoredEvent;
import dev.persona.profile.Evidence;
import dev.persona.profile.Population;
import dev.persona.profile.Profile;
import dev.persona.profile.ProfileCodec;
import dev.persona.profile.ProfileContext;
import dev.persona.profile.ProfileUpdater;
import dev.persona.profile.ProfileView;
import dev.persona.profile.Reading;
import dev.persona.profile.cluster.ClusterModel;
import dev.persona.profile.live.Audience;
import dev.persona.profile.live.ProfileBook;
import dev.persona.profile.live.Segments;
import dev.persona.profile.live.Traits;
import dev.persona.profile.segment.Rule;
import dev.persona.server.ingest.EventStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live profiles in the server: the {@link ProfileBook} kept current from the store's change feed,
 * live segments, population statistics, clusters, and snapshots to the store.
 *
 * <p>Start-up ({@link #open}): load the catalogue; load the latest profile snapshot when it was
 * made with the same configuration (otherwise forget it and rebuild everything from the log); apply
 * every user record (consent and attributes are not in the log); replay the log after the
 * snapshot's checkpoint, skipping what each profile already reflects; compute population
 * statistics; restore and evaluate segments. Then {@link #startSchedules} writes changed profiles
 * every {@code snapshotInterval}, refreshes statistics and segments every {@code refreshInterval},
 * and clusters every {@code clusters.interval} (first right after start-up).
 *
 * <p>Erasure and snapshot writing exclude each other, so that a snapshot taken before an erasure
 * cannot write the erased user's profile back after it.
 */
public final class ProfileService implements StoreListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProfileService.class);
  static final String SEGMENT_KIND = "segment";
  private static final int SNAPSHOT_BATCH = 5_000;
  private static final int MAX_ATTRIBUTE_NAMES = 1_000;

  private final ProfileOptions options;
  private final ProfileUpdater updater;
  private final Catalogue catalogue = new Catalogue();
  private final ProfileBook book;
  private final Segments segments = new Segments();
  private final EventStats stats;
  private final LongSupplier clock;
  private final Set<String> attributeNames = ConcurrentHashMap.newKeySet();
  // Locks, not monitors: HTTP handlers run on virtual threads, which a monitor held across a wait
  // pins to their carrier (JDK 21-23).
  private final ReentrantLock snapshotLock = new ReentrantLock();
  private final ReentrantLock clusterLock = new ReentrantLock();
  private final ReentrantLock segmentLock = new ReentrantLock();
  private final List<Consumer<StoredEvent>> extraAppliers;
  private final Timer snapshotTimer;
  private final MultiGauge segmentSizes;
  private final AtomicReference<ProfileContext> context;
  private final AtomicLong applyFailures = new AtomicLong();

  /** Set when derived state missed a change: the next snapshot asks the next start to rebuild. */
  private volatile String diverged;

  private volatile Store store;
  private volatile long checkpoint;
  private ScheduledExecutorService scheduler;

  /**
   * @param extraAppliers more derived state fed every event replayed at start-up (those after the
   *     latest profile snapshot) and every new event (tests use it to slow a replay down)
   */
  public ProfileService(
      ProfileOptions options,
      EventStats stats,
      MeterRegistry registry,
      LongSupplier clock,
      List<Consumer<StoredEvent>> extraAppliers) {
    this.options = options;
    this.updater = new ProfileUpdater(options.config());
    this.book = new ProfileBook(updater, catalogue::get);
    this.stats = stats;
    this.clock = clock;
    this.extraAppliers = List.copyOf(extraAppliers);
    this.context = new AtomicReference<>(ProfileContext.of(options.config()));
    Gauge.builder("persona.profiles", book, ProfileBook::size)
        .description("Profiles in memory")
        .register(registry);
    Gauge.builder("persona.profiles.unsaved", book, ProfileBook::pending)
        .description("Profiles changed since the latest snapshot")
        .register(registry);
    snapshotTimer =
        Timer.builder("persona.profiles.snapshot")
            .description("Time to write changed profiles to the store")
            .register(registry);
    Gauge.builder("persona.profiles.apply.failures", applyFailures, AtomicLong::get)
        .description("Changes the profiles failed to apply (they are rebuilt at the next start)")
        .register(registry);
    segmentSizes =
        MultiGauge.builder("persona.segment.size")
            .description("Users in each segment")
            .register(registry);
  }

  // ---- start-up ----

  /**
   * Loads or rebuilds every profile from {@code store}, then listens to its changes (when this
   * service is the store's only follower; see the other overload otherwise).
   *
   * @param progress told the number of log events to replay, then once per event
   */
  public void open(Store opened, Progress progress) {
    open(opened, progress, List.of());
    opened.listen(this);
  }

  /**
   * More derived state fed the log at start-up from its own point on ({@code from}: 0 for the whole
   * log), whatever the profiles' snapshot covers, such as the online recommendation model.
   */
  public record Replay(long from, Consumer<StoredEvent> apply) {}

  /**
   * Loads or rebuilds every profile, as {@link #open(Store, Progress)}, and feeds each of {@code
   * replays} every event of the log from its own start. It does not listen to the store: the caller
   * registers the listeners, this service first.
   */
  public void open(Store opened, Progress progress, List<Replay> replays) {
    this.store = opened;
    catalogue.load(opened.items());
    ProfileStore.Checkpoint saved = opened.profiles().checkpoint();
    String fingerprint = options.config().fingerprint();
    long from = 0;
    long lastInLog = opened.events().lastSequence();
    if (saved != null && saved.sequence() > lastInLog) {
      log.warn(
          "the profile snapshot reflects events up to {} but the log ends at {}; rebuilding",
          saved.sequence(),
          lastInLog);
      saved = new ProfileStore.Checkpoint(saved.sequence(), "(beyond the log)");
    }
    if (saved != null && saved.fingerprint().equals(fingerprint)) {
      long t0 = System.nanoTime();
      int[] loaded = {0, 0};
      opened
          .profiles()
          .forEach(
              (user, bytes) -> {
                try {
                  book.load(ProfileCodec.decode(bytes, updater.sharer()));
                  loaded[0]++;
                } catch (IllegalArgumentException e) {
                  loaded[1]++; // rebuilt below: its events come from the log
                }
              });
      if (loaded[1] > 0) {
        log.warn("{} stored profiles could not be read; rebuilding from the log", loaded[1]);
        book.clear();
        opened.profiles().clear();
      } else {
        from = saved.sequence() + 1;
        checkpoint = saved.sequence();
        log.info(
            "loaded {} profiles (snapshot up to event {}) in {} ms",
            loaded[0],
            saved.sequence(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }
    } else if (saved != null) {
      log.info(
          "the stored profiles do not fit (the configuration changed, or they missed a change);"
              + " rebuilding every profile from the log");
      opened.profiles().clear();
    }
    long tUsers = System.nanoTime();
    opened
        .users()
        .forEach(
            u -> {
              book.putUser(u);
              noteAttributes(u);
            });
    long last = lastInLog;
    long replayFrom = from;
    for (Replay r : replays) {
      replayFrom = Math.min(replayFrom, r.from());
    }
    progress.toReplay(Math.max(0, last - replayFrom + 1));
    long tReplay = System.nanoTime();
    long profilesFrom = from;
    opened
        .events()
        .replay(
            replayFrom,
            e -> {
              if (e.sequence() >= profilesFrom) {
                book.apply(e);
                for (Consumer<StoredEvent> applier : extraAppliers) {
                  applier.accept(e);
                }
              }
              for (Replay r : replays) {
                if (e.sequence() >= r.from()) {
                  r.apply().accept(e);
                }
              }
              progress.replayedOne();
            });
    book.appliedUpTo(last);
    long tStats = System.nanoTime();
    log.info(
        "applied {} user records in {} ms and replayed the log from event {} in {} ms",
        opened.users().count(),
        TimeUnit.NANOSECONDS.toMillis(tReplay - tUsers),
        replayFrom, // where the replay began: the profiles' point or an earlier one of replays'
        TimeUnit.NANOSECONDS.toMillis(tStats - tReplay));
    stats.reset(countsByType());
    long now = clock.getAsLong();
    Population population = population(now);
    context.updateAndGet(c -> c.withPopulation(population));
    for (Map.Entry<String, byte[]> d : opened.documents().all(SEGMENT_KIND).entrySet()) {
      try {
        segments.restore(SegmentDocs.read(d.getValue()));
      } catch (RuntimeException | StackOverflowError e) {
        log.error("segment '{}' cannot be restored and is skipped: {}", d.getKey(), e.getMessage());
      }
    }
    segments.refresh(book.userIds(), book::get, context.get(), now);
    recordSegmentSizes();
    log.info(
        "population statistics and {} segments in {} ms",
        segments.count(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tStats));
  }

  /** Start-up progress, for the readiness endpoint. */
  public interface Progress {
    void toReplay(long events);

    void replayedOne();
  }

  /** Starts the periodic work; clustering runs once right away. */
  public synchronized void startSchedules() {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "persona-profiles");
              t.setDaemon(true);
              return t;
            });
    long snap = options.snapshotInterval().toMillis();
    long refresh = options.refreshInterval().toMillis();
    long clusters = options.clusters().interval().toMillis();
    scheduler.scheduleWithFixedDelay(
        quietly("snapshot", this::snapshot), snap, snap, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        quietly("refresh", this::refresh), refresh, refresh, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        quietly("clustering", this::cluster), 0, clusters, TimeUnit.MILLISECONDS);
  }

  /**
   * A scheduled task that survives its own failures: a scheduled executor stops running a task that
   * throws, so even an {@code Error} (an out-of-memory while encoding a snapshot) is logged and the
   * task runs again at its next interval.
   */
  private static Runnable quietly(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable e) {
        log.error("profile {} failed; it runs again at the next interval", what, e);
      }
    };
  }

  // ---- the change feed (one thread, in commit order) ----

  @Override
  public void eventsAppended(List<StoredEvent> events) {
    long now = clock.getAsLong();
    ProfileContext c = context.get();
    for (StoredEvent e : events) {
      try {
        Profile p = book.apply(e);
        stats.apply(e);
        segments.update(p, c, now);
        for (Consumer<StoredEvent> applier : extraAppliers) {
          applier.accept(e);
        }
      } catch (RuntimeException failure) {
        // One event's failure must not cost the rest of the batch; the profiles no longer match
        // the log, so the next start rebuilds them.
        applyFailures.incrementAndGet();
        diverged("applying event " + e.sequence() + " failed: " + failure);
        log.error("applying event {} to the profiles failed", e.sequence(), failure);
      }
    }
  }

  @Override
  public void diverged(String reason) {
    if (diverged == null) {
      log.error("profiles no longer match the log ({}); the next start rebuilds them", reason);
    }
    diverged = reason;
  }

  @Override
  public void itemsPut(List<Item> items) {
    catalogue.put(items);
  }

  @Override
  public void usersPut(List<User> users) {
    long now = clock.getAsLong();
    for (User u : users) {
      segments.update(book.putUser(u), context.get(), now);
      noteAttributes(u);
    }
  }

  @Override
  public void userErased(String userId, Erasure erasure) {
    book.erase(userId);
    segments.erased(userId);
    stats.remove(erasure.eventsByType());
  }

  // ---- reads ----

  public Catalogue catalogue() {
    return catalogue;
  }

  public ProfileContext context() {
    return context.get();
  }

  public Segments segments() {
    return segments;
  }

  public ProfileBook book() {
    return book;
  }

  /** The user's profile, or empty for a user with neither events nor a record. */
  public Optional<Profile> profile(String userId) {
    return Optional.ofNullable(book.get(userId));
  }

  /** Whether the user is flagged by risk control now (for consumers that exclude them). */
  public boolean flagged(String userId) {
    Profile p = book.get(userId);
    return p != null && new Reading(p, context.get(), clock.getAsLong()).risk().flagged();
  }

  /**
   * The profile as the API shows it.
   *
   * @param top keys per interest dimension
   * @param explain whether to add the evidence (reads the user's events from the log)
   */
  public Optional<ProfileView> view(String userId, int top, boolean explain, int perKey) {
    Profile p = book.get(userId);
    if (p == null) {
      return Optional.empty();
    }
    long now = clock.getAsLong();
    Reading r = new Reading(p, context.get(), now);
    ProfileView plain = ProfileView.of(r, top, segments.of(r), null);
    if (!explain) {
      return Optional.of(plain);
    }
    List<StoredEvent> events = new ArrayList<>();
    store.events().replayUser(userId, events::add);
    var evidence =
        Evidence.of(
            updater, now, events, catalogue::get, plain.interests(), plain.negative(), perKey);
    return Optional.of(ProfileView.of(r, top, segments.of(r), evidence));
  }

  /** An ad-hoc audience. */
  public Audience.Page audience(Rule rule, String cursor, int limit) {
    return Audience.select(rule, book.profiles(), context.get(), clock.getAsLong(), cursor, limit);
  }

  /** How the audience of a rule differs from everyone now. */
  public Traits.Comparison traits(Rule rule) {
    return Traits.compare(rule, book.profiles(), context.get(), clock.getAsLong());
  }

  /** User attributes seen (up to 1,000 names), for warnings about rules that name others. */
  public Set<String> attributeNames() {
    return Set.copyOf(attributeNames);
  }

  private void noteAttributes(User u) {
    if (attributeNames.size() < MAX_ATTRIBUTE_NAMES) {
      attributeNames.addAll(u.attributes().keySet());
    }
  }

  // ---- segments ----

  /**
   * Defines or redefines a segment, stores it, and evaluates it for everyone. Definitions and
   * deletions are serialised, so that the stored documents and the live segments agree.
   *
   * @return the segment as now defined, with its size
   * @throws dev.persona.profile.segment.RuleSyntaxException when the rule is invalid
   * @throws IllegalStateException when the segment is new and the limit is reached
   */
  public Segments.Info defineSegment(String name, String rule, String description) {
    Segments.checkName(name);
    Rule.parse(rule); // refuse before anything is stored
    segmentLock.lock();
    try {
      boolean exists = segments.definition(name).isPresent();
      if (!exists && segments.count() >= Segments.MAX_SEGMENTS) {
        throw new IllegalStateException(
            "at most " + Segments.MAX_SEGMENTS + " segments can be defined");
      }
      long now = clock.getAsLong();
      long created = segments.definition(name).map(Segments.Definition::createdAt).orElse(now);
      Segments.Definition d = new Segments.Definition(name, rule, description, created, now);
      store.documents().put(SEGMENT_KIND, name, SegmentDocs.write(d));
      segments.define(d, book.userIds(), book::get, context.get(), now);
      recordSegmentSizes();
      return segments.info(name).orElseThrow();
    } finally {
      segmentLock.unlock();
    }
  }

  public boolean deleteSegment(String name) {
    segmentLock.lock();
    try {
      boolean existed = segments.remove(name);
      store.documents().delete(SEGMENT_KIND, name);
      recordSegmentSizes();
      return existed;
    } finally {
      segmentLock.unlock();
    }
  }

  // ---- erasure and snapshots ----

  /** Erases a user; waits for any snapshot write in progress, and blocks the next until done. */
  public Erasure erase(String userId) {
    snapshotLock.lock();
    try {
      return store.eraseUser(userId).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    } finally {
      snapshotLock.unlock();
    }
  }

  /**
   * Writes the profiles changed since the last snapshot, with the log position they reflect.
   *
   * @return profiles written or deleted
   */
  public int snapshot() {
    Store s = store;
    if (s == null) {
      return 0;
    }
    snapshotLock.lock();
    try {
      long t0 = System.nanoTime();
      ProfileBook.Changes changes = book.drain();
      String fingerprint =
          diverged == null ? options.config().fingerprint() : "rebuild: " + diverged;
      if (changes.profiles().isEmpty() && changes.sequence() == checkpoint && diverged == null) {
        return 0;
      }
      boolean written = false;
      try {
        Map<String, byte[]> batch = new HashMap<>();
        for (Map.Entry<String, Profile> e : changes.profiles().entrySet()) {
          batch.put(e.getKey(), e.getValue() == null ? null : ProfileCodec.encode(e.getValue()));
          if (batch.size() == SNAPSHOT_BATCH) {
            s.profiles().write(batch, null);
            batch = new HashMap<>();
          }
        }
        s.profiles().write(batch, new ProfileStore.Checkpoint(changes.sequence(), fingerprint));
        checkpoint = changes.sequence();
        written = true;
      } finally {
        if (!written) {
          book.markDirty(changes.profiles().keySet()); // written again next time
        }
      }
      snapshotTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      return changes.profiles().size();
    } finally {
      snapshotLock.unlock();
    }
  }

  /** The log position of the latest snapshot. */
  public long checkpoint() {
    return checkpoint;
  }

  // ---- periodic work ----

  /** Recomputes population statistics and re-evaluates every segment for everyone. */
  public void refresh() {
    long now = clock.getAsLong();
    Population population = population(now);
    ProfileContext c = context.updateAndGet(old -> old.withPopulation(population));
    segments.refresh(book.userIds(), book::get, c, now);
    recordSegmentSizes();
  }

  private Population population(long now) {
    return Population.compute(book.profiles(), catalogue.all(), options.config(), now);
  }

  /** Runs k-means now and puts the model in use; {@code null} when no profile has events. */
  public ClusterModel cluster() {
    clusterLock.lock();
    try {
      long t0 = System.nanoTime();
      ProfileOptions.Clusters c = options.clusters();
      ClusterModel model =
          ClusterModel.train(
              book.profiles(), context.get(), clock.getAsLong(), c.k(), c.sampleSize(), c.seed());
      if (model != null) {
        context.updateAndGet(old -> old.withClusters(model));
        log.info(
            "clustered {} profiles ({} sampled) into {} clusters in {} ms",
            book.size(),
            model.sampled(),
            model.clusters().size(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }
      return model;
    } finally {
      clusterLock.unlock();
    }
  }

  private void recordSegmentSizes() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Segments.Info info : segments.all()) {
      rows.add(MultiGauge.Row.of(Tags.of("segment", info.definition().name()), info.size()));
    }
    segmentSizes.register(rows, true);
  }

  /** Events by type over every profile (what the log holds, erased users excluded). */
  private Map<String, Long> countsByType() {
    Map<String, Long> out = new TreeMap<>();
    for (Profile p : book.profiles()) {
      for (int i = 0; i < p.typeCount(); i++) {
        out.merge(p.type(i), p.typeTotal(i), Long::sum);
      }
    }
    return out;
  }

  /** Stops the periodic work and writes a last snapshot, so that the next start is quick. */
  @Override
  public void close() {
    synchronized (this) {
      if (scheduler != null) {
        scheduler.shutdownNow();
        try {
          scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (store != null) {
      try {
        snapshot();
      } catch (RuntimeException e) {
        log.warn("the last profile snapshot failed; the next start replays more of the log", e);
      }
    }
  }
}
