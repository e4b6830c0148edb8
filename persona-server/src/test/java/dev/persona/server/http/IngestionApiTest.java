package dev.persona.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.server.TestServer;
import dev.persona.server.TestServer.Response;
import dev.persona.server.config.PersonaConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestionApiTest {
  @TempDir Path dir;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aSingleEventIsAcceptedDurablyAndCounted() {
    Response r =
        server.postJson(
            "/v1/events",
            """
            {"id": "e-1", "type": "view", "userId": "u1", "itemId": "i9",
             "timestamp": "2026-11-22T10:00:00Z", "context": {"device": "mobile"}}
            """);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().path("accepted").asInt()).isEqualTo(1);
    assertThat(r.json().path("duplicates").asInt()).isZero();
    assertThat(server.eventCount()).isEqualTo(1);
    assertThat(
            server
                .get("/v1/health")
                .json()
                .path("counts")
                .path("eventsByType")
                .path("view")
                .asLong())
        .isEqualTo(1);
  }

  @Test
  void aRepeatedIdIsCountedAsADuplicateAndNotStoredTwice() {
    String event = "{\"id\": \"e-1\", \"type\": \"view\", \"userId\": \"u1\", \"itemId\": \"i9\"}";
    server.postJson("/v1/events", event);

    Response again = server.postJson("/v1/events", "[" + event + "," + event + "]");

    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json().path("accepted").asInt()).isZero();
    assertThat(again.json().path("duplicates").asInt()).isEqualTo(2);
    assertThat(server.eventCount()).isEqualTo(1);
  }

  @Test
  void aBatchWithOneBadEventIsRefusedWholeWithEveryViolationIndexed() {
    Response r =
        server.postJson(
            "/v1/events",
            """
            [{"type": "view", "userId": "u1", "itemId": "i1"},
             {"type": "teleport", "userId": "u1", "itemId": "i1"},
             {"type": "rate", "itemId": "i2"}]
            """);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).isEqualTo("invalid_input");
    assertThat(r.json().path("details").findValuesAsText("field"))
        .containsExactlyInAnyOrder("events[1].type", "events[2].userId");
    assertThat(r.json().path("details").get(0).path("index").asInt()).isEqualTo(1);
    assertThat(server.eventCount()).as("nothing of a refused batch is stored").isZero();
  }

  @Test
  void aSearchNeedsNoItemButAViewDoes() {
    assertThat(
            server
                .postJson(
                    "/v1/events",
                    "{\"type\": \"search\", \"userId\": \"u1\", \"query\": \"red shoes\"}")
                .status())
        .isEqualTo(202);
    Response view = server.postJson("/v1/events", "{\"type\": \"view\", \"userId\": \"u1\"}");
    assertThat(view.status()).isEqualTo(400);
    assertThat(view.json().path("details").get(0).path("field").asText()).isEqualTo("itemId");
  }

  @Test
  void itemsCanBePutReadAndUpsertedInBatches() {
    Response put =
        server.putJson(
            "/v1/items/i1",
            """
            {"title": "Trail shoe", "categories": ["sports/running/shoes"], "brand": "Acme",
             "price": 89.9, "tags": ["trail"], "createdAt": "2026-01-01T00:00:00Z"}
            """);
    Response batch =
        server.postJson(
            "/v1/items",
            "[{\"id\": \"i2\", \"title\": \"Sock\"}, {\"id\": \"i1\", \"title\": \"Trail shoe v2\"}]");

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().path("id").asText()).isEqualTo("i1");
    assertThat(batch.json().path("upserted").asInt()).isEqualTo(2);
    Response read = server.get("/v1/items/i1");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().path("title").asText()).isEqualTo("Trail shoe v2");
    assertThat(read.json().path("available").asBoolean()).isTrue();
    assertThat(server.get("/v1/health").json().path("counts").path("items").asInt()).isEqualTo(2);
  }

  @Test
  void unknownItemsAndUsersAre404WithTheErrorBody() {
    Response item = server.get("/v1/items/nope");
    Response user = server.get("/v1/users/nope");

    assertThat(item.status()).isEqualTo(404);
    assertThat(item.json().path("error").asText()).isEqualTo("not_found");
    assertThat(item.json().path("message").asText()).contains("nope");
    assertThat(user.status()).isEqualTo(404);
  }

  @Test
  void aPathIdAndABodyIdThatDifferAreRefused() {
    Response r = server.putJson("/v1/items/i1", "{\"id\": \"i2\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("details").get(0).path("field").asText()).isEqualTo("id");
  }

  @Test
  void deletingAUserErasesTheirEventsAndRecordButNobodyElses() {
    server.putJson(
        "/v1/users/u1",
        "{\"attributes\": {\"age\": 31, \"region\": \"north\"}, \"consent\": {\"profiling\": true}}");
    server.postJson(
        "/v1/events",
        "[{\"type\":\"view\",\"userId\":\"u1\",\"itemId\":\"a\"},{\"type\":\"cart\",\"userId\":\"u1\",\"itemId\":\"a\"},"
            + "{\"type\":\"view\",\"userId\":\"u2\",\"itemId\":\"a\"}]");
    assertThat(server.get("/v1/users/u1").json().path("attributes").path("age").asInt())
        .isEqualTo(31);

    Response deleted = server.send("DELETE", "/v1/users/u1", null, null, null);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.header("X-Persona-Erased-Events")).isEqualTo("2");
    assertThat(server.get("/v1/users/u1").status()).isEqualTo(404);
    assertThat(server.eventCount()).isEqualTo(1);
    assertThat(
            server
                .get("/v1/health")
                .json()
                .path("counts")
                .path("eventsByType")
                .path("cart")
                .asLong())
        .isZero();
  }

  @Test
  void aStoreThatCannotWriteGives503AndNot500() {
    server.server().store().close();

    Response r =
        server.postJson(
            "/v1/events", "{\"type\": \"view\", \"userId\": \"u1\", \"itemId\": \"i\"}");
    Response read = server.get("/v1/items/i1");

    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.json().path("error").asText()).isEqualTo("store_unavailable");
    assertThat(read.status()).as(read.body()).isEqualTo(503);
  }

  @Test
  void metricsExposeAcceptedAndRejectedEventsAndRequestLatency() {
    server.postJson("/v1/events", "{\"type\": \"view\", \"userId\": \"u1\", \"itemId\": \"i\"}");
    server.postJson("/v1/events", "{\"type\": \"nope\", \"userId\": \"u1\", \"itemId\": \"i\"}");
    server.postJson("/v1/events", "{not json");

    String metrics = server.get("/metrics").body();

    assertThat(metrics).contains("persona_events_accepted_total 1.0");
    assertThat(metrics).contains("persona_events_rejected_total{reason=\"invalid_type\"} 1.0");
    assertThat(metrics).contains("persona_events_rejected_total{reason=\"invalid_json\"} 1.0");
    assertThat(metrics)
        .contains(
            "persona_http_requests_seconds_bucket{method=\"POST\",route=\"/v1/events\",status=\"202\"");
    assertThat(metrics).contains("persona_store_disk_bytes");
    assertThat(metrics).contains("persona_recommend_neighbour_lists_scored_total");
    assertThat(metrics).contains("persona_recommend_neighbour_lists_renewed_total");
  }

  @Test
  void eventsWithoutTimestampGetTheTimeOfReceipt() {
    long before = System.currentTimeMillis();
    server.postJson("/v1/events", "{\"type\": \"view\", \"userId\": \"u1\", \"itemId\": \"i\"}");
    long after = System.currentTimeMillis();

    List<Long> times = new java.util.ArrayList<>();
    server.server().store().events().replay(0, s -> times.add(s.event().timestamp()));

    assertThat(times).singleElement().satisfies(t -> assertThat(t).isBetween(before, after));
  }

  @Test
  void epochMillisecondsAndOffsetsAreAcceptedAsTimestamps() {
    server.postJson(
        "/v1/events",
        "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\",\"timestamp\":1764000000000}");
    server.postJson(
        "/v1/events",
        "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\",\"timestamp\":\"2025-11-25T00:00:00+08:00\"}");

    List<Long> times = new java.util.ArrayList<>();
    server.server().store().events().replay(0, s -> times.add(s.event().timestamp()));

    assertThat(times).containsExactly(1764000000000L, 1764000000000L);
  }

  @Test
  void writesNeedTheKeyWhenKeysAreConfiguredButReadsStayOpen(@TempDir Path keyed) {
    try (TestServer secured =
        TestServer.start(
            PersonaConfig.defaults().withDataDir(keyed).withApiKeys(List.of(TestServer.KEY)))) {
      byte[] event =
          "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}".getBytes(StandardCharsets.UTF_8);

      Response none = secured.send("POST", "/v1/events", "application/json", event, null);
      Response wrong =
          secured.send("POST", "/v1/events", "application/json", event, "wrong-key-0123456789");
      Response right =
          secured.send("POST", "/v1/events", "application/json", event, TestServer.KEY);
      Response delete = secured.send("DELETE", "/v1/users/u", null, null, null);

      assertThat(none.status()).isEqualTo(401);
      assertThat(none.json().path("error").asText()).isEqualTo("unauthorized");
      assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(right.status()).isEqualTo(202);
      assertThat(delete.status()).isEqualTo(401);
      assertThat(secured.get("/v1/health").status()).isEqualTo(200);
      assertThat(secured.get("/v1/items/i").status())
          .as("reads stay open by default")
          .isEqualTo(404);
      assertThat(secured.eventCount()).isEqualTo(1);
    }
  }

  @Test
  void readsNeedTheKeyWhenConfiguredSo(@TempDir Path keyed) {
    try (TestServer secured =
        TestServer.start(
            PersonaConfig.defaults()
                .withDataDir(keyed)
                .withApiKeys(List.of(TestServer.KEY))
                .withReadsRequireKey(true))) {
      assertThat(secured.get("/v1/items/i").status()).isEqualTo(401);
      assertThat(secured.send("GET", "/v1/items/i", null, null, TestServer.KEY).status())
          .isEqualTo(404);
      assertThat(secured.get("/v1/health").status())
          .as("health stays open for load balancers")
          .isEqualTo(200);
    }
  }
}
