package dev.persona.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.json.Wire;
import dev.persona.data.synth.Shop;
import dev.persona.data.synth.ShopConfig;
import dev.persona.server.PersonaServer;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.ingest.LocalImportSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Profile freshness over HTTP: how long after the {@code 202} of {@code POST /v1/events} a {@code
 * GET /v1/users/{id}/profile} reflects the event. A real server (durability on, fsync per group)
 * holds a generated shop (20,000 users, 2,000 items, 200,000 events, so profiles have their real
 * size); each of C closed-loop clients owns its own users and repeats: post one view of a catalogue
 * item for a user, then read the profile until its event count includes it. Freshness is the time
 * from reading the 202 to reading the first profile that reflects the event (an HdrHistogram); a
 * read that does not yet reflect it is counted as stale and retried at once.
 *
 * <p>Run: {@code persona-bench/run FreshnessBenchmark [--seconds S]} (clients 1, 8 and 32).
 */
public final class FreshnessBenchmark {
  /** Event ids, unique across runs: a repeated id would be a duplicate, never reflected. */
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 1 && args[0].equals("--seconds") ? Integer.parseInt(args[1]) : 15;
    System.out.printf(
        Locale.ROOT,
        "# FreshnessBenchmark on %d cores, %s %s, max heap %d MiB%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    Path dir = Files.createTempDirectory("persona-fresh");
    PersonaConfig config =
        PersonaConfig.defaults().withDataDir(dir).withHost("127.0.0.1").withPort(0);
    try (PersonaServer server = PersonaServer.start(config)) {
      server.awaitReady(60, TimeUnit.SECONDS);
      ShopConfig shop =
          ShopConfig.of(20_000, 2_000, 200_000, 5)
              .withStart(Instant.now().minus(Duration.ofDays(30)));
      Shop.generate(shop).loadInto(new LocalImportSink(server.pipeline(), server.store()), 2_000);
      String base = "http://127.0.0.1:" + server.port();
      run(base, 4, 3, "warm-up"); // JIT, connections
      for (int clients : new int[] {1, 8, 32}) {
        run(base, clients, seconds, "measured");
      }
    } finally {
      ProfileScaleBenchmark.delete(dir);
    }
  }

  static void run(String base, int clients, int seconds, String label) {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong stale = new AtomicLong();
    List<CompletableFuture<Histogram[]>> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      workers.add(
          CompletableFuture.supplyAsync(
              () -> {
                Histogram fresh = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
                Histogram ack = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
                java.util.Random random = new java.util.Random(client);
                while (System.nanoTime() < end) {
                  // users of this client only: u{client}, u{client + clients}, ...
                  String user = "u" + (client + clients * random.nextInt(20_000 / clients));
                  long before = events(base, user);
                  String body =
                      "{\"id\": \"fresh-"
                          + SEQUENCE.incrementAndGet()
                          + "\", \"type\": \"view\", \"userId\": \""
                          + user
                          + "\", \"itemId\": \"i"
                          + random.nextInt(2_000)
                          + "\"}";
                  long t0 = System.nanoTime();
                  post(base, body);
                  long acked = System.nanoTime();
                  while (events(base, user) <= before) {
                    stale.incrementAndGet();
                  }
                  long seen = System.nanoTime();
                  ack.recordValue(acked - t0);
                  fresh.recordValue(seen - acked);
                }
                return new Histogram[] {fresh, ack};
              },
              pool));
    }
    Histogram fresh = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    Histogram ack = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    for (CompletableFuture<Histogram[]> w : workers) {
      Histogram[] h = w.join();
      fresh.add(h[0]);
      ack.add(h[1]);
    }
    pool.shutdown();
    System.out.printf(
        Locale.ROOT,
        "%s clients=%d: %,d events in %d s; freshness (202 to a profile that shows it) p50 %.2f ms,"
            + " p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; stale reads %d; POST ack p50 %.2f ms,"
            + " p99 %.2f ms%n",
        label,
        clients,
        fresh.getTotalCount(),
        seconds,
        fresh.getValueAtPercentile(50) / 1e6,
        fresh.getValueAtPercentile(99) / 1e6,
        fresh.getValueAtPercentile(99.9) / 1e6,
        fresh.getMaxValue() / 1e6,
        stale.get(),
        ack.getValueAtPercentile(50) / 1e6,
        ack.getValueAtPercentile(99) / 1e6);
  }

  static long events(String base, String user) {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(URI.create(base + "/v1/users/" + user + "/profile")).GET());
    if (r.statusCode() == 404) {
      return 0;
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException("profile read failed: " + r.statusCode() + " " + r.body());
    }
    try {
      JsonNode node = Wire.mapper().readTree(r.body());
      return node.path("activity").path("events").asLong();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void post(String base, String body) {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (r.statusCode() != 202) {
      throw new IllegalStateException("post failed: " + r.statusCode() + " " + r.body());
    }
  }

  static HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return CLIENT.send(
          b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
