package dev.persona.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.server.TestServer;
import dev.persona.server.TestServer.Response;
import dev.persona.server.config.PersonaConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles, segments, audiences and clusters over real HTTP. */
class ProfileApiTest {
  @TempDir Path dir;
  TestServer server;
  final String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    Response items =
        server.postJson(
            "/v1/items",
            """
            [{"id": "phone", "categories": ["electronics/phones"], "brand": "Nokia", "price": 300,
              "tags": ["5g"]},
             {"id": "case", "categories": ["electronics/accessories"], "brand": "Nokia", "price": 20},
             {"id": "novel", "categories": ["books/fiction"], "brand": "Pages", "price": 12}]
            """);
    assertThat(items.status()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Response post(String json) {
    Response r = server.postJson("/v1/events", json);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r;
  }

  String event(String id, String type, String user, String item) {
    return "{\"id\": \""
        + id
        + "\", \"type\": \""
        + type
        + "\", \"userId\": \""
        + user
        + "\", \"itemId\": \""
        + item
        + "\", \"timestamp\": \""
        + now
        + "\", \"sessionId\": \"s-"
        + user
        + "\", \"context\": {\"device\": \"mobile\"}}";
  }

  JsonNode profile(String user) {
    Response r = server.get("/v1/users/" + user + "/profile");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void everyAcceptedEventIsInTheProfileAtOnce() {
    for (int i = 1; i <= 5; i++) {
      post(event("e" + i, i == 5 ? "purchase" : "view", "u1", i % 2 == 0 ? "case" : "phone"));
      JsonNode p = profile("u1");
      assertThat(p.path("activity").path("events").asLong()).isEqualTo(i);
    }
    JsonNode p = profile("u1");
    assertThat(p.path("userId").asText()).isEqualTo("u1");
    assertThat(p.path("counters").path("view").path("all").asLong()).isEqualTo(4);
    assertThat(p.path("counters").path("purchase").path("1d").asLong()).isEqualTo(1);
    JsonNode categories = p.path("interests").path("category");
    assertThat(categories.get(0).path("key").asText()).isEqualTo("electronics");
    assertThat(categories.get(0).path("share").asDouble()).isEqualTo(1.0);
    assertThat(p.path("interests").path("brand").get(0).path("key").asText()).isEqualTo("Nokia");
    assertThat(p.path("consumption").path("orders").asLong()).isEqualTo(1);
    assertThat(p.path("consumption").path("spend").asDouble()).isEqualTo(300.0);
    assertThat(p.path("lifecycle").path("stage").asText()).isEqualTo("new");
    assertThat(p.path("session").path("count").asLong()).isEqualTo(1);
    assertThat(p.path("activity").path("devices").path("mobile").asLong()).isEqualTo(5);
    assertThat(p.path("recentItems").get(0).asText()).isEqualTo("phone");
    assertThat(p.path("risk").path("flagged").asBoolean()).isFalse();
    assertThat(p.path("evidence").isNull()).isTrue();
  }

  @Test
  void explainListsTheEventsBehindEachInterest() {
    post(
        "["
            + event("v1", "view", "u1", "phone")
            + ","
            + event("b1", "purchase", "u1", "phone")
            + "]");
    post(event("v2", "view", "u1", "novel"));

    JsonNode p = server.get("/v1/users/u1/profile?explain=true&evidence=2").json();

    JsonNode nokia = p.path("evidence").path("brand").path("Nokia");
    assertThat(nokia).hasSize(2);
    assertThat(nokia.get(0).path("eventId").asText()).isEqualTo("b1");
    assertThat(nokia.get(0).path("type").asText()).isEqualTo("purchase");
    assertThat(nokia.get(0).path("weight").asDouble())
        .isCloseTo(5.0, org.assertj.core.api.Assertions.within(0.01));
    assertThat(p.path("evidence").path("category").path("books").get(0).path("eventId").asText())
        .isEqualTo("v2");
  }

  @Test
  void badProfileRequestsSayWhichParameterIsWrong() {
    Response unknown = server.get("/v1/users/nobody/profile");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("error").asText()).isEqualTo("not_found");

    post(event("e1", "view", "u1", "phone"));
    for (String query : List.of("top=0", "top=abc", "top=101", "explain=yes", "evidence=99")) {
      Response r = server.get("/v1/users/u1/profile?" + query);
      assertThat(r.status()).as(query).isEqualTo(400);
      String field = query.substring(0, query.indexOf('='));
      assertThat(r.json().path("details").get(0).path("field").asText()).isEqualTo(field);
    }
  }

  @Test
  void aUserWithARecordButNoEventsHasAProfileOfAttributes() {
    server.putJson("/v1/users/u9", "{\"attributes\": {\"age\": 42, \"region\": \"DE\"}}");
    JsonNode p = profile("u9");
    assertThat(p.path("attributes").path("age").asLong()).isEqualTo(42);
    assertThat(p.path("attributes").path("ageBand").asText()).isEqualTo("35-44");
    assertThat(p.path("activity").path("events").asLong()).isZero();
  }

  @Test
  void withdrawingConsentRemovesInterestsAtOnceAndErasureRemovesTheProfile() {
    post(event("e1", "purchase", "u1", "phone"));
    Response put =
        server.putJson("/v1/users/u1", "{\"attributes\": {}, \"consent\": {\"profiling\": false}}");
    assertThat(put.status()).isEqualTo(200);

    JsonNode p = profile("u1");
    assertThat(p.path("profiling").asBoolean()).isFalse();
    assertThat(p.path("interests").size()).isZero();
    assertThat(p.path("consumption").path("spend").asDouble()).isZero();
    assertThat(p.path("counters").path("purchase").path("all").asLong()).isEqualTo(1);

    post(event("e2", "view", "u1", "novel"));
    assertThat(profile("u1").path("interests").size()).isZero();
    assertThat(profile("u1").path("counters").path("view").path("all").asLong()).isEqualTo(1);

    Response erase = server.send("DELETE", "/v1/users/u1", null, null, null);
    assertThat(erase.status()).isEqualTo(204);
    assertThat(server.get("/v1/users/u1/profile").status()).isEqualTo(404);
    assertThat(
            server
                .get("/v1/health")
                .json()
                .path("counts")
                .path("eventsByType")
                .path("view")
                .asLong())
        .isZero();
  }

  @Test
  void segmentsAreKeptLiveAsEventsArrive() {
    Response created =
        server.putJson(
            "/v1/segments/phone-fans",
            "{\"rule\": \"interest.category['electronics'] > 0.5 and count.view.7d >= 2\","
                + " \"description\": \"people looking at phones\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("size").asLong()).isZero();
    assertThat(created.json().path("warnings")).isEmpty();

    post(event("e1", "view", "u1", "phone"));
    assertThat(segmentSize("phone-fans")).isZero();
    post(event("e2", "view", "u1", "case"));
    assertThat(segmentSize("phone-fans")).isEqualTo(1);
    assertThat(profile("u1").path("segments").get(0).path("name").asText()).isEqualTo("phone-fans");
    post(
        "["
            + event("e3", "view", "u1", "novel")
            + ","
            + event("e4", "view", "u1", "novel")
            + ","
            + event("e5", "view", "u1", "novel")
            + "]");
    assertThat(segmentSize("phone-fans")).as("books now outweigh phones").isZero();

    Response redefined =
        server.putJson("/v1/segments/phone-fans", "{\"rule\": \"count.view >= 1\"}");
    assertThat(redefined.status()).isEqualTo(200);
    assertThat(redefined.json().path("size").asLong()).isEqualTo(1);

    JsonNode one = server.get("/v1/segments/phone-fans").json();
    assertThat(one.path("history").size()).isGreaterThanOrEqualTo(1);
    assertThat(server.get("/v1/segments").json().path("segments")).hasSize(1);
    assertThat(server.send("DELETE", "/v1/segments/phone-fans", null, null, null).status())
        .isEqualTo(204);
    assertThat(server.get("/v1/segments/phone-fans").status()).isEqualTo(404);
    assertThat(server.send("DELETE", "/v1/segments/phone-fans", null, null, null).status())
        .isEqualTo(404);
  }

  /** Interest keys and shares (weights decay between two reads; shares do not). */
  static List<String> shares(JsonNode profile) {
    List<String> out = new ArrayList<>();
    profile
        .path("interests")
        .fields()
        .forEachRemaining(
            d ->
                d.getValue()
                    .forEach(
                        i ->
                            out.add(
                                d.getKey()
                                    + ":"
                                    + i.path("key").asText()
                                    + "="
                                    + i.path("share").asText())));
    return out;
  }

  long segmentSize(String name) {
    return server.get("/v1/segments/" + name).json().path("size").asLong();
  }

  @Test
  void aBadRuleIsRefusedWithItsPositionAndNothingIsStored() {
    Response r =
        server.putJson("/v1/segments/bad", "{\"rule\": \"age >= 25 and lifecycle = 'actve'\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).isEqualTo("invalid_rule");
    JsonNode detail = r.json().path("details").get(0);
    assertThat(detail.path("field").asText()).isEqualTo("rule");
    assertThat(detail.path("position").asInt()).isEqualTo(26);
    assertThat(detail.path("expected").asText()).contains("active");
    assertThat(server.get("/v1/segments/bad").status()).isEqualTo(404);

    assertThat(
            server
                .putJson("/v1/segments/bad", "{\"rule\": 3}")
                .json()
                .path("details")
                .get(0)
                .path("field")
                .asText())
        .isEqualTo("rule");
    assertThat(
            server
                .putJson("/v1/segments/bad", "{}")
                .json()
                .path("details")
                .get(0)
                .path("reason")
                .asText())
        .isEqualTo("missing");
    assertThat(
            server
                .putJson("/v1/segments/bad", "{\"rule\": \"events > 1\", \"colour\": 1}")
                .status())
        .isEqualTo(400);
    Response badName = server.putJson("/v1/segments/b%20d", "{\"rule\": \"events > 1\"}");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.json().path("details").get(0).path("field").asText()).isEqualTo("name");
  }

  @Test
  void aRuleNamingAnAttributeNoUserHasComesWithAWarning() {
    server.putJson("/v1/users/u1", "{\"attributes\": {\"age\": 30}}");
    Response r = server.putJson("/v1/segments/typo", "{\"rule\": \"agee >= 25\"}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().path("warnings").get(0).asText()).contains("'agee'");
  }

  @Test
  void anAudienceIsCountedAndListedPageByPage() {
    StringBuilder batch = new StringBuilder("[");
    for (int u = 0; u < 25; u++) {
      batch
          .append(u == 0 ? "" : ",")
          .append(event("e" + u, "view", "user" + u, u % 5 == 0 ? "novel" : "phone"));
    }
    post(batch.append("]").toString());

    List<String> seen = new ArrayList<>();
    String cursor = null;
    long count = -1;
    for (int page = 0; page < 10; page++) {
      Response r =
          server.postJson(
              "/v1/segments/query",
              "{\"rule\": \"interest.brand['Nokia'] > 0\", \"limit\": 7, \"cursor\": "
                  + (cursor == null ? "null" : "\"" + cursor + "\"")
                  + "}");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      count = r.json().path("count").asLong();
      r.json().path("users").forEach(u -> seen.add(u.asText()));
      if (r.json().path("cursor").isNull()) {
        break;
      }
      cursor = r.json().path("cursor").asText();
    }
    assertThat(count).isEqualTo(20);
    assertThat(seen).hasSize(20).doesNotHaveDuplicates().isSorted();
    assertThat(seen).doesNotContain("user0", "user5");

    Response bad = server.postJson("/v1/segments/query", "{\"rule\": \"interest.brand > 0\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("error").asText()).isEqualTo("invalid_rule");
    Response badLimit =
        server.postJson("/v1/segments/query", "{\"rule\": \"events > 0\", \"limit\": -1}");
    assertThat(badLimit.json().path("details").get(0).path("field").asText()).isEqualTo("limit");
  }

  @Test
  void clustersCanBeRunOnDemand() {
    StringBuilder batch = new StringBuilder("[");
    for (int u = 0; u < 40; u++) {
      for (int i = 0; i < 3; i++) {
        batch
            .append(u + i == 0 ? "" : ",")
            .append(event("e" + u + "-" + i, "view", "user" + u, u % 2 == 0 ? "novel" : "phone"));
      }
    }
    post(batch.append("]").toString());

    Response run =
        server.send("POST", "/v1/clusters/run", "application/json", "{}".getBytes(), null);
    assertThat(run.status()).as(run.body()).isEqualTo(200);
    JsonNode clusters = server.get("/v1/clusters").json();
    assertThat(clusters.path("trainedAt").isTextual()).isTrue();
    long total = 0;
    for (JsonNode c : clusters.path("clusters")) {
      total += c.path("size").asLong();
      assertThat(c.path("label").asText()).isNotEmpty();
    }
    assertThat(total).isEqualTo(40);
    assertThat(profile("user0").path("cluster").path("id").isInt()).isTrue();
    assertThat(profile("user0").path("cluster").path("id").asInt())
        .isNotEqualTo(profile("user1").path("cluster").path("id").asInt());
  }

  @Test
  void profilesAndSegmentsSurviveARestartAndAConfigurationChangeRebuildsThem() {
    post(event("e1", "view", "u1", "phone"));
    post(event("e2", "view", "u1", "novel"));
    server.putJson("/v1/segments/readers", "{\"rule\": \"interest.category['books'] > 0\"}");
    JsonNode before = profile("u1");
    server.close();

    server = TestServer.start(dir);
    JsonNode after = profile("u1");
    assertThat(shares(after)).isEqualTo(shares(before)).isNotEmpty();
    assertThat(after.path("counters")).isEqualTo(before.path("counters"));
    assertThat(segmentSize("readers")).isEqualTo(1);
    assertThat(server.server().profiles().checkpoint()).isEqualTo(2);
    server.close();

    // a different half-life: the stored profiles no longer fit and are rebuilt from the log
    PersonaConfig halfLife =
        PersonaConfig.defaults()
            .withDataDir(dir)
            .withProfiles(
                dev.persona.server.profile.ProfileOptions.defaults()
                    .withConfig(
                        dev.persona.profile.ProfileConfig.defaults()
                            .withEventWeights(java.util.Map.of("view", 2.0))));
    server = TestServer.start(halfLife);
    JsonNode rebuilt = profile("u1");
    assertThat(rebuilt.path("interests").path("brand").get(0).path("weight").asDouble())
        .isEqualTo(
            2 * before.path("interests").path("brand").get(0).path("weight").asDouble(),
            org.assertj.core.api.Assertions.offset(1e-3));
  }
}
