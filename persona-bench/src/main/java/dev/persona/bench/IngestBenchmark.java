package dev.persona.bench;

import dev.persona.core.model.Event;
import dev.persona.core.store.SyncPolicy;
import dev.persona.server.PersonaServer;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.ingest.IngestPipeline;
import dev.persona.store.rocks.RocksStore;
import dev.persona.store.rocks.StoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Ingestion figures for BENCHMARKS.md, each on a fresh store in a temporary directory:
 *
 * <ul>
 *   <li>{@code http-batch}: POST /v1/events in batches of 1,000 from several clients, durability on
 *       (fsync per group commit): events/s.
 *   <li>{@code http-single}: one event per POST from 1, 16 and 64 closed-loop clients:
 *       acknowledgement latency p50 / p99 / p99.9 (HdrHistogram) and requests/s.
 *   <li>{@code inprocess}: the same pipeline called in process in batches of 1,000: events/s.
 *   <li>{@code size}: bytes on disk per million events, after a flush.
 * </ul>
 *
 * <p>Run: {@code persona-bench/run IngestBenchmark [all|http-batch|http-single|inprocess|size]
 * [--events N] [--seconds S]}. Client and server share the machine, as they would on one node.
 */
public final class IngestBenchmark {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "all";
    long events = option(args, "--events", 2_000_000);
    int seconds = (int) option(args, "--seconds", 15);
    System.out.printf(
        Locale.ROOT,
        "# IngestBenchmark %s on %d cores, %s %s, max heap %d MiB%n",
        what,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    if (what.equals("all") || what.equals("http-batch")) {
      for (SyncPolicy sync : SyncPolicy.values()) {
        httpBatch(events, 4, sync);
      }
    }
    if (what.equals("all") || what.equals("http-single")) {
      for (int clients : new int[] {1, 16, 64}) {
        httpSingle(clients, seconds);
      }
    }
    if (what.equals("all") || what.equals("inprocess")) {
      for (int threads :
          Integer.getInteger("bench.threads") != null
              ? new int[] {Integer.getInteger("bench.threads")}
              : new int[] {1, 2, 4}) {
        inProcess(events, threads);
      }
    }
    if (what.equals("all") || what.equals("size")) {
      size(1_000_000);
    }
  }

  static void httpBatch(long total, int clients, SyncPolicy sync) throws Exception {
    Path dir = Files.createTempDirectory("persona-bench");
    PersonaConfig config =
        PersonaConfig.defaults()
            .withDataDir(dir)
            .withHost("127.0.0.1")
            .withPort(0)
            .withStore(StoreOptions.defaults().withSync(sync));
    try (PersonaServer server = PersonaServer.start(config)) {
      server.awaitReady(60, TimeUnit.SECONDS);
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/events");
      int batches = (int) (total / 1000);
      // bodies are made before the clock starts: we measure the server, not the client's JSON
      List<String> bodies = new ArrayList<>(batches);
      BenchEvents gen = new BenchEvents(1, "hb", 100_000, 20_000);
      for (int i = 0; i < batches; i++) {
        bodies.add(gen.json(gen.batch(1000)));
      }
      warmUp(uri, new BenchEvents(2, "warm", 1000, 1000));
      AtomicLong nextBatch = new AtomicLong();
      AtomicLong accepted = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long start = System.nanoTime();
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(
            CompletableFuture.runAsync(
                () -> {
                  for (long b; (b = nextBatch.getAndIncrement()) < batches; ) {
                    accepted.addAndGet(post(uri, bodies.get((int) b), 1000));
                  }
                },
                pool));
      }
      CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
      double secs = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      System.out.printf(
          Locale.ROOT,
          "http-batch sync=%s clients=%d batch=1000: %,d events in %.1f s = %,.0f events/s%n",
          sync.name().toLowerCase(Locale.ROOT),
          clients,
          accepted.get(),
          secs,
          accepted.get() / secs);
    } finally {
      delete(dir);
    }
  }

  static void httpSingle(int clients, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("persona-bench");
    PersonaConfig config =
        PersonaConfig.defaults().withDataDir(dir).withHost("127.0.0.1").withPort(0);
    try (PersonaServer server = PersonaServer.start(config)) {
      server.awaitReady(60, TimeUnit.SECONDS);
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/events");
      warmUp(uri, new BenchEvents(3, "warm", 1000, 1000));
      Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      List<CompletableFuture<Histogram>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        workers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
                  BenchEvents gen = new BenchEvents(100 + client, "s" + client, 100_000, 20_000);
                  while (System.nanoTime() < end) {
                    String body = gen.json(gen.batch(1));
                    long t0 = System.nanoTime();
                    post(uri, body.substring(1, body.length() - 1), 1);
                    h.recordValue(System.nanoTime() - t0);
                  }
                  return h;
                },
                pool));
      }
      for (CompletableFuture<Histogram> w : workers) {
        histogram.add(w.join());
      }
      pool.shutdown();
      System.out.printf(
          Locale.ROOT,
          "http-single sync=always clients=%d: %,d requests in %d s = %,.0f req/s; ack latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms%n",
          clients,
          histogram.getTotalCount(),
          seconds,
          histogram.getTotalCount() / (double) seconds,
          histogram.getValueAtPercentile(50) / 1e6,
          histogram.getValueAtPercentile(99) / 1e6,
          histogram.getValueAtPercentile(99.9) / 1e6);
    } finally {
      delete(dir);
    }
  }

  static void inProcess(long total, int threads) throws Exception {
    Path dir = Files.createTempDirectory("persona-bench");
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      IngestPipeline pipeline =
          new IngestPipeline(
              store.events(),
              PersonaConfig.defaults().eventPolicy(),
              10_000,
              new SimpleMeterRegistry(),
              System::currentTimeMillis);
      int batches = (int) (total / 1000);
      List<List<Event>> prepared = new ArrayList<>(batches);
      BenchEvents gen = new BenchEvents(7, "ip", 100_000, 20_000);
      for (int i = 0; i < batches; i++) {
        prepared.add(gen.batch(1000));
      }
      AtomicLong next = new AtomicLong();
      AtomicLong accepted = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long start = System.nanoTime();
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            CompletableFuture.runAsync(
                () -> {
                  for (long b; (b = next.getAndIncrement()) < batches; ) {
                    accepted.addAndGet(pipeline.ingest(prepared.get((int) b)).join().accepted());
                  }
                },
                pool));
      }
      CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
      double secs = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      System.out.printf(
          Locale.ROOT,
          "inprocess sync=always threads=%d batch=1000: %,d events in %.1f s = %,.0f events/s%n",
          threads,
          accepted.get(),
          secs,
          accepted.get() / secs);
    } finally {
      delete(dir);
    }
  }

  static void size(int total) throws Exception {
    Path dir = Files.createTempDirectory("persona-bench");
    try {
      write(dir, total); // in its own frame, so that nothing of the writing store stays reachable
      // Reopening rebuilds the in-memory id and user indexes from the log.
      long heapBefore = usedHeapAfterGc();
      long t0 = System.nanoTime();
      try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
        double secs = (System.nanoTime() - t0) / 1e9;
        long heap = usedHeapAfterGc() - heapBefore;
        System.out.printf(
            Locale.ROOT,
            "reopen: %,d events indexed in %.2f s; heap held by the open store %.0f MB = %.0f"
                + " bytes/event (100,000 users)%n",
            store.events().count(),
            secs,
            heap / 1e6,
            heap / (double) total);
      }
    } finally {
      delete(dir);
    }
  }

  private static void write(Path dir, int total) {
    try (RocksStore store =
        RocksStore.open(dir, StoreOptions.defaults().withSync(SyncPolicy.INTERVAL))) {
      BenchEvents gen = new BenchEvents(9, "sz", 100_000, 20_000);
      for (int i = 0; i < total / 1000; i++) {
        store.events().append(gen.batch(1000)).join();
      }
      store.flush();
      long bytes = store.diskBytes();
      System.out.printf(
          Locale.ROOT,
          "size: %,d events use %,d bytes on disk after flush (WAL included) = %.1f MB per million"
              + " events, %.0f bytes/event%n",
          total,
          bytes,
          bytes / 1e6 / (total / 1e6),
          bytes / (double) total);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void warmUp(URI uri, BenchEvents gen) {
    for (int i = 0; i < 200; i++) {
      post(uri, gen.json(gen.batch(100)), 100);
    }
  }

  private static long post(URI uri, String body, int expected) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        throw new IllegalStateException("expected 202, got " + r.statusCode() + ": " + r.body());
      }
      return expected;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long option(String[] args, String name, long fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Long.parseLong(args[i + 1]);
      }
    }
    return fallback;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
