package dev.persona.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.json.ModelJson;
import dev.persona.core.json.Wire;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.Store;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.ingest.EventStats;
import dev.persona.server.ingest.IngestPipeline;
import dev.persona.server.profile.ProfileService;
import dev.persona.server.recommend.RecommendService;
import dev.persona.server.stats.LiveStats;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API of API.md on Javalin. Nothing here knows how events are stored or validated: it
 * reads bodies, calls the pipeline and the store, and writes answers. Errors all go through {@link
 * ErrorMapper}.
 */
public final class HttpApi {
  private static final Set<String> ALWAYS_OPEN = Set.of("/v1/health", "/v1/openapi.json");

  /** Most items or users in one {@code POST /v1/items} or {@code POST /v1/users}. */
  static final int MAX_RECORDS_PER_BATCH = 10_000;

  private final PersonaConfig config;
  private final Backend backend;
  private final EventStats stats;
  private final Readiness readiness;
  private final PrometheusMeterRegistry registry;
  private final String version;
  private final long startedAt = System.currentTimeMillis();
  private final List<byte[]> keyDigests;
  private final Set<String> routes = new TreeSet<>();
  private final Map<String, Timer> timers = new HashMap<>();
  private final byte[] openApi;

  public HttpApi(
      PersonaConfig config,
      Backend backend,
      EventStats stats,
      Readiness readiness,
      PrometheusMeterRegistry registry,
      String version) {
    this.config = config;
    this.backend = backend;
    this.stats = stats;
    this.readiness = readiness;
    this.registry = registry;
    this.version = version;
    this.keyDigests = config.apiKeys().stream().map(HttpApi::sha256).toList();
    this.openApi = loadOpenApi(version);
  }

  /**
   * What the API serves from. Both are available once the server is ready; the readiness check in
   * front of every handler makes sure no handler runs before.
   */
  public interface Backend {
    Store store();

    IngestPipeline pipeline();

    ProfileService profiles();

    RecommendService recommendations();

    /** Events and requests over the last minutes. */
    LiveStats live();
  }

  /** Builds (but does not start) the Javalin app. */
  public Javalin create() {
    Javalin app =
        Javalin.create(
            c -> {
              c.showJavalinBanner = false;
              // Our own capped read enforces the limit, for chunked bodies too (readBounded).
              c.http.maxRequestSize = Long.MAX_VALUE;
              c.useVirtualThreads = true;
              c.events(
                  e ->
                      e.handlerAdded(
                          meta -> {
                            if (meta.getHttpMethod().isHttpMethod()) {
                              routes.add(meta.getHttpMethod().name() + " " + meta.getPath());
                            }
                          }));
              c.requestLogger.http((ctx, ms) -> record(ctx, ms));
              Dashboard.serve(c);
            });
    ErrorMapper.install(app);
    app.before(this::guard);

    app.post("/v1/events", this::postEvents);
    app.put("/v1/items/{id}", this::putItem);
    app.post("/v1/items", this::postItems);
    app.get("/v1/items/{id}", this::getItem);
    app.put("/v1/users/{id}", this::putUser);
    app.post("/v1/users", this::postUsers);
    app.get("/v1/users/{id}", this::getUser);
    app.delete("/v1/users/{id}", this::deleteUser);
    new ProfileRoutes(this, backend).register(app);
    new RecommendRoutes(this, backend).register(app);
    new ModelRoutes(backend).register(app);
    new ActivityRoutes(backend).register(app);
    new StatsRoutes(backend).register(app);
    new EvaluationRoutes(config.evaluationDir()).register(app);
    app.get("/v1/health", this::health);
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    app.get("/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    return app;
  }

  /** The routes registered on the app, as {@code METHOD /path}; for the OpenAPI test. */
  public Set<String> routes() {
    return Set.copyOf(routes);
  }

  // ---- checks that run before every handler ----

  private void guard(Context ctx) {
    String path = ctx.path();
    if (!Dashboard.isApi(path)) {
      return; // the dashboard's own files: no data in them, and it must load to ask for a key
    }
    HandlerType method = ctx.method();
    if (!ALWAYS_OPEN.contains(path) && !keyDigests.isEmpty()) {
      boolean write = method != HandlerType.GET && method != HandlerType.HEAD;
      if (write || config.readsRequireKey()) {
        requireKey(ctx);
      }
    }
    if (!readiness.ready() && !path.equals("/v1/health") && !path.equals("/metrics")) {
      ctx.header("Retry-After", "1");
      throw new ApiException(
          503,
          "not_ready",
          "the server is " + readiness.phase().name().toLowerCase(Locale.ROOT) + "; retry shortly");
    }
    if (method == HandlerType.POST && path.equals(ModelRoutes.TRAIN) && ctx.contentLength() <= 0) {
      return; // starting training takes no body
    }
    if (method == HandlerType.POST || method == HandlerType.PUT) {
      long length = ctx.contentLength();
      if (length > config.maxBodyBytes()) {
        backend.pipeline().reject("body_too_large");
        throw new ApiException(
            413,
            "body_too_large",
            "the body has "
                + length
                + " bytes; at most "
                + config.maxBodyBytes()
                + " are accepted");
      }
      String type = ctx.contentType();
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        backend.pipeline().reject("unsupported_media_type");
        throw new ApiException(
            415,
            "unsupported_media_type",
            "the body must be JSON with Content-Type: application/json, got "
                + (type == null ? "none" : "'" + type + "'"));
      }
    }
  }

  private void requireKey(Context ctx) {
    String header = ctx.header("Authorization");
    String prefix = "Bearer ";
    if (header != null && header.regionMatches(true, 0, prefix, 0, prefix.length())) {
      byte[] offered = sha256(header.substring(prefix.length()).trim());
      for (byte[] digest : keyDigests) {
        if (MessageDigest.isEqual(offered, digest)) {
          return;
        }
      }
    }
    ctx.header("WWW-Authenticate", "Bearer realm=\"persona\"");
    throw new ApiException(
        401,
        "unauthorized",
        header == null
            ? "this call needs 'Authorization: Bearer <api key>'"
            : "the API key is not valid");
  }

  // ---- ingestion ----

  private void postEvents(Context ctx) throws IOException {
    JsonNode body = readJson(ctx);
    ctx.future(
        () ->
            backend
                .pipeline()
                .ingestJson(body)
                .thenAccept(
                    r -> {
                      ObjectNode out = Wire.object();
                      out.put("accepted", r.accepted());
                      out.put("duplicates", r.duplicates());
                      ctx.status(202).contentType("application/json").result(out.toString());
                    }));
  }

  private void putItem(Context ctx) throws IOException {
    Item item = ModelJson.readItem(readJson(ctx), ctx.pathParam("id"));
    backend.store().items().putAll(List.of(item));
    json(ctx, 200, ModelJson.writeItem(item));
  }

  private void postItems(Context ctx) throws IOException {
    List<Item> items = readBatch(readJson(ctx), "items", node -> ModelJson.readItem(node, null));
    backend.store().items().putAll(items);
    upserted(ctx, items.size());
  }

  private void getItem(Context ctx) {
    String id = ctx.pathParam("id");
    Item item =
        backend.store().items().get(id).orElseThrow(() -> ApiException.notFound("item", id));
    json(ctx, 200, ModelJson.writeItem(item));
  }

  private void putUser(Context ctx) throws IOException {
    User user = ModelJson.readUser(readJson(ctx), ctx.pathParam("id"));
    backend.store().users().putAll(List.of(user));
    json(ctx, 200, ModelJson.writeUser(user));
  }

  private void postUsers(Context ctx) throws IOException {
    List<User> users = readBatch(readJson(ctx), "users", node -> ModelJson.readUser(node, null));
    backend.store().users().putAll(users);
    upserted(ctx, users.size());
  }

  private void getUser(Context ctx) {
    String id = ctx.pathParam("id");
    User user =
        backend.store().users().get(id).orElseThrow(() -> ApiException.notFound("user", id));
    json(ctx, 200, ModelJson.writeUser(user));
  }

  private void deleteUser(Context ctx) {
    String id = dev.persona.core.validate.Ids.require("id", ctx.pathParam("id"));
    // Statistics, profiles and segments follow the store's change feed.
    var erasure = backend.profiles().erase(id);
    ctx.header("X-Persona-Erased-Events", Long.toString(erasure.events()));
    ctx.status(204);
  }

  // ---- operations ----

  private void health(Context ctx) {
    ObjectNode out = Wire.object();
    out.put("status", readiness.phase().name().toLowerCase(Locale.ROOT));
    out.put("version", version);
    out.put("uptimeSeconds", (System.currentTimeMillis() - startedAt) / 1000);
    if (!readiness.ready()) {
      out.put("replayed", readiness.replayed());
      out.put("toReplay", readiness.toReplay());
      ctx.header("Retry-After", "1");
      json(ctx, 503, out);
      return;
    }
    ObjectNode counts = out.putObject("counts");
    counts.put("events", backend.store().events().count());
    counts.put("items", backend.store().items().count());
    counts.put("users", backend.store().users().count());
    counts.set("eventsByType", Wire.mapper().valueToTree(stats.byType()));
    ObjectNode storeNode = out.putObject("store");
    storeNode.put("diskBytes", backend.store().diskBytes());
    storeNode.put("sync", config.store().sync().name().toLowerCase(Locale.ROOT));
    storeNode.put("lastSequence", backend.store().events().lastSequence());
    json(ctx, 200, out);
  }

  // ---- helpers ----

  JsonNode readJson(Context ctx) throws IOException {
    byte[] bytes = readBounded(ctx);
    JsonNode node;
    try {
      node = bytes.length == 0 ? null : Wire.mapper().readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      backend.pipeline().reject("invalid_json");
      throw e;
    }
    if (node == null || node.isMissingNode()) {
      backend.pipeline().reject("invalid_json");
      throw new ApiException(400, "invalid_json", "the body is empty; expected JSON");
    }
    return node;
  }

  /**
   * The body, read from the stream with a cap: a chunked body (no Content-Length) must not be read
   * into memory without limit.
   */
  private byte[] readBounded(Context ctx) throws IOException {
    long max = config.maxBodyBytes();
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 16));
      if (bytes.length > max) {
        backend.pipeline().reject("body_too_large");
        throw new ApiException(
            413,
            "body_too_large",
            "the body has more than " + max + " bytes; at most " + max + " are accepted");
      }
      return bytes;
    }
  }

  /**
   * Reads a JSON array of records, all or nothing: every element is read, and any violations are
   * thrown together, each placed at its index ({@code items[3].price}).
   */
  private static <T> List<T> readBatch(
      JsonNode body, String field, java.util.function.Function<JsonNode, T> reader) {
    if (!body.isArray()) {
      throw new ValidationException(
          Violation.of(field, "must be an array, got " + Wire.kind(body)));
    }
    if (body.size() > MAX_RECORDS_PER_BATCH) {
      throw new ApiException(
          413,
          "batch_too_large",
          "at most " + MAX_RECORDS_PER_BATCH + " " + field + " per request");
    }
    List<T> records = new ArrayList<>(body.size());
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      try {
        records.add(reader.apply(body.get(i)));
      } catch (ValidationException e) {
        for (Violation v : e.violations()) {
          violations.add(v.inBatch(field, i));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
    return records;
  }

  private static void upserted(Context ctx, int n) {
    ObjectNode out = Wire.object();
    out.put("upserted", n);
    json(ctx, 200, out);
  }

  static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  private void record(Context ctx, float ms) {
    if (!Dashboard.isApi(ctx.path())) {
      return; // a dashboard file is not an API request
    }
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (RuntimeException noEndpoint) { // refused before routing, or no such route
      route = null;
    }
    if (route == null || route.isEmpty() || route.equals("*")) {
      route = "unmatched";
    }
    String key = ctx.method().name() + " " + route + " " + ctx.statusCode();
    Timer timer;
    synchronized (timers) {
      String r = route;
      timer =
          timers.computeIfAbsent(
              key,
              k ->
                  Timer.builder("persona.http.requests")
                      .description("HTTP request latency")
                      .tag("method", ctx.method().name())
                      .tag("route", r)
                      .tag("status", Integer.toString(ctx.statusCode()))
                      .publishPercentileHistogram()
                      .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                      .maximumExpectedValue(Duration.ofSeconds(10))
                      .register(registry));
    }
    long nanos = (long) (ms * 1_000_000);
    timer.record(nanos, TimeUnit.NANOSECONDS);
    backend.live().recordRequest(ctx.method().name() + " " + route, ctx.statusCode(), nanos);
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static byte[] loadOpenApi(String version) {
    try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.replace("${version}", version).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read openapi.json", e);
    }
  }
}
