package dev.persona.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.json.Wire;
import dev.persona.core.store.StoredEvent;
import dev.persona.server.config.PersonaConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A real server on a free port over a temporary store, and a real HTTP client to talk to it. */
public final class TestServer implements AutoCloseable {
  public static final String KEY = "test-key-0123456789abcdef";

  private final PersonaServer server;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestServer(PersonaServer server) {
    this.server = server;
  }

  public static TestServer start(Path dir) {
    return start(PersonaConfig.defaults().withDataDir(dir));
  }

  public static TestServer start(PersonaConfig config) {
    return start(config, List.of(), true);
  }

  public static TestServer start(
      PersonaConfig config, List<Consumer<StoredEvent>> appliers, boolean awaitReady) {
    PersonaServer server = PersonaServer.start(config.withHost("127.0.0.1").withPort(0), appliers);
    if (awaitReady) {
      try {
        server.awaitReady(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        server.close();
        throw new IllegalStateException("test server did not become ready", e);
      }
    }
    return new TestServer(server);
  }

  public PersonaServer server() {
    return server;
  }

  public String base() {
    return "http://127.0.0.1:" + server.port();
  }

  public Response get(String path) {
    return send("GET", path, null, null, null);
  }

  public Response postJson(String path, String json) {
    return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), null);
  }

  public Response putJson(String path, String json) {
    return send("PUT", path, "application/json", json.getBytes(StandardCharsets.UTF_8), null);
  }

  public Response send(String method, String path, String contentType, byte[] body, String key) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Events stored, as the health endpoint reports them. */
  public long eventCount() {
    return get("/v1/health").json().path("counts").path("events").asLong(-1);
  }

  @Override
  public void close() {
    server.close();
  }

  /** An HTTP answer. */
  public record Response(int status, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return Wire.mapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }
}
