package dev.persona.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.server.TestServer;
import dev.persona.server.TestServer.Response;
import dev.persona.server.config.PersonaConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input gets the right 4xx, an error code, and a detail naming the field and the
 * reason; and nothing accepted before any of them is lost or changed.
 */
class BadInputTest {
  static final int MAX_BODY = 64 * 1024;
  static final int MAX_BATCH = 5;
  static Path dir;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("persona-bad-input");
    server =
        TestServer.start(PersonaConfig.defaults().withDataDir(dir).withLimits(MAX_BODY, MAX_BATCH));
    Response seed =
        server.postJson(
            "/v1/events",
            "[{\"id\":\"good-1\",\"type\":\"view\",\"userId\":\"u1\",\"itemId\":\"i1\"},"
                + "{\"id\":\"good-2\",\"type\":\"cart\",\"userId\":\"u1\",\"itemId\":\"i1\",\"value\":1},"
                + "{\"id\":\"good-3\",\"type\":\"purchase\",\"userId\":\"u1\",\"itemId\":\"i1\",\"value\":9.5}]");
    assertThat(seed.status()).isEqualTo(202);
    server.putJson("/v1/items/i1", "{\"title\": \"Original\"}");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Case(
      String method,
      String path,
      String contentType,
      byte[] body,
      int status,
      String code,
      String field,
      String reason) {
    @Override
    public String toString() {
      return method
          + " "
          + path
          + " -> "
          + status
          + " "
          + code
          + (field == null ? "" : " " + field);
    }
  }

  static Case json(String body, int status, String code, String field, String reason) {
    return new Case(
        "POST",
        "/v1/events",
        "application/json",
        body.getBytes(StandardCharsets.UTF_8),
        status,
        code,
        field,
        reason);
  }

  static Case event(String fields, String field, String reason) {
    return json("{" + fields + "}", 400, "invalid_input", field, reason);
  }

  static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  static Stream<Arguments> cases() {
    String base = "\"type\":\"view\",\"userId\":\"u9\",\"itemId\":\"i9\"";
    byte[] invalidUtf8 =
        new byte[] {
          '{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
        };
    List<Case> cases = new ArrayList<>();
    cases.add(json("{\"type\": \"view\",", 400, "invalid_json", null, "malformed JSON"));
    cases.add(json("", 400, "invalid_json", null, "empty"));
    cases.add(json("  \n\t ", 400, "invalid_json", null, "empty"));
    cases.add(
        event(
            base + ",\"context\":{\"page\":\"" + "p".repeat(1001) + "\"}",
            "context.page",
            "longer than 1000"));
    cases.add(json("\"hello\"", 400, "invalid_input", "", "must be an event object"));
    cases.add(json("{" + base + "} trailing", 400, "invalid_json", null, "malformed JSON"));
    cases.add(
        new Case(
            "POST",
            "/v1/events",
            "text/plain",
            ("{" + base + "}").getBytes(StandardCharsets.UTF_8),
            415,
            "unsupported_media_type",
            null,
            "Content-Type"));
    cases.add(
        new Case(
            "POST",
            "/v1/events",
            null,
            ("{" + base + "}").getBytes(StandardCharsets.UTF_8),
            415,
            "unsupported_media_type",
            null,
            "none"));
    cases.add(
        json(
            "{" + base + ",\"text\":\"" + "x".repeat(MAX_BODY) + "\"}",
            413,
            "body_too_large",
            null,
            "at most"));
    cases.add(
        json(
            "["
                + String.join(",", java.util.Collections.nCopies(MAX_BATCH + 1, "{" + base + "}"))
                + "]",
            413,
            "batch_too_large",
            null,
            "at most " + MAX_BATCH));
    cases.add(json("[]", 400, "invalid_input", "events", "no event"));
    cases.add(event("\"type\":\"view\",\"itemId\":\"i9\"", "userId", "missing"));
    cases.add(
        event(
            "\"type\":\"view\",\"userId\":\"\",\"itemId\":\"i9\"", "userId", "must not be empty"));
    cases.add(
        event(
            "\"type\":\"view\",\"userId\":\"" + "u".repeat(257) + "\",\"itemId\":\"i9\"",
            "userId",
            "longer than 256"));
    cases.add(
        event(
            "\"type\":\"view\",\"userId\":\"u\\u0007\",\"itemId\":\"i9\"",
            "userId",
            "control character"));
    cases.add(
        event(
            "\"type\":\"view\",\"userId\":\"u9\",\"itemId\":\"\"", "itemId", "must not be empty"));
    cases.add(event("\"id\":\"\"," + base, "id", "must not be empty"));
    cases.add(event("\"userId\":\"u9\",\"itemId\":\"i9\"", "type", "missing"));
    cases.add(
        event(
            "\"type\":\"teleport\",\"userId\":\"u9\",\"itemId\":\"i9\"",
            "type",
            "unknown event type"));
    cases.add(event(base + ",\"timestamp\":\"yesterday\"", "timestamp", "ISO-8601"));
    cases.add(
        event(base + ",\"timestamp\":\"2126-01-01T00:00:00Z\"", "timestamp", "in the future"));
    cases.add(event(base + ",\"timestamp\":-5", "timestamp", "1970"));
    cases.add(event(base + ",\"timestamp\":true", "timestamp", "got a boolean"));
    cases.add(json("{" + base + ",\"value\":NaN}", 400, "invalid_json", null, "malformed JSON"));
    cases.add(event(base + ",\"value\":1e999", "value", "finite"));
    cases.add(
        event(
            "\"type\":\"purchase\",\"userId\":\"u9\",\"itemId\":\"i9\",\"value\":-3",
            "value",
            ">= 0"));
    cases.add(
        event(
            "\"type\":\"rate\",\"userId\":\"u9\",\"itemId\":\"i9\"",
            "value",
            "required for type 'rate'"));
    cases.add(event(base + ",\"value\":\"5\"", "value", "must be a number"));
    cases.add(
        event("\"type\":\"view\",\"userId\":true,\"itemId\":\"i9\"", "userId", "must be a string"));
    cases.add(event(base + ",\"context\":[1,2]", "context", "must be an object"));
    cases.add(
        event(
            base + ",\"context\":{\"device\":{\"os\":\"x\"}}",
            "context.device",
            "must be a string"));
    cases.add(event(base + ",\"properties\":\"x\"", "properties", "must be an object"));
    cases.add(event(base + ",\"properties\":" + nested(6), "properties", "nested deeper than 5"));
    cases.add(
        json(
            "{" + base + ",\"properties\":" + nested(40) + "}",
            400,
            "invalid_json",
            null,
            "nested too deeply"));
    cases.add(event(base + ",\"userID\":\"u9\"", "userID", "unknown field"));
    cases.add(event(base + ",\"query\":\"" + "q".repeat(10_001) + "\"", "query", "longer than"));
    cases.add(
        new Case(
            "POST",
            "/v1/events",
            "application/json",
            invalidUtf8,
            400,
            "invalid_json",
            null,
            "UTF-8"));
    cases.add(
        json(
            "{\"type\":\"view\",\"type\":\"cart\",\"userId\":\"u9\",\"itemId\":\"i9\"}",
            400,
            "invalid_json",
            null,
            "Duplicate field"));
    cases.add(
        new Case(
            "PUT",
            "/v1/items/i1",
            "application/json",
            "{\"price\": -1}".getBytes(StandardCharsets.UTF_8),
            400,
            "invalid_input",
            "price",
            ">= 0"));
    cases.add(
        new Case(
            "PUT",
            "/v1/items/i1",
            "application/json",
            "{\"categories\": [\"a//b\"]}".getBytes(StandardCharsets.UTF_8),
            400,
            "invalid_input",
            "categories[0]",
            "empty path segment"));
    cases.add(
        new Case(
            "PUT",
            "/v1/items/i1",
            "application/json",
            "{\"tags\": \"sale\"}".getBytes(StandardCharsets.UTF_8),
            400,
            "invalid_input",
            "tags",
            "array"));
    cases.add(
        new Case(
            "POST",
            "/v1/items",
            "application/json",
            "[{\"id\":\"ok\"},{\"title\":\"no id\"}]".getBytes(StandardCharsets.UTF_8),
            400,
            "invalid_input",
            "items[1].id",
            "missing"));
    cases.add(
        new Case(
            "POST",
            "/v1/items",
            "application/json",
            "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8),
            400,
            "invalid_input",
            "items",
            "must be an array"));
    cases.add(
        new Case(
            "PUT",
            "/v1/users/u1",
            "application/json",
            "{\"consent\": {\"profiling\": \"yes\"}}".getBytes(StandardCharsets.UTF_8),
            400,
            "invalid_input",
            "consent.profiling",
            "true or false"));
    cases.add(
        new Case(
            "PUT",
            "/v1/users/u1",
            "application/json",
            "{\"attributes\": 5}".getBytes(StandardCharsets.UTF_8),
            400,
            "invalid_input",
            "attributes",
            "must be an object"));
    cases.add(new Case("GET", "/v1/nothing-here", null, null, 404, "not_found", null, "not found"));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithTheRightStatusCodeAndReason(Case c) {
    Response r = server.send(c.method(), c.path(), c.contentType(), c.body(), null);

    assertThat(r.status()).as(r.body()).isEqualTo(c.status());
    JsonNode body = r.json();
    assertThat(body.path("error").asText()).isEqualTo(c.code());
    if (c.field() == null) {
      assertThat(body.path("message").asText()).containsIgnoringCase(c.reason());
    } else {
      assertThat(body.path("details").isArray()).isTrue();
      JsonNode detail = null;
      for (JsonNode d : body.path("details")) {
        if (d.path("field").asText().equals(c.field())) {
          detail = d;
        }
      }
      assertThat(detail).as("a detail for field '%s' in %s", c.field(), r.body()).isNotNull();
      assertThat(detail.path("reason").asText()).contains(c.reason());
    }
    assertThat(server.eventCount()).as("what was accepted before is still there").isEqualTo(3);
    assertThat(server.get("/v1/items/i1").json().path("title").asText()).isEqualTo("Original");
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedWithoutReadingItAll() throws Exception {
    byte[] big =
        ("[" + "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"},".repeat(2000))
            .getBytes(StandardCharsets.UTF_8);
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/v1/events"))
            .header("Content-Type", "application/json")
            // an input stream of unknown length is sent chunked, with no Content-Length
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)))
            .build();

    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(big.length).isGreaterThan(MAX_BODY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.body()).contains("body_too_large");
    assertThat(server.eventCount()).isEqualTo(3);
  }

  @Test
  void afterAllTheBadInputTheStoredEventsAreUnchangedAndGoodInputStillWorks() {
    List<String> ids = new ArrayList<>();
    server.server().store().events().replay(0, s -> ids.add(s.event().id()));
    assertThat(ids).containsExactly("good-1", "good-2", "good-3");

    Response duplicate =
        server.postJson(
            "/v1/events",
            "{\"id\":\"good-2\",\"type\":\"cart\",\"userId\":\"u1\",\"itemId\":\"i1\"}");
    assertThat(duplicate.json().path("duplicates").asInt()).isEqualTo(1);
  }
}
