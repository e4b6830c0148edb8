package dev.persona.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.persona.bench.LoadGenerator.Endpoint;
import dev.persona.bench.LoadGenerator.Result;
import dev.persona.data.synth.ShopConfig;
import dev.persona.server.PersonaServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator over real HTTP against a real server in this process, at a low rate for under a
 * second per run: every request on the schedule is sent and answered, and what the server says and
 * stores agrees with what the generator reports. No assertion depends on how fast anything is.
 */
class LoadGeneratorTest {
  private static final String KEY = "load-test-key-0123456789";
  private static final int USERS = 200;
  private static final int ITEMS = 60;

  @TempDir static Path dir;
  private static PersonaServer server;
  private static String base;
  private final HttpClient client = LoadGenerator.client();

  @BeforeAll
  static void start() throws Exception {
    ShopConfig shop =
        ShopConfig.of(USERS, ITEMS, 1_000, 3).withStart(Instant.now().minus(Duration.ofDays(30)));
    server =
        LoadGenerator.startInProcess(
            dir, shop, KEY, false, new PrintStream(OutputStream.nullOutputStream()));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private Result run(Endpoint endpoint, String key) throws InterruptedException {
    // 10 warm-up and 30 measured requests at 50/s
    return LoadGenerator.run(
        client,
        LoadGenerator.requests(endpoint, base, key, USERS, ITEMS, 5),
        endpoint.name(),
        50,
        0.2,
        0.6,
        16);
  }

  @Test
  void events_everyScheduledEventIsAcceptedAndStored() throws Exception {
    long before = server.store().events().count();

    Result r = run(Endpoint.EVENTS, KEY);

    assertThat(r.warmupScheduled()).isEqualTo(10);
    assertThat(r.warmupAnswered()).isEqualTo(10);
    assertThat(r.scheduled()).isEqualTo(30);
    assertThat(r.answered()).isEqualTo(30);
    assertThat(r.latency().getTotalCount()).isEqualTo(30);
    assertThat(r.byStatus()).containsExactly(entry(202, 30L));
    assertThat(r.errors()).isEmpty();
    assertThat(r.sampleFailure()).isNull();
    assertThat(r.warmupByStatus()).containsExactly(entry(202, 10L));
    // the warm-up's events are stored too, and no event was a duplicate
    assertThat(r.eventsAccepted()).isEqualTo(40);
    assertThat(r.eventsDuplicate()).isZero();
    assertThat(server.store().events().count() - before).isEqualTo(40);
  }

  @Test
  void events_refusedForWantOfAKeyAreCountedByStatusAndNotStored() throws Exception {
    long before = server.store().events().count();

    Result r = run(Endpoint.EVENTS, null);

    assertThat(r.answered()).isEqualTo(30);
    assertThat(r.byStatus()).containsExactly(entry(401, 30L));
    assertThat(r.successes()).isZero();
    assertThat(r.errors()).isEmpty();
    assertThat(r.sampleFailure()).startsWith("401 ");
    assertThat(r.eventsAccepted()).isZero();
    assertThat(r.markdownRow()).startsWith("| EVENTS | 50 | ").contains("| 30 | 0 | 30 | 0 |");
    assertThat(server.store().events().count()).isEqualTo(before);
  }

  @Test
  void recommend_everyScheduledRequestIsAnswered() throws Exception {
    Result r = run(Endpoint.RECOMMEND, null);

    assertThat(r.scheduled()).isEqualTo(30);
    assertThat(r.latency().getTotalCount()).isEqualTo(30);
    assertThat(r.byStatus()).containsExactly(entry(200, 30L));
    assertThat(r.errors()).isEmpty();
    assertThat(r.latency().getMaxValue()).isPositive();
  }

  @Test
  void similar_everyScheduledRequestIsAnswered() throws Exception {
    Result r = run(Endpoint.SIMILAR, KEY);

    assertThat(r.latency().getTotalCount()).isEqualTo(30);
    assertThat(r.byStatus()).containsExactly(entry(200, 30L));
    assertThat(r.errors()).isEmpty();
  }
}
