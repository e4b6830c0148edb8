package dev.persona.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.server.EvaluationFixture;
import dev.persona.server.TestServer;
import dev.persona.server.TestServer.Response;
import dev.persona.server.config.PersonaConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The endpoints the dashboard added to the API (docs/api.md): users, a user's events, an item's
 * users, ad-hoc audiences and their traits, live statistics and the evaluation report; each with
 * its bad input answered 400 naming the field.
 */
class DashboardApiTest {
  static Path dir;
  static Path evaluation;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("persona-dashboard-api");
    evaluation = dir.resolve("evaluation");
    server =
        TestServer.start(
            PersonaConfig.defaults()
                .withDataDir(dir.resolve("data"))
                .withEvaluationDir(evaluation));
    for (String item : List.of("i0", "i1", "i2")) {
      server.putJson(
          "/v1/items/" + item,
          "{\"title\": \"Item " + item + "\", \"categories\": [\"books/" + item + "\"]}");
    }
    StringBuilder batch = new StringBuilder("[");
    for (int i = 1; i <= 12; i++) {
      String user = i <= 7 ? "u1" : i <= 10 ? "u2" : "v1";
      batch
          .append(i > 1 ? "," : "")
          .append("{\"id\":\"e")
          .append(i)
          .append("\",\"type\":\"view\",\"userId\":\"")
          .append(user)
          .append("\",\"itemId\":\"i")
          .append(i % 3)
          .append("\",\"timestamp\":")
          .append(System.currentTimeMillis() - 60_000 + i)
          .append('}');
    }
    assertThat(server.postJson("/v1/events", batch.append(']').toString()).status()).isEqualTo(202);
    server.putJson("/v1/items/i9", "{\"title\": \"Never seen\"}");
    server.putJson("/v1/users/u2", "{\"attributes\": {\"gender\": \"F\"}}");
    server.putJson("/v1/users/u1", "{\"attributes\": {\"gender\": \"M\"}}");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- users and their events ----

  @Test
  void usersAreListedInIdOrderByPrefixAndPaged() {
    JsonNode all = server.get("/v1/users").json();
    JsonNode u = server.get("/v1/users?prefix=u&limit=1").json();
    JsonNode next =
        server.get("/v1/users?prefix=u&limit=1&cursor=" + u.path("cursor").asText()).json();

    assertThat(all.path("count").asLong()).isEqualTo(3);
    assertThat(all.path("users").toString()).isEqualTo("[\"u1\",\"u2\",\"v1\"]");
    assertThat(u.path("count").asLong()).isEqualTo(2);
    assertThat(u.path("users").toString()).isEqualTo("[\"u1\"]");
    assertThat(next.path("users").toString()).isEqualTo("[\"u2\"]");
    assertThat(next.path("cursor").isNull()).isTrue();
  }

  @Test
  void aUsersEventsComeNewestFirstAPageAtATime() {
    JsonNode first = server.get("/v1/users/u1/events?limit=3").json();
    JsonNode rest =
        server.get("/v1/users/u1/events?limit=10&cursor=" + first.path("cursor").asText()).json();

    assertThat(ids(first)).containsExactly("e7", "e6", "e5");
    assertThat(first.path("events").get(0).path("sequence").asLong()).isPositive();
    assertThat(first.path("events").get(0).path("receivedAt").asText()).endsWith("Z");
    assertThat(first.path("events").get(0).path("itemId").asText()).isEqualTo("i1");
    assertThat(ids(rest)).containsExactly("e4", "e3", "e2", "e1");
    assertThat(rest.path("cursor").isNull()).isTrue();
  }

  @Test
  void aNewEventIsFirstInTheTimelineAtOnce() {
    server.postJson(
        "/v1/events", "{\"id\":\"late-1\",\"type\":\"cart\",\"userId\":\"v1\",\"itemId\":\"i2\"}");

    assertThat(ids(server.get("/v1/users/v1/events?limit=1").json())).containsExactly("late-1");
  }

  @Test
  void anUnknownUserHasNoEventsToShow() {
    Response r = server.get("/v1/users/nobody/events");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().path("message").asText()).contains("no user with id 'nobody'");
  }

  private static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("events").forEach(e -> out.add(e.path("id").asText()));
    return out;
  }

  // ---- items ----

  @Test
  void anItemsLatestUsersComeNewestFirstWithItsPopularity() {
    JsonNode i1 = server.get("/v1/items/i1/users").json();
    JsonNode i9 = server.get("/v1/items/i9/users").json();

    assertThat(i1.path("count").asLong()).isEqualTo(2); // u1, then u2 viewed i1
    assertThat(i1.path("users").toString()).isEqualTo("[\"u2\",\"u1\"]");
    assertThat(i1.path("popularity").path("7d").asDouble()).isPositive();
    assertThat(i9.path("count").asLong()).as("in the catalogue, never seen").isZero();
    assertThat(server.get("/v1/items/nothing/users").status()).isEqualTo(404);
  }

  // ---- audiences ----

  @Test
  void theAudienceReadAnswersWhatTheQueryAnswers() {
    String rule = "count.view.all >= 3";
    JsonNode read = server.get("/v1/audience?limit=10&rule=" + enc(rule)).json();
    JsonNode query =
        server
            .send(
                "POST",
                "/v1/segments/query",
                "application/json",
                ("{\"rule\": \"" + rule + "\", \"limit\": 10}").getBytes(StandardCharsets.UTF_8),
                null)
            .json();

    assertThat(read.path("count").asLong()).isEqualTo(2);
    assertThat(read.path("users")).isEqualTo(query.path("users"));
    assertThat(read.path("count")).isEqualTo(query.path("count"));
  }

  @Test
  void aRuleWithAMistakeIsAnsweredWithWhereAndWhatWasExpected() {
    Response r = server.get("/v1/audience?rule=" + enc("count.view.all >="));
    Response traits = server.get("/v1/audience/traits?rule=" + enc("lifecycle = "));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).isEqualTo("invalid_rule");
    assertThat(r.json().path("details").get(0).path("position").asInt()).isEqualTo(17);
    assertThat(r.json().path("details").get(0).path("expected").asText()).isNotEmpty();
    assertThat(traits.status()).isEqualTo(400);
    assertThat(traits.json().path("error").asText()).isEqualTo("invalid_rule");
  }

  @Test
  void traitsCompareTheAudienceWithEveryone() {
    JsonNode t = server.get("/v1/audience/traits?rule=" + enc("gender = \"F\"")).json();

    assertThat(t.path("members").asLong()).isEqualTo(1);
    assertThat(t.path("everyone").asLong()).isEqualTo(3);
    JsonNode gender = null;
    for (JsonNode f : t.path("fields")) {
      if (f.path("field").asText().equals("gender")) {
        gender = f;
      }
    }
    assertThat(gender).isNotNull();
    assertThat(gender.path("values").get(0).path("value").asText()).isEqualTo("F");
    assertThat(gender.path("values").get(0).path("members").asDouble()).isEqualTo(1.0);
    assertThat(t.path("interests").get(0).path("dimension").asText()).isEqualTo("category");
    assertThat(t.path("tookMs").isNumber()).isTrue();
  }

  // ---- live statistics ----

  @Test
  void statsShowTheEventsOfTheLastSecondsAndTheRequestLatency() throws Exception {
    server.get("/v1/health");
    Thread.sleep(1_100); // the second in progress is not reported: let it end
    JsonNode s = server.get("/v1/stats?window=300").json();

    assertThat(s.path("windowSeconds").asInt()).isEqualTo(300);
    assertThat(s.path("events").path("series").size()).isEqualTo(300);
    assertThat(s.path("events").path("count").asLong()).isGreaterThanOrEqualTo(12);
    assertThat(s.path("requests").path("count").asLong()).isPositive();
    assertThat(s.path("requests").path("latencyMs").path("p99").asDouble()).isPositive();
    List<String> routes = new ArrayList<>();
    s.path("requests").path("routes").forEach(r -> routes.add(r.path("route").asText()));
    assertThat(routes).contains("POST /v1/events", "GET /v1/health");
  }

  // ---- bad parameters ----

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/v1/users?limit=-1|limit|0..10000",
        "/v1/users/u1/events?limit=0|limit|1..1000",
        "/v1/users/u1/events?cursor=yesterday|cursor|sequence number",
        "/v1/items/i1/users?n=33|n|1..32",
        "/v1/audience|rule|missing",
        "/v1/audience?rule=lifecycle%3D%22new%22&limit=x|limit|0..10000",
        "/v1/audience/traits?rule=%20|rule|missing",
        "/v1/stats?window=0|window|1..300",
        "/v1/stats?window=301|window|1..300",
        "/v1/evaluation/charts/.hidden.svg|name|ending in .svg",
        "/v1/evaluation/charts/report.md|name|ending in .svg",
        "/v1/evaluation/charts/..%2F..%2Fresults.svg|name|ending in .svg"
      })
  void aBadParameterIsNamedWithTheReason(String path, String field, String reason) {
    Response r = server.get(path);

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).isEqualTo("invalid_input");
    assertThat(r.json().path("details").get(0).path("field").asText()).isEqualTo(field);
    assertThat(r.json().path("details").get(0).path("reason").asText()).contains(reason);
  }

  // ---- the evaluation report ----

  @Test
  void theEvaluationReportIsServedOnceOneExists() throws Exception {
    Response none = server.get("/v1/evaluation");
    assertThat(none.status()).isEqualTo(200); // no report yet is a state, not an error
    assertThat(none.json().path("report").isNull()).isTrue();
    assertThat(none.json().path("message").asText()).contains("run ./persona evaluate");
    assertThat(server.get("/v1/evaluation/charts/x.svg").json().path("message").asText())
        .contains("no evaluation report");

    EvaluationFixture.write(evaluation, List.of("popularity", "random"));
    JsonNode report = server.get("/v1/evaluation").json();
    String chart = report.path("charts").get(0).asText();
    Response svg = server.get("/v1/evaluation/charts/" + chart);

    JsonNode section = report.path("report").path("sections").get(0);
    assertThat(section.path("dataset").asText()).isEqualTo("shop");
    assertThat(section.path("results").get(0).path("algorithm").asText()).isEqualTo("popularity");
    assertThat(
            section.path("results").get(0).path("metrics").path("ndcg@10").path("mean").asDouble())
        .isPositive();
    assertThat(report.path("generatedAt").asText()).endsWith("Z");
    assertThat(chart).isEqualTo("shop-leave-last-1.svg");
    assertThat(svg.status()).isEqualTo(200);
    assertThat(svg.header("Content-Type")).startsWith("image/svg+xml");
    assertThat(svg.header("Content-Security-Policy")).contains("default-src 'none'");
    assertThat(svg.body()).startsWith("<svg");
    assertThat(server.get("/v1/evaluation/charts/missing.svg").status()).isEqualTo(404);
  }
}
