package dev.persona.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.persona.core.json.ModelJson;
import dev.persona.core.json.Wire;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.AppendResult;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An {@link ImportSink} that sends batches to a running Persona server (API.md): {@code POST
 * {url}/v1/events}, {@code POST {url}/v1/items} and {@code POST {url}/v1/users}, each with a JSON
 * array, and {@code Authorization: Bearer <key>} when a key is given.
 *
 * <p>Answers: a {@code 400} becomes a {@link ValidationException} carrying the server's {@code
 * details} (with their batch indexes, so that an importer can drop just the bad events); any other
 * non-2xx answer, or no answer, becomes a {@link SinkException} with the server's message. {@code
 * 429} and {@code 503} answers and connection failures are retried a few times with a growing
 * pause, which is safe because events carry ids and items and users are upserts.
 *
 * <p>Thread-safe (the underlying {@link HttpClient} is); batches are sent one at a time per call.
 */
public final class HttpImportSink implements ImportSink {
  static final int ATTEMPTS = 5;

  private final HttpClient client;
  private final URI base;
  private final String apiKey;
  private final Duration timeout;
  private final long firstPauseMillis;

  /**
   * @param baseUrl the server, such as {@code http://localhost:8080} (a trailing {@code /} is fine)
   * @param apiKey the key for {@code Authorization: Bearer}, or {@code null} for none
   */
  public HttpImportSink(URI baseUrl, String apiKey) {
    this(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
        baseUrl,
        apiKey,
        Duration.ofSeconds(120),
        200);
  }

  HttpImportSink(
      HttpClient client, URI baseUrl, String apiKey, Duration timeout, long firstPauseMillis) {
    if (baseUrl == null || baseUrl.getScheme() == null || baseUrl.getHost() == null) {
      throw new IllegalArgumentException("need an absolute http(s) URL, got " + baseUrl);
    }
    String text = baseUrl.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.client = client;
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    this.timeout = timeout;
    this.firstPauseMillis = firstPauseMillis;
  }

  @Override
  public AppendResult events(List<Event> events) {
    if (events.isEmpty()) {
      return new AppendResult(0, 0, -1);
    }
    JsonNode answer = post("/v1/events", array(events, ModelJson::writeEvent));
    return new AppendResult(
        answer.path("accepted").asInt(0), answer.path("duplicates").asInt(0), -1);
  }

  @Override
  public void items(List<Item> items) {
    if (!items.isEmpty()) {
      post("/v1/items", array(items, ModelJson::writeItem));
    }
  }

  @Override
  public void users(List<User> users) {
    if (!users.isEmpty()) {
      post("/v1/users", array(users, ModelJson::writeUser));
    }
  }

  private static <T> byte[] array(List<T> values, Function<T, JsonNode> write) {
    ArrayNode array = Wire.array();
    for (T v : values) {
      array.add(write.apply(v));
    }
    try {
      return Wire.mapper().writeValueAsBytes(array);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a batch", e);
    }
  }

  private JsonNode post(String path, byte[] body) {
    URI uri = URI.create(base + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    long pause = firstPauseMillis;
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt >= ATTEMPTS) {
          throw new SinkException(
              0, null, "cannot reach " + uri + " (" + ATTEMPTS + " tries): " + e.getMessage(), e);
        }
        pause = sleep(pause);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SinkException(0, null, "interrupted while sending to " + uri, e);
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        return parse(response.body());
      }
      if ((status == 429 || status == 503) && attempt < ATTEMPTS) {
        pause = sleep(pause);
        continue;
      }
      throw failure(uri, status, response.body());
    }
  }

  private static long sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkException(0, null, "interrupted while waiting to retry", e);
    }
    return Math.min(millis * 2, 5_000);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return Wire.object();
    }
    try {
      return Wire.mapper().readTree(body);
    } catch (IOException e) {
      return Wire.object();
    }
  }

  private static RuntimeException failure(URI uri, int status, String body) {
    JsonNode error = parse(body);
    String code = error.path("error").isTextual() ? error.path("error").textValue() : null;
    String message =
        error.path("message").isTextual()
            ? error.path("message").textValue()
            : (body == null || body.isBlank() ? "no message" : abbreviate(body));
    if (status == 400) {
      List<Violation> violations = new ArrayList<>();
      for (JsonNode d : error.path("details")) {
        String reason = d.path("reason").asText("");
        if (reason.isBlank()) {
          continue;
        }
        Integer index = d.path("index").isIntegralNumber() ? d.path("index").intValue() : null;
        violations.add(new Violation(index, d.path("field").asText(""), reason));
      }
      if (violations.isEmpty()) {
        violations.add(Violation.of("", message));
      }
      return new ValidationException(violations);
    }
    return new SinkException(
        status,
        code,
        "POST " + uri + " answered " + status + (code == null ? "" : " " + code) + ": " + message,
        null);
  }

  private static String abbreviate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 297) + "...";
  }
}
