package dev.persona.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.json.ModelJson;
import dev.persona.core.json.Wire;
import dev.persona.core.model.Event;
import dev.persona.data.synth.Shop;
import dev.persona.data.synth.ShopConfig;
import dev.persona.server.PersonaServer;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.ingest.LocalImportSink;
import dev.persona.server.recommend.ModelService;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An HTTP load generator at a fixed arrival rate (open loop), so that coordinated omission does not
 * hide latency. Request {@code i} has an intended start of {@code t0 + i / rate}, and its latency
 * is measured from that intended start to the end of reading the response, not from the moment it
 * was actually sent: when the server stalls, the requests that should have gone out during the
 * stall are charged for the wait (a closed-loop client would simply send fewer of them). Requests
 * go out with {@link HttpClient#sendAsync} from one scheduling thread, so a slow answer never
 * delays the next send; if the generator itself falls behind (a busy machine, or {@code
 * --max-in-flight} reached), the sends that left more than 1 ms after their intended start are
 * counted and reported as late starts, and their lateness is part of their latency.
 *
 * <p>Endpoints: {@code events} (one valid event per {@code POST /v1/events}, a view, cart or
 * purchase of a known user and item, skewed towards a few heavy users and popular items, with a
 * unique id so none is a duplicate), {@code recommend} ({@code GET
 * /v1/users/{id}/recommendations?n=10} for a uniformly random known user) and {@code similar}
 * ({@code GET /v1/items/{id}/similar?n=10} for a random known item). Known means the ids of the
 * synthetic shop ({@code u0..u(users-1)}, {@code i0..i(items-1)}); against {@code --url} their
 * counts are read from {@code GET /v1/health} unless {@code --users} and {@code --items} say.
 *
 * <p>Without {@code --url} the generator starts a server in this process on a temporary store,
 * loads a generated shop (the demo's by default: 2,000 users, 500 items, 60,000 events over the
 * last 30 days), trains the models as {@code persona demo} does, and deletes the store at the end.
 * Client and server then share the machine's cores.
 *
 * <p>Output: the offered rate, achieved throughput, counts by HTTP status and by error, late
 * starts, latency percentiles in milliseconds from the intended start, and one markdown table row
 * (its header with {@code --header}).
 *
 * <p>Run: {@code persona-bench/run LoadGenerator --endpoint events --rate 500 --duration 20
 * --warmup 5}, or against a running server (for example one started by {@code ./persona demo}):
 * {@code persona-bench/run LoadGenerator --url http://127.0.0.1:8080 --api-key KEY --endpoint
 * recommend --rate 200}. {@code --help} lists every option.
 */
@Command(
    name = "LoadGenerator",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "HTTP load at a fixed arrival rate; latency from each request's intended start.")
public final class LoadGenerator implements Callable<Integer> {
  /** A send that leaves later than this after its intended start counts as a late start. */
  static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** The endpoints this generator can load. */
  enum Endpoint {
    EVENTS,
    RECOMMEND,
    SIMILAR
  }

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "a running server; without it one is started in this process")
  String url;

  @Option(
      names = "--endpoint",
      paramLabel = "NAME",
      defaultValue = "recommend",
      description = "events, recommend or similar (default ${DEFAULT-VALUE})")
  Endpoint endpoint;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = "200",
      description = "requests per second (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "20",
      description = "measured seconds (default ${DEFAULT-VALUE})")
  double duration;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description = "seconds at the same rate before measuring (default ${DEFAULT-VALUE})")
  double warmup;

  @Option(names = "--api-key", paramLabel = "KEY", description = "sent as a Bearer token")
  String apiKey;

  @Option(
      names = "--users",
      paramLabel = "N",
      description = "known users u0.. (default: from the shop or health)")
  Integer users;

  @Option(
      names = "--items",
      paramLabel = "N",
      description = "known items i0.. (default: from the shop or health)")
  Integer items;

  @Option(
      names = "--shop",
      split = ",",
      arity = "1",
      paramLabel = "USERS,ITEMS,EVENTS",
      description = "the in-process server's generated shop (default 2000,500,60000)")
  long[] shop = {2_000, 500, 60_000};

  @Option(names = "--no-train", description = "in process: do not train the models first")
  boolean noTrain;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      defaultValue = "256",
      description =
          "most requests awaiting an answer; at the cap the schedule waits, and the wait shows"
              + " in late starts and latency (default ${DEFAULT-VALUE})")
  int maxInFlight;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "1",
      description = "default ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--header", description = "also print the markdown table's header")
  boolean header;

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new LoadGenerator())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!(rate > 0) || !(duration > 0) || !(warmup >= 0) || maxInFlight < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--rate and --duration must be > 0, --warmup >= 0 and --max-in-flight >= 1");
    }
    if (shop.length != 3) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--shop takes USERS,ITEMS,EVENTS, got " + shop.length + " numbers");
    }
    HttpClient client = client();
    if (url != null) {
      String base = url.replaceAll("/+$", "");
      JsonNode counts = health(client, base).path("counts");
      int u = users != null ? users : counts.path("users").asInt();
      int i = items != null ? items : counts.path("items").asInt();
      measure(client, base, u, i, "against " + base);
      return 0;
    }
    Path dir = Files.createTempDirectory("persona-load");
    ShopConfig config =
        ShopConfig.of((int) shop[0], (int) shop[1], shop[2], 42)
            .withStart(Instant.now().minus(Duration.ofDays(30)));
    try (PersonaServer server = startInProcess(dir, config, apiKey, !noTrain, System.out)) {
      int u = users != null ? users : config.users();
      int i = items != null ? items : config.items();
      measure(client, "http://127.0.0.1:" + server.port(), u, i, "in process");
    } finally {
      ProfileScaleBenchmark.delete(dir);
    }
    return 0;
  }

  private void measure(HttpClient client, String base, int u, int i, String where)
      throws IOException, InterruptedException {
    PrintStream out = System.out;
    out.printf(
        Locale.ROOT,
        "# LoadGenerator %s at %s/s for %s s after %s s of warm-up, %s (%,d users, %,d items);"
            + " %d cores, %s %s%n",
        name(endpoint),
        number(rate),
        number(duration),
        number(warmup),
        where,
        u,
        i,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    long before = health(client, base).path("counts").path("events").asLong();
    Result r =
        run(
            client,
            requests(endpoint, base, apiKey, u, i, seed),
            name(endpoint),
            rate,
            warmup,
            duration,
            maxInFlight);
    long grown = health(client, base).path("counts").path("events").asLong() - before;
    r.print(out, header);
    if (endpoint == Endpoint.EVENTS) {
      out.printf(
          Locale.ROOT,
          "warm-up included: %,d events sent, %,d accepted and %,d duplicates by the answers; the"
              + " server's event count grew by %,d%n",
          r.warmupScheduled() + r.scheduled(),
          r.eventsAccepted(),
          r.eventsDuplicate(),
          grown);
    }
  }

  private static String name(Endpoint e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** HTTP/1.1, as most clients speak to a server behind a load balancer. */
  static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * Starts a server on {@code dir} on a free port of 127.0.0.1, loads the generated {@code shop}
   * into it and, when {@code train}, trains the models and waits for them.
   *
   * @param apiKey the one key writes need, or {@code null} for none
   */
  static PersonaServer startInProcess(
      Path dir, ShopConfig shop, String apiKey, boolean train, PrintStream log)
      throws TimeoutException, InterruptedException {
    PersonaConfig config =
        PersonaConfig.defaults().withDataDir(dir).withHost("127.0.0.1").withPort(0);
    if (apiKey != null) {
      config = config.withApiKeys(List.of(apiKey));
    }
    PersonaServer server = PersonaServer.start(config);
    try {
      server.awaitReady(60, TimeUnit.SECONDS);
      long t0 = System.nanoTime();
      Shop.LoadResult loaded =
          Shop.generate(shop)
              .loadInto(new LocalImportSink(server.pipeline(), server.store()), 2_000);
      log.printf(
          Locale.ROOT,
          "loaded %,d users, %,d items and %,d events in %.1f s%n",
          loaded.users(),
          loaded.items(),
          loaded.eventsAccepted(),
          (System.nanoTime() - t0) / 1e9);
      if (train) {
        long t1 = System.nanoTime();
        ModelService.Job job = server.recommendations().models().train("load-generator");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!job.state().equals("done") && !job.state().equals("failed")) {
          if (System.nanoTime() > deadline) {
            throw new TimeoutException("training did not finish in 10 minutes");
          }
          Thread.sleep(100);
        }
        if (job.state().equals("failed")) {
          throw new IllegalStateException("training failed: " + job.message());
        }
        log.printf(Locale.ROOT, "%s (%.1f s)%n", job.message(), (System.nanoTime() - t1) / 1e9);
      }
      return server;
    } catch (RuntimeException | TimeoutException | InterruptedException e) {
      server.close();
      throw e;
    }
  }

  private static JsonNode health(HttpClient client, String base) throws IOException {
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/health"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "GET /v1/health answered " + r.statusCode() + ": " + r.body());
      }
      return Wire.mapper().readTree(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@code i}-th request of a run. Called on the scheduling thread, in order, before the
   * request's intended start (so building it costs no latency), with that start in epoch ms.
   */
  @FunctionalInterface
  interface Requests {
    HttpRequest request(long i, long intendedEpochMillis);
  }

  /**
   * Requests for an endpoint over known users {@code u0..} and items {@code i0..}; seeded. Events
   * carry their intended start as timestamp and ids unique to this run.
   */
  static Requests requests(
      Endpoint endpoint, String base, String apiKey, int users, int items, long seed) {
    if (users < 1 || items < 1) {
      throw new IllegalArgumentException(
          "need at least one known user and item, got " + users + " and " + items);
    }
    SplittableRandom random = new SplittableRandom(seed);
    return switch (endpoint) {
      case EVENTS -> {
        URI uri = URI.create(base + "/v1/events");
        String run = "lg" + Long.toHexString(System.currentTimeMillis());
        BenchEvents gen = new BenchEvents(seed, run, users, items);
        yield (i, millis) -> {
          Event e = gen.next();
          Event now =
              new Event(
                  e.id(),
                  e.type(),
                  e.userId(),
                  e.itemId(),
                  millis,
                  e.value(),
                  e.sessionId(),
                  e.query(),
                  e.text(),
                  e.context(),
                  e.properties());
          return keyed(HttpRequest.newBuilder(uri), apiKey)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(ModelJson.writeEvent(now).toString()))
              .build();
        };
      }
      case RECOMMEND ->
          (i, millis) ->
              get(base + "/v1/users/u" + random.nextInt(users) + "/recommendations?n=10", apiKey);
      case SIMILAR ->
          (i, millis) ->
              get(base + "/v1/items/i" + random.nextInt(items) + "/similar?n=10", apiKey);
    };
  }

  private static HttpRequest get(String uri, String apiKey) {
    return keyed(HttpRequest.newBuilder(URI.create(uri)), apiKey).GET().build();
  }

  private static HttpRequest.Builder keyed(HttpRequest.Builder b, String apiKey) {
    b.timeout(Duration.ofSeconds(30));
    return apiKey == null ? b : b.header("Authorization", "Bearer " + apiKey);
  }

  /**
   * Sends {@code round(warmupSeconds * rate)} requests and then {@code round(seconds * rate)}
   * measured ones on one fixed schedule, and waits until every one is answered or has failed
   * (requests time out after 30 s). Only the measured ones are in the result's figures; the warm-up
   * is counted apart.
   */
  static Result run(
      HttpClient client,
      Requests requests,
      String name,
      double rate,
      double warmupSeconds,
      double seconds,
      int maxInFlight)
      throws InterruptedException {
    long warm = Math.round(warmupSeconds * rate);
    long measured = Math.round(seconds * rate);
    long total = warm + measured;
    double period = 1e9 / rate;
    Tally warmTally = new Tally();
    Tally tally = new Tally();
    Semaphore slots = new Semaphore(maxInFlight);
    AtomicInteger inFlight = new AtomicInteger();
    // a short lead, so that the first request is not late for being made
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    long startMillis = System.currentTimeMillis() + 20;
    for (long i = 0; i < total; i++) {
      long intended = start + (long) (i * period);
      HttpRequest request = requests.request(i, startMillis + (long) (i * period / 1e6));
      for (long now; (now = System.nanoTime()) < intended; ) {
        LockSupport.parkNanos(intended - now);
      }
      slots.acquire();
      long late = System.nanoTime() - intended;
      Tally t = i < warm ? warmTally : tally;
      t.started(late, inFlight.incrementAndGet());
      try {
        client
            .sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .whenComplete(
                (response, failure) -> {
                  long done = System.nanoTime();
                  if (failure != null) {
                    t.failed(failure);
                  } else {
                    t.answered(response.statusCode(), response.body(), done - intended, done);
                  }
                  inFlight.decrementAndGet();
                  slots.release();
                });
      } catch (RuntimeException e) {
        t.failed(e);
        inFlight.decrementAndGet();
        slots.release();
      }
    }
    slots.acquire(maxInFlight); // every request answered or failed
    long measureStart = start + (long) (warm * period);
    double window = Math.max(seconds, (tally.lastDone.get() - measureStart) / 1e9);
    return new Result(
        name,
        rate,
        seconds,
        warm,
        warmTally.answered(),
        warmTally.statuses(),
        warmTally.errors(),
        measured,
        tally.statuses(),
        tally.errors(),
        tally.late.sum(),
        tally.latestStart.get(),
        tally.mostInFlight.get(),
        maxInFlight,
        tally.latency.getTotalCount() / window,
        tally.latency,
        warmTally.accepted.sum() + tally.accepted.sum(),
        warmTally.duplicates.sum() + tally.duplicates.sum(),
        tally.sampleFailure);
  }

  /** What one phase of a run saw; updated from the client's threads. */
  private static final class Tally {
    final Histogram latency = new ConcurrentHistogram(3);
    final ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    final LongAdder late = new LongAdder();
    final AtomicLong latestStart = new AtomicLong();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final LongAdder accepted = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final AtomicLong lastDone = new AtomicLong(Long.MIN_VALUE);
    volatile String sampleFailure;

    void started(long lateNanos, int inFlight) {
      mostInFlight.accumulateAndGet(inFlight, Math::max);
      if (lateNanos > LATE_NANOS) {
        late.increment();
      }
      latestStart.accumulateAndGet(lateNanos, Math::max);
    }

    void answered(int status, String body, long latencyNanos, long done) {
      latency.recordValue(Math.max(0, latencyNanos));
      statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
      lastDone.accumulateAndGet(done, Math::max);
      if (status == 202 && body.startsWith("{\"accepted\"")) {
        try {
          JsonNode answer = Wire.mapper().readTree(body);
          accepted.add(answer.path("accepted").asLong());
          duplicates.add(answer.path("duplicates").asLong());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      if ((status < 200 || status > 299) && sampleFailure == null) {
        sampleFailure = status + " " + body;
      }
    }

    void failed(Throwable failure) {
      Throwable cause =
          failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      errors.computeIfAbsent(cause.getClass().getSimpleName(), s -> new LongAdder()).increment();
      if (sampleFailure == null) {
        sampleFailure = cause.toString();
      }
    }

    long answered() {
      return latency.getTotalCount();
    }

    Map<Integer, Long> statuses() {
      Map<Integer, Long> out = new TreeMap<>();
      statuses.forEach((k, v) -> out.put(k, v.sum()));
      return out;
    }

    Map<String, Long> errors() {
      Map<String, Long> out = new TreeMap<>();
      errors.forEach((k, v) -> out.put(k, v.sum()));
      return out;
    }
  }

  /**
   * The measured part of a run.
   *
   * @param warmupByStatus the warm-up's answers by HTTP status
   * @param warmupErrors the warm-up's requests without an answer, by exception
   * @param scheduled measured requests on the schedule (all were sent)
   * @param byStatus answers by HTTP status
   * @param errors requests without an answer, by exception
   * @param late measured sends more than 1 ms after their intended start
   * @param latestStartNanos the most any measured send lagged its intended start
   * @param mostInFlight the most requests awaiting an answer at once while measuring
   * @param inFlightCap the limit on that ({@code --max-in-flight})
   * @param achievedRate answers per second over the measured window, or over the time until the
   *     last answer when that is longer
   * @param latency nanoseconds from intended start to the end of the answer, one value per answer
   * @param eventsAccepted events the {@code 202} answers of the whole run (warm-up included) say
   *     were accepted
   * @param eventsDuplicate events they say were duplicates
   * @param sampleFailure the first non-2xx answer or error, {@code null} when none
   */
  record Result(
      String endpoint,
      double offeredRate,
      double seconds,
      long warmupScheduled,
      long warmupAnswered,
      Map<Integer, Long> warmupByStatus,
      Map<String, Long> warmupErrors,
      long scheduled,
      Map<Integer, Long> byStatus,
      Map<String, Long> errors,
      long late,
      long latestStartNanos,
      int mostInFlight,
      int inFlightCap,
      double achievedRate,
      Histogram latency,
      long eventsAccepted,
      long eventsDuplicate,
      String sampleFailure) {

    long answered() {
      return latency.getTotalCount();
    }

    long successes() {
      return byStatus.entrySet().stream()
          .filter(e -> e.getKey() >= 200 && e.getKey() <= 299)
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    double percentileMillis(double p) {
      return latency.getValueAtPercentile(p) / 1e6;
    }

    static String markdownHeader() {
      return "| endpoint | offered/s | achieved/s | requests | 2xx | other status | errors | late"
          + " starts | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n"
          + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";
    }

    String markdownRow() {
      long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
      return String.format(
          Locale.ROOT,
          "| %s | %s | %.1f | %,d | %,d | %,d | %,d | %,d | %.2f | %.2f | %.2f | %.2f | %.2f |",
          endpoint,
          number(offeredRate),
          achievedRate,
          scheduled,
          successes(),
          answered() - successes(),
          errorCount,
          late,
          percentileMillis(50),
          percentileMillis(90),
          percentileMillis(99),
          percentileMillis(99.9),
          latency.getMaxValue() / 1e6);
    }

    void print(PrintStream out, boolean header) {
      out.printf(
          Locale.ROOT,
          "warm-up (not counted below): %,d requests; answered %,d, by status %s; errors %s%n",
          warmupScheduled,
          warmupAnswered,
          warmupByStatus,
          warmupErrors.isEmpty() ? "none" : warmupErrors);
      out.printf(
          Locale.ROOT,
          "offered %s/s for %s s = %,d requests; answered %,d, by status %s; errors %s%n",
          number(offeredRate),
          number(seconds),
          scheduled,
          answered(),
          byStatus,
          errors.isEmpty() ? "none" : errors);
      if (sampleFailure != null) {
        String s = sampleFailure.length() > 300 ? sampleFailure.substring(0, 300) : sampleFailure;
        out.println("first failure: " + s);
      }
      out.printf(
          Locale.ROOT,
          "achieved %.1f answers/s; most in flight %d; started late (> 1 ms): %,d (%.2f%%), the"
              + " latest %.2f ms after its intended start%s%n",
          achievedRate,
          mostInFlight,
          late,
          100.0 * late / Math.max(1, scheduled),
          latestStartNanos / 1e6,
          late == 0
              ? ""
              : mostInFlight >= inFlightCap
                  ? " (sends waited at --max-in-flight "
                      + inFlightCap
                      + ": the server fell behind;"
                      + " latency includes the wait)"
                  : " (this process fell behind its schedule, for want of CPU; latency includes"
                      + " the delay)");
      out.printf(
          Locale.ROOT,
          "latency from intended start: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max"
              + " %.2f ms%n",
          percentileMillis(50),
          percentileMillis(90),
          percentileMillis(99),
          percentileMillis(99.9),
          latency.getMaxValue() / 1e6);
      if (header) {
        out.println(markdownHeader());
      }
      out.println(markdownRow());
    }
  }

  private static String number(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15
        ? Long.toString((long) x)
        : String.format(Locale.ROOT, "%s", x);
  }
}
