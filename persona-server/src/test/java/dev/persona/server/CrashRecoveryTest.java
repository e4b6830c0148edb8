package dev.persona.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.json.Wire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The durability promise: an event acknowledged with 202 survives {@code kill -9} of the server. A
 * real server runs in a child process; clients send single events and batches concurrently; the
 * child is killed with SIGKILL while requests are in flight; a new child on the same directory must
 * hold every acknowledged event (each re-sent one is a duplicate), and nothing twice.
 */
class CrashRecoveryTest {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
  private static final int ACKNOWLEDGED_BEFORE_KILL = 3_000;

  @TempDir Path dir;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @ParameterizedTest(name = "sync={0}")
  @ValueSource(strings = {"always", "interval"})
  void everyAcknowledgedEventSurvivesKillMinus9(String sync) throws Exception {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Child first = Child.start(dir, sync);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      for (int t = 0; t < 4; t++) {
        int thread = t;
        senders.submit(() -> send(first.url, thread, acknowledged, stop));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      first.process.waitFor(30, TimeUnit.SECONDS);
    } finally {
      stop.set(true);
      senders.shutdown();
      senders.awaitTermination(30, TimeUnit.SECONDS);
      first.process.destroyForcibly();
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

    Child second = Child.start(dir, sync);
    try {
      long stored = health(second.url).path("counts").path("events").asLong();
      assertThat(stored)
          .as("at least every acknowledged event is stored (in-flight ones may be too)")
          .isGreaterThanOrEqualTo(acknowledged.size());

      List<String> ids = new ArrayList<>(acknowledged);
      int duplicates = 0;
      int accepted = 0;
      for (int from = 0; from < ids.size(); from += 1_000) {
        JsonNode r = post(second.url, batch(ids.subList(from, Math.min(ids.size(), from + 1_000))));
        duplicates += r.path("duplicates").asInt();
        accepted += r.path("accepted").asInt();
      }
      assertThat(accepted).as("no acknowledged event was lost").isZero();
      assertThat(duplicates).isEqualTo(ids.size());
      assertThat(health(second.url).path("counts").path("events").asLong()).isEqualTo(stored);
    } finally {
      second.process.destroy();
      second.process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private void send(String url, int thread, Set<String> acknowledged, AtomicBoolean stop) {
    for (int i = 0; !stop.get(); i++) {
      List<String> ids = new ArrayList<>();
      int size = i % 3 == 0 ? 1 : 50; // single events and batches
      for (int k = 0; k < size; k++) {
        ids.add("t" + thread + "-" + i + "-" + k);
      }
      try {
        HttpResponse<String> r =
            client.send(request(url, batch(ids)), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 202) {
          acknowledged.addAll(ids);
        }
      } catch (IOException e) {
        return; // the server is gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String batch(List<String> ids) {
    StringBuilder b = new StringBuilder("[");
    for (String id : ids) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append("{\"id\":\"")
          .append(id)
          .append("\",\"type\":\"view\",\"userId\":\"u-")
          .append(id.hashCode() & 63)
          .append("\",\"itemId\":\"i-")
          .append(id.length())
          .append("\"}");
    }
    return b.append(']').toString();
  }

  private static HttpRequest request(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url + "/v1/events"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private JsonNode post(String url, String body) throws Exception {
    HttpResponse<String> r = client.send(request(url, body), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return Wire.mapper().readTree(r.body());
  }

  private JsonNode health(String url) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(url + "/v1/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Wire.mapper().readTree(r.body());
  }

  /** {@code persona serve} in a child JVM, on the test's class path. */
  private record Child(Process process, String url) {
    static Child start(Path dir, String sync) throws Exception {
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-cp",
              System.getProperty("java.class.path"),
              "-Xmx512m",
              "dev.persona.server.cli.PersonaCli",
              "serve",
              "--host",
              "127.0.0.1",
              "--port",
              "0",
              "--data",
              dir.toString(),
              "--sync",
              sync,
              "--sync-interval",
              "200ms");
      pb.redirectErrorStream(true);
      Process process = pb.start();
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    seen.add(line);
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // the child died; the test notices through its requests
                }
              });
      reader.setDaemon(true);
      reader.start();
      String url = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          if (!process.isAlive()) {
            break;
          }
          continue;
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          url = m.group(1);
        }
        if (url != null && line.startsWith("Ready:")) {
          return new Child(process, url);
        }
      }
      process.destroyForcibly();
      throw new AssertionError("the child server did not become ready; it printed: " + seen);
    }
  }
}
