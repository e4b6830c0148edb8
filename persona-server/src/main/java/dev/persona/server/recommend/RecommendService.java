package dev.persona.server.recommend;

import dev.persona.core.index.IdIndex;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.Erasure;
import dev.persona.core.store.Store;
import dev.persona.core.store.StoreListener;
import dev.persona.core.store.StoredEvent;
import dev.persona.profile.Profile;
import dev.persona.recommend.CatalogueIndex;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecommendConfig;
import dev.persona.recommend.Recommendation;
import dev.persona.recommend.Recommender;
import dev.persona.recommend.online.OnlineModel;
import dev.persona.recommend.online.UserState;
import dev.persona.recommend.source.PopularSource;
import dev.persona.server.config.TrainingOptions;
import dev.persona.server.profile.ProfileService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recommendations in the server: the online model kept current from the store's change feed (after
 * the profiles, so that a user's groups are known), at start-up read from the snapshot written at
 * the last shutdown and brought up to date from the log after it (or rebuilt from the whole log
 * when there is no snapshot that fits), and the catalogue index rebuilt in the background when
 * items change (at most every few seconds) and every minute (its lists are ordered by popularity).
 * Rules that must hold at once (bought, unavailable) read the live state, not the index.
 */
public final class RecommendService implements StoreListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecommendService.class);
  static final long INDEX_REFRESH_MILLIS = 60_000;
  static final long INDEX_DIRTY_CHECK_MILLIS = 2_000;

  private final RecommendConfig config;
  private final ProfileService profiles;
  private final LongSupplier clock;
  private final IdIndex ids = new IdIndex();
  private final OnlineModel model;
  private final Recommender recommender;
  private final ModelService models;
  private final AtomicBoolean itemsChanged = new AtomicBoolean(true);
  private final Path snapshotFile;
  private final Path snapshotTemporary; // written in full, then moved over snapshotFile
  // the model's one writer at a time: the change feed, the replay, the snapshot
  private final Object learning = new Object();
  private volatile long restoredUpTo = -1;
  // why no snapshot may be written until the model is rebuilt from the log, or null
  private String noSnapshot;
  private volatile CatalogueIndex index = CatalogueIndex.EMPTY;
  private volatile long indexedAt;
  private volatile boolean refreshInBackground = true;
  private volatile Store store;
  private ScheduledExecutorService scheduler;

  /**
   * @param modelDir where trained model snapshots are kept
   * @param snapshotFile where the online model is written at shutdown and read at start
   */
  public RecommendService(
      RecommendConfig config,
      TrainingOptions training,
      Path modelDir,
      Path snapshotFile,
      ProfileService profiles,
      LongSupplier clock) {
    this.config = config;
    this.snapshotFile = snapshotFile;
    this.snapshotTemporary = snapshotFile.resolveSibling(snapshotFile.getFileName() + ".tmp");
    this.profiles = profiles;
    this.clock = clock;
    this.model = new OnlineModel(config, ids);
    this.models = new ModelService(training, config, ids, modelDir, clock, profiles::flagged);
    this.recommender =
        new Recommender(
            config,
            model,
            () -> index,
            profiles.catalogue()::get,
            models::current,
            models.history());
  }

  /**
   * Reads the online model's snapshot, when there is one that fits the log and the settings, and
   * returns the first event of the log the model still has to learn: the one after the snapshot's
   * last, or 0 (the whole log) without a snapshot.
   */
  public long restore(Store opened) {
    if (!Files.isRegularFile(snapshotFile)) {
      return 0;
    }
    long t0 = System.nanoTime();
    synchronized (learning) {
      try (InputStream in = Files.newInputStream(snapshotFile)) {
        model.readSnapshot(in, opened.events().lastSequence(), Files.size(snapshotFile));
      } catch (IOException | RuntimeException e) {
        log.warn(
            "the online model's snapshot {} is not used ({}); rebuilding it from the log",
            snapshotFile,
            e.getMessage());
        deleteQuietly(snapshotFile); // not read again at every start until the next shutdown
        return 0;
      }
      restoredUpTo = model.lastSequence();
      log.info(
          "read the online model ({} users, events up to {}) in {} ms",
          model.userCount(),
          model.lastSequence(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      return model.lastSequence() + 1;
    }
  }

  /**
   * The last event of the snapshot this start read the online model from, -1 when it was rebuilt
   * from the whole log (no snapshot, one that did not fit, or one that the log no longer matched).
   */
  public long restoredUpTo() {
    return restoredUpTo;
  }

  /** Learns one event from the log at start-up (those after the snapshot read by restore). */
  public void replayed(StoredEvent e) {
    synchronized (learning) {
      observe(e);
    }
  }

  /**
   * Called once the log is replayed: checks that the model learned every event the log holds (an
   * erasure after the snapshot was written, whose file a crash kept, shows as fewer events in the
   * log than the model learned) and otherwise rebuilds it from the whole log, counting the rebuild
   * in {@code progress} as a second replay.
   */
  public void replayDone(Store opened, ProfileService.Progress progress) {
    synchronized (learning) {
      long inLog = opened.events().count();
      if (model.learned() == inLog) {
        return;
      }
      log.warn(
          "the online model learned {} events but the log holds {}; rebuilding it from the log",
          model.learned(),
          inLog);
      restoredUpTo = -1;
      model.reset();
      progress.toReplay(inLog); // the health endpoint counts this second pass from 0
      long t0 = System.nanoTime();
      long[] done = {0, t0};
      opened
          .events()
          .replay(
              0,
              e -> {
                observe(e);
                progress.replayedOne();
                if (++done[0] % 65_536 == 0 && System.nanoTime() - done[1] > 10_000_000_000L) {
                  done[1] = System.nanoTime(); // a line every 10 s or so, for long logs
                  log.info("rebuilding the online model: {} of {} events learned", done[0], inLog);
                }
              });
      log.info(
          "rebuilt the online model from {} events in {} ms",
          done[0],
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }
  }

  /**
   * Writes the online model to its snapshot file (a temporary file moved into place, so that a
   * crash leaves the previous one), for the next start to read instead of replaying the whole log.
   */
  public void saveSnapshot() {
    long t0 = System.nanoTime();
    synchronized (learning) {
      if (noSnapshot != null) {
        log.info("no online model snapshot written ({}); the next start rebuilds it", noSnapshot);
        return;
      }
      try {
        Files.createDirectories(snapshotFile.toAbsolutePath().getParent());
        try (FileChannel ch =
                FileChannel.open(
                    snapshotTemporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            OutputStream out = Channels.newOutputStream(ch)) {
          model.writeSnapshot(out);
          ch.force(true); // on disk before it replaces the previous one
        }
        Files.move(
            snapshotTemporary,
            snapshotFile,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        log.error("the online model's snapshot could not be written; the next start replays", e);
        deleteQuietly(snapshotTemporary);
        return;
      }
    }
    log.info(
        "wrote the online model's snapshot (events up to {}) in {} ms",
        model.lastSequence(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  /**
   * Called once the log is replayed: loads the saved models, builds the first catalogue index,
   * starts the refreshes and the training schedule.
   */
  public synchronized void start(Store opened) {
    this.store = opened;
    models.load();
    models.start(opened);
    reindex();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "persona-recommend");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            refreshInBackground();
          } catch (Throwable t) {
            log.error("rebuilding the catalogue index failed; it is tried again", t);
          }
        },
        INDEX_DIRTY_CHECK_MILLIS,
        INDEX_DIRTY_CHECK_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Rebuilds the catalogue index if items changed or {@value #INDEX_REFRESH_MILLIS} ms passed on
   * the service's clock since it was last built: what the background does every {@value
   * #INDEX_DIRTY_CHECK_MILLIS} ms of wall time.
   */
  public synchronized void refreshIndex() {
    if (itemsChanged.get() || clock.getAsLong() - indexedAt >= INDEX_REFRESH_MILLIS) {
      reindex();
    }
  }

  // the flag read under the lock that refreshIndexOnlyWhenCalled takes, so that no background
  // rebuild starts or is still running once that has returned
  private synchronized void refreshInBackground() {
    if (refreshInBackground) {
      refreshIndex();
    }
  }

  /**
   * Leaves the catalogue index's refreshes to the caller's {@link #refreshIndex} calls: for a
   * replay that runs on a clock of its own (the streaming evaluation), where a background refresh
   * every few seconds of wall time would fall at a different point of the replay in every run, and
   * so would the lists that read the index (popular, trending, content).
   */
  public synchronized void refreshIndexOnlyWhenCalled() {
    refreshInBackground = false;
  }

  /** Rebuilds the catalogue index now. */
  public void reindex() {
    itemsChanged.set(false);
    long now = clock.getAsLong();
    index =
        CatalogueIndex.build(
            profiles.catalogue().all(), ids, model, profiles.context().config()::priceBand, now);
    indexedAt = now;
  }

  private void observe(StoredEvent e) {
    Profile p = profiles.book().get(e.event().userId());
    List<String> groups = p == null ? List.of() : PopularSource.groups(p, config.groupAttributes());
    model.observe(e, groups);
  }

  // ---- the change feed, after the profiles ----

  @Override
  public void eventsAppended(List<StoredEvent> events) {
    synchronized (learning) {
      for (StoredEvent e : events) {
        try {
          observe(e); // first, so that a new item is in the index when the history is read again
        } catch (RuntimeException failure) {
          log.error("the online model failed to learn event {}", e.sequence(), failure);
        }
        models.invalidate(e.event().userId());
      }
    }
  }

  @Override
  public void itemsPut(List<Item> items) {
    for (Item i : items) {
      ids.add(i.id());
    }
    itemsChanged.set(true);
  }

  @Override
  public void userErased(String userId, Erasure erasure) {
    synchronized (learning) {
      model.erase(userId);
      model.eventsErased(erasure.events());
      // the snapshot holds the user's traces, and the live model still counts their events in
      // popularity and co-occurrence: only a rebuild from the log, which no longer has them, drops
      // those, so none is written until the next start has rebuilt the model
      noSnapshot = "a user was erased since the model was built";
      try {
        Files.deleteIfExists(snapshotFile);
        Files.deleteIfExists(snapshotTemporary);
      } catch (IOException e) {
        throw new UncheckedIOException("the online model's snapshot could not be deleted", e);
      }
    }
    models.invalidate(userId);
  }

  @Override
  public void diverged(String reason) {
    synchronized (learning) { // the model may have missed events: the next start rebuilds it
      noSnapshot = "the model missed a change of the store: " + reason;
      deleteQuietly(snapshotFile);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.warn("could not delete {}: {}", p, e.getMessage());
    }
  }

  @Override
  public void usersPut(List<User> users) {}

  // ---- requests ----

  public OnlineModel model() {
    return model;
  }

  /** Trained models and training jobs. */
  public ModelService models() {
    return models;
  }

  public Recommender recommender() {
    return recommender;
  }

  public CatalogueIndex index() {
    return index;
  }

  /** Whether the user has withdrawn consent to personalised recommendations. */
  boolean withdrew(String userId) {
    Store s = store;
    Optional<User> u = s == null ? Optional.empty() : s.users().get(userId);
    return u.isPresent() && u.get().withdrew("recommendation");
  }

  /**
   * A user's list. An unknown user, or one who withdrew consent to personalised recommendations
   * ({@code consent.recommendation: false}), gets what everyone likes.
   */
  public Recommendation forUser(
      String userId, int n, String category, Set<String> exclude, int window) {
    long now = clock.getAsLong();
    boolean personal = !withdrew(userId);
    Profile p = personal ? profiles.book().get(userId) : null;
    UserState state = personal ? model.user(userId) : UserState.EMPTY;
    return recommender.recommend(
        new Query(
            Query.Kind.USER,
            personal ? userId : null,
            state,
            p,
            profiles.context(),
            List.of(),
            n,
            category,
            exclude,
            window,
            now));
  }

  /** Items similar to one; an unknown item gets what is popular. */
  public Recommendation similar(String itemId, int n, String category, Set<String> exclude) {
    int i = ids.toIndex(itemId);
    return recommender.recommend(
        new Query(
            Query.Kind.SIMILAR,
            null,
            UserState.EMPTY,
            null,
            profiles.context(),
            i < 0 ? List.of() : List.of(i),
            n,
            category,
            exclude,
            1,
            clock.getAsLong()));
  }

  /** The next items for an anonymous visit (its items, oldest first). */
  public Recommendation session(List<String> itemIds, int n, String category, Set<String> exclude) {
    List<Integer> seeds = itemIds.stream().map(ids::toIndex).filter(i -> i >= 0).toList();
    return recommender.recommend(
        new Query(
            Query.Kind.SESSION,
            null,
            UserState.EMPTY,
            null,
            profiles.context(),
            seeds,
            n,
            category,
            exclude,
            1,
            clock.getAsLong()));
  }

  /** The most popular items of a window, optionally within a category. */
  public Recommendation popular(int n, int window, String category) {
    return recommender.recommend(
        new Query(
            Query.Kind.POPULAR,
            null,
            UserState.EMPTY,
            null,
            profiles.context(),
            List.of(),
            n,
            category,
            Set.of(),
            window,
            clock.getAsLong()));
  }

  /**
   * Who came to an item lately, and how popular it is now.
   *
   * @param known whether any event named the item
   * @param users users who interacted with it (each once per stay among their recent items)
   * @param latest the latest of them, newest first
   * @param popularity decayed interaction weight per window of {@link OnlineModel#WINDOWS}
   */
  public record ItemActivity(boolean known, long users, List<String> latest, double[] popularity) {}

  /** The item's activity; {@code known} is false for an item no event named. */
  public ItemActivity itemActivity(String itemId, int n) {
    int i = ids.toIndex(itemId);
    if (i < 0) {
      return new ItemActivity(false, 0, List.of(), new double[OnlineModel.WINDOWS.size()]);
    }
    long now = clock.getAsLong();
    double[] popularity = new double[OnlineModel.WINDOWS.size()];
    for (int w = 0; w < popularity.length; w++) {
      popularity[w] = model.popularity(i, w, now);
    }
    return new ItemActivity(true, Math.round(model.users(i)), model.latestUsers(i, n), popularity);
  }

  /**
   * Users whose recent items overlap this user's whole history most (the neighbours user-knn
   * recommends from), with their similarity.
   */
  public Map<String, Float> neighbours(String userId, int n) {
    int[] history = models.history().of(userId).items();
    return history.length > 0
        ? model.similarUsers(userId, history, n)
        : model.similarUsers(userId, n);
  }

  @Override
  public synchronized void close() {
    models.close();
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
