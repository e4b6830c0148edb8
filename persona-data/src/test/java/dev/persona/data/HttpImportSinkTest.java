package dev.persona.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.persona.core.json.Wire;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.AppendResult;
import dev.persona.core.validate.ValidationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Speaks real HTTP to a JDK HttpServer that plays the Persona server. */
class HttpImportSinkTest {
  private HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private final List<JsonNode> bodies = new ArrayList<>();
  private final Deque<String[]> answers = new ArrayDeque<>();
  private HttpImportSink sink;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    sink = new HttpImportSink(HttpClient.newHttpClient(), base, "k-123", Duration.ofSeconds(10), 1);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI().getPath()
            + " "
            + exchange.getRequestHeaders().getFirst("Authorization"));
    bodies.add(Wire.mapper().readTree(exchange.getRequestBody()));
    String[] answer = answers.isEmpty() ? new String[] {"200", "{}"} : answers.poll();
    byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private static Event view(String user, String item) {
    return new Event(
        "e-" + user + item, "view", user, item, 1_000L, null, null, null, null, null, null);
  }

  @Test
  void events_are_posted_as_an_array_with_the_key_and_the_counts_are_read() {
    answers.add(new String[] {"202", "{\"accepted\":1,\"duplicates\":1}"});

    AppendResult result = sink.events(List.of(view("u1", "i1"), view("u1", "i2")));

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(requests).containsExactly("POST /v1/events Bearer k-123");
    assertThat(bodies.get(0).isArray()).isTrue();
    assertThat(bodies.get(0).get(1).get("itemId").asText()).isEqualTo("i2");
    assertThat(bodies.get(0).get(0).get("timestamp").asText()).isEqualTo("1970-01-01T00:00:01Z");
  }

  @Test
  void items_and_users_go_to_their_batch_endpoints() {
    sink.items(List.of(Item.of("i1", "Phone", List.of("electronics/phones"))));
    sink.users(List.of(new User("u1", Map.of("age", 31L), Map.of())));
    sink.users(List.of());

    assertThat(requests)
        .containsExactly("POST /v1/items Bearer k-123", "POST /v1/users Bearer k-123");
    assertThat(bodies.get(0).get(0).get("categories").get(0).asText())
        .isEqualTo("electronics/phones");
    assertThat(bodies.get(1).get(0).get("attributes").get("age").asInt()).isEqualTo(31);
  }

  @Test
  void a_400_with_details_becomes_a_validation_exception_with_batch_indexes() {
    answers.add(
        new String[] {
          "400",
          "{\"error\":\"bad_request\",\"message\":\"1 invalid event\",\"details\":[{\"index\":1,"
              + "\"field\":\"events[1].type\",\"reason\":\"unknown event type 'x'\"}]}"
        });

    assertThatThrownBy(() -> sink.events(List.of(view("u1", "i1"), view("u2", "i1"))))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.violations()).hasSize(1);
              assertThat(e.violations().get(0).index()).isEqualTo(1);
              assertThat(e.violations().get(0).field()).isEqualTo("events[1].type");
            });
  }

  @Test
  void other_errors_carry_the_servers_message_and_status() {
    answers.add(new String[] {"401", "{\"error\":\"unauthorized\",\"message\":\"wrong key\"}"});

    assertThatThrownBy(() -> sink.items(List.of(Item.of("i1", null, List.of()))))
        .isInstanceOfSatisfying(
            SinkException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.code()).isEqualTo("unauthorized");
              assertThat(e.getMessage()).endsWith("answered 401 unauthorized: wrong key");
            });
  }

  @Test
  void not_ready_answers_are_retried() {
    answers.add(new String[] {"503", "{\"error\":\"not_ready\",\"message\":\"replaying\"}"});
    answers.add(new String[] {"202", "{\"accepted\":1,\"duplicates\":0}"});

    AppendResult result = sink.events(List.of(view("u1", "i1")));

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(requests).hasSize(2);
  }

  @Test
  void an_unreachable_server_is_a_sink_exception() {
    server.stop(0);

    assertThatThrownBy(() -> sink.events(List.of(view("u1", "i1"))))
        .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.status()).isZero())
        .hasMessageContaining("cannot reach");
  }

  @Test
  void a_url_without_scheme_is_refused() {
    assertThatThrownBy(() -> new HttpImportSink(URI.create("localhost:8080"), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
