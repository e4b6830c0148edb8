package dev.persona.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.recommend.RecommendConfig;
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

/**
 * Recommendations over real HTTP, and what "real time" promises: after a 202, the next list for
 * that user already reflects the event.
 */
class RecommendApiTest {
  @TempDir Path dir;
  TestServer server;
  final Instant start = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
  int clock;

  @BeforeEach
  void start() {
    server = TestServer.start(dir);
    Response items =
        server.postJson(
            "/v1/items",
            """
            [{"id": "phone", "title": "Phone", "categories": ["electronics/phones"], "brand": "Nokia", "price": 300},
             {"id": "case", "title": "Case", "categories": ["electronics/accessories"], "brand": "Nokia", "price": 20},
             {"id": "charger", "title": "Charger", "categories": ["electronics/accessories"], "brand": "Volt", "price": 25},
             {"id": "novel", "title": "Novel", "categories": ["books/fiction"], "brand": "Pages", "price": 12},
             {"id": "poems", "title": "Poems", "categories": ["books/poetry"], "brand": "Verse", "price": 9},
             {"id": "atlas", "title": "Atlas", "categories": ["books/reference"], "brand": "Pages", "price": 30}]
            """);
    assertThat(items.status()).isEqualTo(200);
    // others: phone -> case is a common visit; phone and charger go together; books apart
    StringBuilder batch = new StringBuilder("[");
    for (int u = 0; u < 8; u++) {
      String s = "s-o" + u;
      batch.append(event("o" + u, "view", "phone", s)).append(',');
      batch.append(event("o" + u, "view", "case", s)).append(',');
      if (u % 2 == 0) {
        batch.append(event("o" + u, "view", "charger", s)).append(',');
      }
    }
    for (int u = 8; u < 14; u++) {
      batch.append(event("o" + u, "view", "novel", "s-o" + u)).append(',');
      batch.append(event("o" + u, "view", "atlas", "s-o" + u)).append(',');
    }
    batch.setLength(batch.length() - 1);
    post(batch.append("]").toString());
    server.server().recommendations().reindex(); // the background index would do it within seconds
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String event(String user, String type, String item, String session) {
    return "{\"type\": \""
        + type
        + "\", \"userId\": \""
        + user
        + "\", \"itemId\": \""
        + item
        + "\", \"sessionId\": \""
        + session
        + "\", \"timestamp\": \""
        + start.plusSeconds(++clock)
        + "\"}";
  }

  void post(String json) {
    Response r = server.postJson("/v1/events", json);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  JsonNode recommend(String user, String query) {
    Response r = server.get("/v1/users/" + user + "/recommendations" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("items").forEach(i -> out.add(i.path("itemId").asText()));
    return out;
  }

  @Test
  void theNextListFollowsTheEventJustAcknowledged() {
    // item-to-item and session follow a view at once
    post(event("me", "view", "phone", "s-me"));
    JsonNode afterPhone = recommend("me", "?n=3");
    assertThat(ids(afterPhone).get(0)).isEqualTo("case");
    JsonNode reasons = afterPhone.path("items").get(0).path("reasons");
    List<String> sources = new ArrayList<>();
    reasons.forEach(r -> sources.add(r.path("source").asText()));
    assertThat(sources).contains("item-knn", "session");
    assertThat(reasons.get(0).path("evidence").get(0).asText()).isEqualTo("phone");

    // a purchase is excluded from the very next list
    post(event("me", "purchase", "case", "s-me"));
    assertThat(ids(recommend("me", "?n=6"))).doesNotContain("case").contains("charger");

    // a new interest moves the list: now books lead
    post(event("me", "view", "novel", "s-me"));
    post(event("me", "view", "novel", "s-me2"));
    assertThat(ids(recommend("me", "?n=2"))).contains("atlas");
  }

  @Test
  void everyResponseHasTheContractsShapeAndReasonsInWords() {
    post(event("me", "view", "phone", "s-me"));
    JsonNode r = recommend("me", "?n=4");
    assertThat(r.path("requestId").asText()).isNotEmpty();
    assertThat(r.path("model").asText()).isNotEmpty();
    for (JsonNode item : r.path("items")) {
      assertThat(item.path("score").isNumber()).isTrue();
      assertThat(item.path("reasons").size()).isPositive();
      assertThat(item.path("reasons").get(0).path("text").asText()).isNotEmpty();
    }
    JsonNode bare = recommend("me", "?n=4&explain=false");
    assertThat(bare.path("items").get(0).has("reasons")).isFalse();
  }

  @Test
  void coldStartUnknownUsersAndItemsGetPopularItemsNotErrors() {
    JsonNode stranger = recommend("nobody-at-all", "?n=3");
    assertThat(ids(stranger)).hasSize(3).contains("phone", "case");
    Response similar = server.get("/v1/items/unknown-item/similar?n=3");
    assertThat(similar.status()).isEqualTo(200);
    assertThat(ids(similar.json())).hasSize(3);
    JsonNode likePhone = server.get("/v1/items/phone/similar?n=2").json();
    assertThat(ids(likePhone)).containsExactly("case", "charger");
    JsonNode popular = server.get("/v1/popular?n=2&window=1d").json();
    assertThat(ids(popular)).containsExactlyInAnyOrder("phone", "case"); // 8 views each
    JsonNode books = server.get("/v1/popular?n=5&category=books").json();
    assertThat(ids(books)).containsExactlyInAnyOrder("novel", "atlas");
  }

  @Test
  void anAnonymousVisitGetsWhatFollowsItsItems() {
    Response r =
        server.postJson(
            "/v1/sessions/recommendations", "{\"items\": [\"novel\", \"phone\"], \"n\": 2}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(ids(r.json())).first().isEqualTo("case");
    assertThat(ids(r.json())).doesNotContain("phone", "novel");
  }

  @Test
  void similarUsersShareRecentItems() {
    post(event("me", "view", "novel", "s-me"));
    JsonNode n = server.get("/v1/users/me/neighbors?n=3").json();
    assertThat(n.path("users").size()).isEqualTo(3);
    assertThat(n.path("users").get(0).path("userId").asText()).startsWith("o");
  }

  @Test
  void neighboursAreFoundThroughTheWholeHistoryNotOnlyTheRecentItems() {
    server.close();
    server =
        TestServer.start(
            PersonaConfig.defaults()
                .withDataDir(dir.resolve("two-recent"))
                .withRecommend(RecommendConfig.defaults().withRecentItems(2)));
    Response items =
        server.postJson(
            "/v1/items",
            """
            [{"id": "poems", "title": "Poems", "categories": ["books/poetry"]},
             {"id": "atlas", "title": "Atlas", "categories": ["books/reference"]},
             {"id": "phone", "title": "Phone", "categories": ["electronics/phones"]},
             {"id": "case", "title": "Case", "categories": ["electronics/accessories"]}]
            """);
    assertThat(items.status()).as(items.body()).isEqualTo(200);
    post(event("poet", "view", "poems", "s-p"));
    post(event("o1", "view", "phone", "s-o1"));
    post(event("o1", "view", "case", "s-o1"));
    post(event("o2", "view", "atlas", "s-o2"));
    post(event("o2", "view", "case", "s-o2"));
    // me keeps two recent items (atlas, phone); poems only in the history the log holds
    post(event("me", "view", "poems", "s-me"));
    post(event("me", "view", "atlas", "s-me"));
    post(event("me", "view", "phone", "s-me"));

    Response r = server.get("/v1/users/me/neighbors?n=5");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> users = new ArrayList<>();
    r.json().path("users").forEach(u -> users.add(u.path("userId").asText()));
    // poet shares only poems, a rarer item than either of the others' and their only one
    assertThat(users).containsExactly("poet", "o1", "o2");
  }

  @Test
  void withdrawingConsentToRecommendationGivesTheUnpersonalisedList() {
    post(event("me", "view", "novel", "s-me"));
    post(event("me", "view", "novel", "s-me2"));
    server.putJson("/v1/users/me", "{\"consent\": {\"recommendation\": false}}");
    JsonNode r = recommend("me", "?n=6");
    List<String> sources = new ArrayList<>();
    r.path("items")
        .forEach(i -> i.path("reasons").forEach(x -> sources.add(x.path("source").asText())));
    assertThat(sources).isNotEmpty().allMatch(s -> s.equals("popular") || s.equals("trending"));
  }

  @Test
  void badParametersAreRefusedNamingTheParameter() {
    for (String q :
        List.of("?n=0", "?n=201", "?n=x", "?window=2d", "?explain=maybe", "?category=/books")) {
      Response r = server.get("/v1/users/me/recommendations" + q);
      assertThat(r.status()).as(q).isEqualTo(400);
      assertThat(r.json().path("details").get(0).path("field").asText())
          .isEqualTo(q.substring(1, q.indexOf('=')));
    }
    Response body =
        server.postJson(
            "/v1/sessions/recommendations", "{\"items\": \"phone\", \"n\": 0, \"x\": 1}");
    assertThat(body.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    body.json().path("details").forEach(d -> fields.add(d.path("field").asText()));
    assertThat(fields).containsExactlyInAnyOrder("items", "n", "x");
  }
}
