package dev.persona.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.server.TestServer;
import dev.persona.server.TestServer.Response;
import dev.persona.server.config.PersonaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trained models over real HTTP: training as a job, the snapshot persisted and reloaded after a
 * restart, and the iALS fold-in following an event the moment it is acknowledged.
 */
class ModelApiTest {
  @TempDir Path dir;
  TestServer server;
  final Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
  int clock;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    StringBuilder items = new StringBuilder("[");
    for (int i = 0; i < 40; i++) {
      String cat = i < 20 ? "music/jazz" : "music/metal";
      items.append(
          "{\"id\": \"a%d\", \"title\": \"Album %d\", \"categories\": [\"%s\"]},"
              .formatted(i, i, cat));
    }
    items.setCharAt(items.length() - 1, ']');
    assertThat(server.postJson("/v1/items", items.toString()).status()).isEqualTo(200);
    // two tastes: jazz fans (a0..a19) and metal fans (a20..a39)
    StringBuilder batch = new StringBuilder("[");
    java.util.Random r = new java.util.Random(4);
    for (int u = 0; u < 60; u++) {
      int base = u % 2 == 0 ? 0 : 20;
      for (int k = 0; k < 8; k++) {
        batch.append(event("o" + u, "view", "a" + (base + r.nextInt(20)))).append(',');
      }
    }
    batch.setCharAt(batch.length() - 1, ']');
    post(batch.toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String event(String user, String type, String item) {
    return "{\"type\": \"%s\", \"userId\": \"%s\", \"itemId\": \"%s\", \"timestamp\": \"%s\"}"
        .formatted(type, user, item, start.plusSeconds(++clock));
  }

  void post(String json) {
    Response r = server.postJson("/v1/events", json);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  JsonNode trainAndWait() throws InterruptedException {
    Response r = server.send("POST", "/v1/models/train", null, null, null);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    String id = r.json().path("job").asText();
    assertThat(r.header("Location")).isEqualTo("/v1/models/jobs/" + id);
    for (int i = 0; i < 600; i++) {
      JsonNode job = server.get("/v1/models/jobs/" + id).json();
      String state = job.path("state").asText();
      if (state.equals("done") || state.equals("failed")) {
        assertThat(state).as(job.toString()).isEqualTo("done");
        return job;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("training did not finish");
  }

  /** The items the als source proposes for a user, best first. */
  List<String> alsItems(String user) {
    Response r = server.get("/v1/users/" + user + "/recommendations?n=10");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    for (JsonNode item : r.json().path("items")) {
      for (JsonNode reason : item.path("reasons")) {
        if (reason.path("source").asText().equals("als")) {
          out.add(item.path("itemId").asText());
        }
      }
    }
    return out;
  }

  @Test
  void trainingRunsAsAJobAndItsSnapshotServesAndSurvivesARestart() throws Exception {
    JsonNode before = server.get("/v1/models").json();
    assertThat(before.path("trained").isNull()).isTrue();

    JsonNode job = trainAndWait();
    assertThat(job.path("version").asLong()).isEqualTo(1);
    JsonNode models = server.get("/v1/models").json();
    JsonNode trained = models.path("trained");
    assertThat(trained.path("version").asLong()).isEqualTo(1);
    assertThat(trained.path("users").asInt()).isEqualTo(60);
    assertThat(trained.path("items").asInt()).isEqualTo(40);
    assertThat(trained.path("models").get(0).path("name").asText()).isEqualTo("als");
    assertThat(trained.path("models").get(0).path("status").asText()).isEqualTo("ready");
    assertThat(trained.path("models").get(0).path("loss").size()).isEqualTo(15);
    assertThat(trained.path("models").get(1).path("status").asText()).isEqualTo("ready");
    assertThat(models.path("jobs").get(0).path("trigger").asText()).isEqualTo("api");
    try (Stream<Path> files = Files.list(dir.resolve("models"))) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("snapshot-1.bin");
    }

    // a jazz fan gets jazz from the trained models, and the list names the model version
    post(event("fan", "view", "a1"));
    post(event("fan", "view", "a2"));
    Response list = server.get("/v1/users/fan/recommendations?n=5");
    assertThat(list.json().path("model").asText()).isEqualTo("online+v1");
    List<String> als = alsItems("fan");
    assertThat(als).isNotEmpty().doesNotContain("a1", "a2");
    long jazz = als.stream().filter(i -> Integer.parseInt(i.substring(1)) < 20).count();
    assertThat(jazz).isGreaterThanOrEqualTo(als.size() - 1);

    // similar items and a visit draw on the trained models too
    Response similar = server.get("/v1/items/a25/similar?n=5");
    assertThat(similar.body()).contains("\"source\":\"als\"").contains("\"source\":\"ease\"");

    // a restart loads the snapshot rather than training again
    server.close();
    server = TestServer.start(dir);
    JsonNode after = server.get("/v1/models").json();
    assertThat(after.path("trained").path("version").asLong()).isEqualTo(1);
    assertThat(after.path("jobs").size()).isZero();
    assertThat(alsItems("fan"))
        .containsExactlyInAnyOrderElementsOf(als); // blend order moves with time

    // the next training is version 2
    assertThat(trainAndWait().path("version").asLong()).isEqualTo(2);
  }

  @Test
  void theFoldInFollowsTheEventJustAcknowledged() throws Exception {
    trainAndWait();
    // a new user, unknown at training time: one jazz view, then the list is jazz
    post(event("new", "view", "a3"));
    List<String> first = alsItems("new");
    assertThat(first).isNotEmpty();
    assertThat(first.stream().filter(i -> Integer.parseInt(i.substring(1)) < 20).count())
        .isGreaterThanOrEqualTo(first.size() - 1);
    // three metal purchases right after: the very next list has moved to metal
    post(event("new", "purchase", "a21"));
    post(event("new", "purchase", "a22"));
    post(event("new", "purchase", "a23"));
    List<String> moved = alsItems("new");
    assertThat(moved).isNotEqualTo(first).doesNotContain("a21", "a22", "a23");
    assertThat(moved.get(0).substring(1))
        .satisfies(i -> assertThat(Integer.parseInt(i)).isGreaterThanOrEqualTo(20));
  }

  @Test
  void anUnknownJobIs404AndTrainingAnEmptyLogFailsWithTheReason() throws Exception {
    Response missing = server.get("/v1/models/jobs/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).contains("nope");

    server.close();
    Path empty = dir.resolve("empty");
    server = TestServer.start(PersonaConfig.defaults().withDataDir(empty));
    Response r = server.send("POST", "/v1/models/train", null, null, null);
    assertThat(r.status()).isEqualTo(202);
    String id = r.json().path("job").asText();
    JsonNode job = null;
    for (int i = 0; i < 200; i++) {
      job = server.get("/v1/models/jobs/" + id).json();
      if (job.path("state").asText().equals("failed")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(job.path("state").asText()).isEqualTo("failed");
    assertThat(job.path("message").asText()).contains("nothing to train on");
    // recommendations still work without a model
    assertThat(server.get("/v1/users/x/recommendations").status()).isEqualTo(200);
  }
}
