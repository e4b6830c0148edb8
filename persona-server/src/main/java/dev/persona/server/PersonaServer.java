package dev.persona.server;

import dev.persona.core.store.Store;
import dev.persona.core.store.StoredEvent;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.http.HttpApi;
import dev.persona.server.http.Readiness;
import dev.persona.server.ingest.EventStats;
import dev.persona.server.ingest.IngestPipeline;
import dev.persona.store.rocks.RocksStore;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Persona node: the embedded store, the ingestion pipeline, the state derived from the log and
 * the HTTP API. {@link #start} opens the store and starts listening at once; the log is then
 * replayed into the derived state in the background, and the API answers 503 until that is done.
 */
public final class PersonaServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PersonaServer.class);

  private final PersonaConfig config;
  private final RocksStore store;
  private final PrometheusMeterRegistry registry;
  private final EventStats stats = new EventStats();
  private final Readiness readiness = new Readiness();
  private final IngestPipeline pipeline;
  private final HttpApi api;
  private final Javalin app;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final List<Consumer<StoredEvent>> appliers;

  private PersonaServer(PersonaConfig config, List<Consumer<StoredEvent>> extraAppliers) {
    this.config = config;
    this.store = RocksStore.open(config.dataDir(), config.store());
    try {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      registerStoreGauges();
      List<Consumer<StoredEvent>> all = new ArrayList<>();
      all.add(stats::apply);
      all.addAll(extraAppliers);
      appliers = List.copyOf(all);
      pipeline =
          new IngestPipeline(
              store.events(),
              config.eventPolicy(),
              config.maxBatchEvents(),
              appliers,
              registry,
              System::currentTimeMillis);
      api = new HttpApi(config, store, pipeline, stats, readiness, registry, version());
      app = api.create();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Opens the store, starts the HTTP listener and begins replaying the log.
   *
   * @param extraAppliers more derived state to rebuild from the log and keep current (the profile
   *     updater, online models); applied after the built-in statistics
   */
  public static PersonaServer start(
      PersonaConfig config, List<Consumer<StoredEvent>> extraAppliers) {
    PersonaServer server = new PersonaServer(config, extraAppliers);
    try {
      server.app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      server.store.close();
      throw e;
    }
    Thread replay = new Thread(server::replay, "persona-replay");
    replay.setDaemon(true);
    replay.start();
    return server;
  }

  public static PersonaServer start(PersonaConfig config) {
    return start(config, List.of());
  }

  private void replay() {
    try {
      long total = store.events().count();
      readiness.replaying(total);
      long started = System.nanoTime();
      store
          .events()
          .replay(
              0,
              stored -> {
                for (Consumer<StoredEvent> applier : appliers) {
                  applier.accept(stored);
                }
                readiness.replayedOne();
              });
      log.info(
          "replayed {} events in {} ms; ready",
          readiness.replayed(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      readiness.ready(true);
      ready.complete(null);
    } catch (RuntimeException e) {
      if (readiness.phase() == Readiness.Phase.STOPPING) {
        log.info("replay stopped: the server is shutting down");
      } else {
        log.error("replay of the event log failed; the server stays unready", e);
      }
      ready.completeExceptionally(e);
    }
  }

  private void registerStoreGauges() {
    Gauge.builder("persona.store.events", store, s -> s.events().count())
        .description("Events in the log")
        .register(registry);
    Gauge.builder("persona.store.items", store, s -> s.items().count()).register(registry);
    Gauge.builder("persona.store.users", store, s -> s.users().count()).register(registry);
    Gauge.builder("persona.store.disk", store, Store::diskBytes)
        .baseUnit("bytes")
        .description("Bytes the store occupies on disk")
        .register(registry);
  }

  /** Waits until the log has been replayed and the API serves. */
  public void awaitReady(long timeout, TimeUnit unit) throws TimeoutException {
    try {
      ready.get(timeout, unit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for readiness", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the server failed to become ready", e.getCause());
    }
  }

  public int port() {
    return app.port();
  }

  public PersonaConfig config() {
    return config;
  }

  public Store store() {
    return store;
  }

  public IngestPipeline pipeline() {
    return pipeline;
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
    store.close();
    registry.close();
  }
}
