package dev.persona.server;

import dev.persona.core.store.Store;
import dev.persona.core.store.StoredEvent;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.http.HttpApi;
import dev.persona.server.http.Readiness;
import dev.persona.server.ingest.EventStats;
import dev.persona.server.ingest.IngestPipeline;
import dev.persona.server.profile.ProfileService;
import dev.persona.server.recommend.RecommendService;
import dev.persona.server.stats.LiveStats;
import dev.persona.store.rocks.RocksStore;
import io.javalin.Javalin;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Persona node: the embedded store, the ingestion pipeline, the state derived from the log and
 * the HTTP API.
 *
 * <p>{@link #start} starts listening at once and answers 503 ({@code not_ready}) while, in the
 * background, the store opens (which rebuilds its in-memory indexes from the log) and the log is
 * replayed into the derived state. {@link #awaitReady} waits for that, and reports a store that
 * could not be opened (for example one held by another process).
 */
public final class PersonaServer implements AutoCloseable, HttpApi.Backend {
  private static final Logger log = LoggerFactory.getLogger(PersonaServer.class);

  private final PersonaConfig config;
  private final PrometheusMeterRegistry registry;
  private final EventStats stats = new EventStats();
  private final LiveStats live = new LiveStats();
  private final Readiness readiness = new Readiness();
  private final HttpApi api;
  private final Javalin app;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final ProfileService profiles;
  private final RecommendService recommendations;
  private volatile RocksStore store;
  private volatile IngestPipeline pipeline;
  private volatile boolean closed;
  private final LongSupplier clock;

  private PersonaServer(
      PersonaConfig config, List<Consumer<StoredEvent>> extraAppliers, LongSupplier clock) {
    this.config = config;
    this.clock = clock;
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    profiles = new ProfileService(config.profiles(), stats, registry, clock, extraAppliers);
    recommendations =
        new RecommendService(
            config.recommend(),
            config.training(),
            config.dataDir().resolve("models"),
            config.dataDir().resolve("online-model.snapshot"),
            profiles,
            clock);
    // what keeps item-to-item's neighbour lists current: scored again from all their counts at a
    // request, or renewed in place by the writer for one new pairing (docs/recommendations.md)
    FunctionCounter.builder(
            "persona.recommend.neighbour.lists.scored",
            recommendations,
            r -> r.model().neighbourScorings())
        .description("Item neighbour lists scored from all their co-occurrence counts")
        .register(registry);
    FunctionCounter.builder(
            "persona.recommend.neighbour.lists.renewed",
            recommendations,
            r -> r.model().neighbourRenewals())
        .description("Cached item neighbour lists changed in place for one new pairing")
        .register(registry);
    api = new HttpApi(config, this, stats, readiness, registry, version());
    app = api.create();
  }

  /**
   * Starts the HTTP listener, then opens the store and replays the log in the background.
   *
   * @param extraAppliers more derived state fed the events replayed at start-up (those after the
   *     latest profile snapshot) and every new event, after the profiles
   */
  public static PersonaServer start(
      PersonaConfig config, List<Consumer<StoredEvent>> extraAppliers) {
    return start(config, extraAppliers, System::currentTimeMillis);
  }

  /**
   * Starts with a clock of one's own: a replay (the streaming evaluation) sets it to each event's
   * time, so that decays and windows run on the data's time rather than today's.
   */
  public static PersonaServer start(
      PersonaConfig config, List<Consumer<StoredEvent>> extraAppliers, LongSupplier clock) {
    PersonaServer server = new PersonaServer(config, extraAppliers, clock);
    server.app.start(config.host(), config.port());
    Thread opening = new Thread(server::openAndReplay, "persona-open-replay");
    opening.setDaemon(true);
    opening.start();
    return server;
  }

  public static PersonaServer start(PersonaConfig config) {
    return start(config, List.of());
  }

  private void openAndReplay() {
    try {
      RocksStore opened = RocksStore.open(config.dataDir(), config.store());
      synchronized (this) {
        if (closed) {
          opened.close();
          return;
        }
        store = opened;
      }
      pipeline =
          new IngestPipeline(
              opened.events(), config.eventPolicy(), config.maxBatchEvents(), registry, clock);
      registerStoreGauges(opened);
      long started = System.nanoTime();
      long onlineFrom = recommendations.restore(opened);
      ProfileService.Progress progress =
          new ProfileService.Progress() {
            @Override
            public void toReplay(long events) {
              readiness.replaying(events);
            }

            @Override
            public void replayedOne() {
              readiness.replayedOne();
            }
          };
      profiles.open(
          opened,
          progress,
          List.of(new ProfileService.Replay(onlineFrom, recommendations::replayed)));
      long replayed = readiness.replayed(); // before a rebuild of the online model counts anew
      recommendations.replayDone(opened, progress);
      recommendations.start(opened);
      opened.listen(new ChangeFeed(List.of(profiles, recommendations, live)));
      log.info(
          "replayed {} events and loaded {} profiles in {} ms; ready",
          replayed,
          profiles.book().size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      profiles.startSchedules();
      readiness.ready(true);
      ready.complete(null);
    } catch (RuntimeException e) {
      if (closed) {
        log.info("start-up stopped: the server is shutting down");
      } else {
        log.error("the server could not become ready: {}", e.getMessage(), e);
      }
      ready.completeExceptionally(e);
    }
  }

  private void registerStoreGauges(RocksStore s) {
    Gauge.builder("persona.store.events", s, x -> x.events().count())
        .description("Events in the log")
        .register(registry);
    Gauge.builder("persona.store.items", s, x -> x.items().count()).register(registry);
    Gauge.builder("persona.store.users", s, x -> x.users().count()).register(registry);
    Gauge.builder("persona.store.listener.failures", s, RocksStore::listenerFailures)
        .description("Changes stored whose listener failed (profiles rebuild at the next start)")
        .register(registry);
    Gauge.builder("persona.store.disk", s, Store::diskBytes)
        .baseUnit("bytes")
        .description("Bytes the store occupies on disk")
        .register(registry);
  }

  /**
   * Waits until the store is open and the log replayed.
   *
   * @throws IllegalStateException with the cause when the server cannot become ready (for example
   *     the store is held by another process)
   * @throws TimeoutException when it takes longer than the timeout
   */
  public void awaitReady(long timeout, TimeUnit unit) throws TimeoutException {
    try {
      ready.get(timeout, unit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for readiness", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  public int port() {
    return app.port();
  }

  public PersonaConfig config() {
    return config;
  }

  /** The store; {@code null} until it has been opened. */
  @Override
  public Store store() {
    return store;
  }

  /** The ingestion pipeline; {@code null} until the store has been opened. */
  @Override
  public IngestPipeline pipeline() {
    return pipeline;
  }

  /** Live profiles, segments and clusters. */
  @Override
  public ProfileService profiles() {
    return profiles;
  }

  /** Recommendations and the online model. */
  @Override
  public RecommendService recommendations() {
    return recommendations;
  }

  /** Where the start-up is, as the health endpoint reports it. */
  public Readiness readiness() {
    return readiness;
  }

  /** Events stored and requests answered over the last minutes. */
  @Override
  public LiveStats live() {
    return live;
  }

  public HttpApi api() {
    return api;
  }

  public EventStats stats() {
    return stats;
  }

  /** The version from the build, or {@code dev} when run from classes. */
  public static String version() {
    try (InputStream in = PersonaServer.class.getResourceAsStream("/persona-version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  /**
   * Stops the HTTP listener, then closes the store: queued writes are completed, reads in progress
   * finish first, and a replay in progress stops.
   */
  @Override
  public void close() {
    readiness.ready(false);
    app.stop();
    RocksStore toClose;
    synchronized (this) {
      closed = true;
      toClose = store;
    }
    if (toClose != null && ready.isDone() && !ready.isCompletedExceptionally()) {
      recommendations.close();
      recommendations.saveSnapshot(); // so that the next start replays only the log after it
      profiles.close(); // a last snapshot, so that the next start replays little
    }
    if (toClose != null) {
      toClose.close();
    }
    registry.close();
  }
}
