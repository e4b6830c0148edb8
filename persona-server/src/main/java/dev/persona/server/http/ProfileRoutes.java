package dev.persona.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.json.Wire;
import dev.persona.core.validate.Ids;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import dev.persona.profile.ProfileView;
import dev.persona.profile.cluster.ClusterModel;
import dev.persona.profile.live.Audience;
import dev.persona.profile.live.Segments;
import dev.persona.profile.live.Traits;
import dev.persona.profile.segment.Rule;
import dev.persona.server.profile.ProfileService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The profile and segment endpoints of API.md, and the cluster endpoints that extend it ({@code
 * docs/api.md}). Reads only the live state in {@link ProfileService}; nothing here derives
 * anything.
 */
final class ProfileRoutes {
  static final int DEFAULT_TOP = 10;
  static final int MAX_TOP = 100;
  static final int DEFAULT_LIMIT = 100;

  private final HttpApi api;
  private final HttpApi.Backend backend;

  ProfileRoutes(HttpApi api, HttpApi.Backend backend) {
    this.api = api;
    this.backend = backend;
  }

  void register(Javalin app) {
    app.get("/v1/users/{id}/profile", this::profile);
    app.get("/v1/segments", this::listSegments);
    app.post("/v1/segments/query", this::query);
    app.put("/v1/segments/{name}", this::putSegment);
    app.get("/v1/segments/{name}", this::getSegment);
    app.delete("/v1/segments/{name}", this::deleteSegment);
    app.get("/v1/segments/{name}/members", this::members);
    app.get("/v1/audience", this::audience);
    app.get("/v1/audience/traits", this::traits);
    app.get("/v1/clusters", this::clusters);
    app.post("/v1/clusters/run", this::runClusters);
  }

  private ProfileService profiles() {
    return backend.profiles();
  }

  // ---- profiles ----

  private void profile(Context ctx) throws IOException {
    String id = Ids.require("id", ctx.pathParam("id"));
    int top = intParam(ctx, "top", DEFAULT_TOP, 1, MAX_TOP);
    int perKey = intParam(ctx, "evidence", 3, 1, 20);
    boolean explain = boolParam(ctx, "explain");
    ProfileView view =
        profiles()
            .view(id, top, explain, perKey)
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "not_found",
                        "no profile for user '" + id + "' (no events, no record)"));
    // written straight from the record: no intermediate tree for the largest answer we send
    ctx.status(200).contentType("application/json").result(Wire.mapper().writeValueAsBytes(view));
  }

  // ---- segments ----

  private void putSegment(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    try {
      Segments.checkName(name);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(Violation.of("name", e.getMessage()));
    }
    JsonNode body = api.readJson(ctx);
    only(body, Set.of("rule", "description"));
    String rule = requiredText(body, "rule");
    String description = optionalText(body, "description", 1_000);
    boolean existed = profiles().segments().definition(name).isPresent();
    Segments.Info info;
    try {
      info = profiles().defineSegment(name, rule, description);
    } catch (IllegalStateException full) {
      throw new ApiException(409, "too_many_segments", full.getMessage());
    }
    ObjectNode out = segment(info, false);
    ArrayNode warnings = out.putArray("warnings");
    for (String w : warnings(Rule.parse(rule))) {
      warnings.add(w);
    }
    HttpApi.json(ctx, existed ? 200 : 201, out);
  }

  private void getSegment(Context ctx) {
    String name = ctx.pathParam("name");
    Segments.Info info =
        profiles().segments().info(name).orElseThrow(() -> ApiException.notFound("segment", name));
    HttpApi.json(ctx, 200, segment(info, true));
  }

  private void listSegments(Context ctx) {
    ObjectNode out = Wire.object();
    ArrayNode list = out.putArray("segments");
    for (Segments.Info info : profiles().segments().all()) {
      list.add(segment(info, false));
    }
    HttpApi.json(ctx, 200, out);
  }

  private void deleteSegment(Context ctx) {
    String name = ctx.pathParam("name");
    if (!profiles().deleteSegment(name)) {
      throw ApiException.notFound("segment", name);
    }
    ctx.status(204);
  }

  private void members(Context ctx) {
    String name = ctx.pathParam("name");
    int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 0, Audience.MAX_LIMIT);
    String cursor = ctx.queryParam("cursor");
    Audience.Page page =
        profiles()
            .segments()
            .members(name, cursor == null || cursor.isEmpty() ? null : cursor, limit)
            .orElseThrow(() -> ApiException.notFound("segment", name));
    HttpApi.json(ctx, 200, page(page, -1));
  }

  private void query(Context ctx) throws IOException {
    JsonNode body = api.readJson(ctx);
    only(body, Set.of("rule", "limit", "cursor"));
    Rule rule = Rule.parse(requiredText(body, "rule"));
    int limit = DEFAULT_LIMIT;
    if (body.has("limit")) {
      JsonNode l = body.get("limit");
      if (!l.isIntegralNumber()
          || !l.canConvertToInt()
          || l.intValue() < 0
          || l.intValue() > Audience.MAX_LIMIT) {
        throw new ValidationException(
            Violation.of("limit", "must be a whole number in 0.." + Audience.MAX_LIMIT));
      }
      limit = l.intValue();
    }
    String cursor = optionalText(body, "cursor", 256);
    HttpApi.json(ctx, 200, audience(rule, cursor, limit));
  }

  /** The answer of an ad-hoc audience, asked in a body or in the query string. */
  private ObjectNode audience(Rule rule, String cursor, int limit) {
    long t0 = System.nanoTime();
    Audience.Page page = profiles().audience(rule, cursor, limit);
    ObjectNode out = page(page, (System.nanoTime() - t0) / 1e6);
    ArrayNode warnings = out.putArray("warnings");
    warnings(rule).forEach(warnings::add);
    return out;
  }

  /**
   * {@code GET /v1/audience?rule=}: the ad-hoc audience of {@code POST /v1/segments/query} as a
   * read, so that an editor can check a rule as it is typed without a key where reads are open.
   */
  private void audience(Context ctx) {
    Rule rule = Rule.parse(ruleParam(ctx));
    int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 0, Audience.MAX_LIMIT);
    String cursor = ctx.queryParam("cursor");
    HttpApi.json(
        ctx, 200, audience(rule, cursor == null || cursor.isEmpty() ? null : cursor, limit));
  }

  /** {@code GET /v1/audience/traits?rule=}: how the rule's audience differs from everyone. */
  private void traits(Context ctx) {
    Rule rule = Rule.parse(ruleParam(ctx));
    long t0 = System.nanoTime();
    Traits.Comparison c = profiles().traits(rule);
    ObjectNode out = Wire.mapper().valueToTree(c);
    out.put("tookMs", Math.round((System.nanoTime() - t0) / 1e3) / 1000.0);
    ArrayNode warnings = out.putArray("warnings");
    warnings(rule).forEach(warnings::add);
    HttpApi.json(ctx, 200, out);
  }

  static final int MAX_RULE_LENGTH = 10_000;

  private static String ruleParam(Context ctx) {
    String rule = ctx.queryParam("rule");
    if (rule == null || rule.isBlank()) {
      throw new ValidationException(Violation.of("rule", "missing"));
    }
    if (rule.length() > MAX_RULE_LENGTH) {
      throw new ValidationException(
          Violation.of("rule", "longer than " + MAX_RULE_LENGTH + " characters"));
    }
    return rule;
  }

  /** Attributes a rule names that no user has: most likely a typo. */
  private List<String> warnings(Rule rule) {
    Set<String> known = profiles().attributeNames();
    List<String> out = new ArrayList<>();
    for (String a : new TreeSet<>(rule.attributes())) {
      if (!known.contains(a)) {
        out.add(
            "no user has an attribute '"
                + a
                + "'; a bare name is read as a user attribute (fields: see docs/profiles.md)");
      }
    }
    return out;
  }

  private static ObjectNode segment(Segments.Info info, boolean history) {
    Segments.Definition d = info.definition();
    ObjectNode n = Wire.object();
    n.put("name", d.name());
    n.put("rule", d.rule());
    if (d.description() != null) {
      n.put("description", d.description());
    } else {
      n.putNull("description");
    }
    n.put("size", info.size());
    n.put("createdAt", Instant.ofEpochMilli(d.createdAt()).toString());
    n.put("updatedAt", Instant.ofEpochMilli(d.updatedAt()).toString());
    if (history) {
      ArrayNode h = n.putArray("history");
      for (Segments.Point p : info.history()) {
        ObjectNode point = h.addObject();
        point.put("at", Instant.ofEpochMilli(p.at()).toString());
        point.put("size", p.size());
      }
    }
    return n;
  }

  static ObjectNode page(Audience.Page page, double tookMs) {
    ObjectNode out = Wire.object();
    out.put("count", page.count());
    ArrayNode users = out.putArray("users");
    page.users().forEach(users::add);
    if (page.cursor() == null) {
      out.putNull("cursor");
    } else {
      out.put("cursor", page.cursor());
    }
    if (tookMs >= 0) {
      out.put("tookMs", Math.round(tookMs * 1000) / 1000.0);
    }
    return out;
  }

  // ---- clusters ----

  private void clusters(Context ctx) {
    HttpApi.json(ctx, 200, clusters(profiles().context().clusters()));
  }

  private void runClusters(Context ctx) {
    ClusterModel model = profiles().cluster();
    HttpApi.json(ctx, 200, clusters(model));
  }

  private static ObjectNode clusters(ClusterModel model) {
    ObjectNode out = Wire.object();
    if (model == null) {
      out.putNull("trainedAt");
      out.putArray("clusters");
      return out;
    }
    out.put("trainedAt", Instant.ofEpochMilli(model.trainedAt()).toString());
    out.put("sampled", model.sampled());
    out.put("iterations", model.iterations());
    out.set("features", Wire.mapper().valueToTree(model.features()));
    out.set("clusters", Wire.mapper().valueToTree(model.clusters()));
    return out;
  }

  // ---- parameters ----

  static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ValidationException(
          Violation.of(
              name, "must be a whole number in " + min + ".." + max + ", got '" + v + "'"));
    }
  }

  static boolean boolParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty() || v.equals("false")) {
      return false;
    }
    if (v.equals("true")) {
      return true;
    }
    throw new ValidationException(Violation.of(name, "must be true or false, got '" + v + "'"));
  }

  private static void only(JsonNode body, Set<String> fields) {
    if (!body.isObject()) {
      throw new ValidationException(Violation.of("", "must be an object, got " + Wire.kind(body)));
    }
    List<Violation> out = new ArrayList<>();
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        out.add(Violation.of(f, "unknown field; known: " + new TreeSet<>(fields)));
      }
    }
    if (!out.isEmpty()) {
      throw new ValidationException(out);
    }
  }

  private static String requiredText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw new ValidationException(Violation.of(field, "missing"));
    }
    if (!v.isTextual()) {
      throw new ValidationException(Violation.of(field, "must be a string, got " + Wire.kind(v)));
    }
    return v.textValue();
  }

  private static String optionalText(JsonNode body, String field, int maxLength) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ValidationException(Violation.of(field, "must be a string, got " + Wire.kind(v)));
    }
    if (v.textValue().length() > maxLength) {
      throw new ValidationException(
          Violation.of(field, "longer than " + maxLength + " characters"));
    }
    return v.textValue();
  }
}
