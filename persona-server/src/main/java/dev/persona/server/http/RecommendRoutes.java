package dev.persona.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.json.Wire;
import dev.persona.core.validate.Ids;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import dev.persona.recommend.Recommendation;
import dev.persona.recommend.Recommender;
import dev.persona.recommend.online.OnlineModel;
import dev.persona.server.recommend.RecommendService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recommendation endpoints of API.md. An unknown user, an unknown item or an empty store gets a
 * list (popular items, or an empty list when there are none), never an error; bad parameters get
 * 400 naming the parameter.
 */
final class RecommendRoutes {
  static final int DEFAULT_N = 10;
  static final int MAX_EXCLUDE = 1_000;

  private final HttpApi api;
  private final HttpApi.Backend backend;

  RecommendRoutes(HttpApi api, HttpApi.Backend backend) {
    this.api = api;
    this.backend = backend;
  }

  void register(Javalin app) {
    app.get("/v1/users/{id}/recommendations", this::forUser);
    app.get("/v1/items/{id}/similar", this::similar);
    app.get("/v1/popular", this::popular);
    app.post("/v1/sessions/recommendations", this::session);
    app.get("/v1/users/{id}/neighbors", this::neighbours);
  }

  private RecommendService service() {
    return backend.recommendations();
  }

  private void forUser(Context ctx) throws IOException {
    String id = Ids.require("id", ctx.pathParam("id"));
    int n = ProfileRoutes.intParam(ctx, "n", DEFAULT_N, 1, Recommender.MAX_N);
    Recommendation r = service().forUser(id, n, category(ctx), exclude(ctx), window(ctx));
    write(ctx, r, explain(ctx));
  }

  private void similar(Context ctx) throws IOException {
    String id = Ids.require("id", ctx.pathParam("id"));
    int n = ProfileRoutes.intParam(ctx, "n", DEFAULT_N, 1, Recommender.MAX_N);
    write(ctx, service().similar(id, n, category(ctx), exclude(ctx)), explain(ctx));
  }

  private void popular(Context ctx) throws IOException {
    int n = ProfileRoutes.intParam(ctx, "n", DEFAULT_N, 1, Recommender.MAX_N);
    write(ctx, service().popular(n, window(ctx), category(ctx)), explain(ctx));
  }

  private void session(Context ctx) throws IOException {
    JsonNode body = api.readJson(ctx);
    if (!body.isObject()) {
      throw new ValidationException(Violation.of("", "must be an object, got " + Wire.kind(body)));
    }
    Set<String> known = Set.of("items", "n", "category", "exclude", "explain");
    List<Violation> bad = new ArrayList<>();
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        bad.add(Violation.of(f, "unknown field; known: " + new TreeSet<>(known)));
      }
    }
    List<String> items = ids(body, "items", 100, bad);
    List<String> exclude = ids(body, "exclude", MAX_EXCLUDE, bad);
    int n = DEFAULT_N;
    if (body.has("n")) {
      JsonNode v = body.get("n");
      if (!v.isIntegralNumber()
          || !v.canConvertToInt()
          || v.intValue() < 1
          || v.intValue() > Recommender.MAX_N) {
        bad.add(Violation.of("n", "must be a whole number in 1.." + Recommender.MAX_N));
      } else {
        n = v.intValue();
      }
    }
    String category = null;
    if (body.hasNonNull("category")) {
      if (!body.get("category").isTextual()) {
        bad.add(Violation.of("category", "must be a string"));
      } else {
        category = body.get("category").textValue();
      }
    }
    boolean explain = true;
    if (body.has("explain")) {
      if (!body.get("explain").isBoolean()) {
        bad.add(Violation.of("explain", "must be true or false"));
      } else {
        explain = body.get("explain").booleanValue();
      }
    }
    if (!bad.isEmpty()) {
      throw new ValidationException(bad);
    }
    write(ctx, service().session(items, n, category, new LinkedHashSet<>(exclude)), explain);
  }

  private void neighbours(Context ctx) {
    String id = Ids.require("id", ctx.pathParam("id"));
    int n = ProfileRoutes.intParam(ctx, "n", DEFAULT_N, 1, Recommender.MAX_N);
    ObjectNode out = Wire.object();
    ArrayNode users = out.putArray("users");
    for (Map.Entry<String, Float> e : service().neighbours(id, n).entrySet()) {
      ObjectNode u = users.addObject();
      u.put("userId", e.getKey());
      u.put("score", Math.round(e.getValue() * 1e6) / 1e6);
    }
    HttpApi.json(ctx, 200, out);
  }

  // ---- parameters ----

  private static List<String> ids(JsonNode body, String field, int max, List<Violation> bad) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      bad.add(Violation.of(field, "must be an array of item ids, got " + Wire.kind(v)));
      return List.of();
    }
    if (v.size() > max) {
      bad.add(Violation.of(field, "at most " + max + " item ids, got " + v.size()));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode x = v.get(i);
      String reason = x.isTextual() ? Ids.reason(x.textValue(), true) : "must be a string";
      if (reason != null) {
        bad.add(Violation.of(field + "[" + i + "]", reason));
      } else {
        out.add(x.textValue());
      }
    }
    return out;
  }

  static String category(Context ctx) {
    String c = ctx.queryParam("category");
    if (c == null || c.isEmpty()) {
      return null;
    }
    if (c.startsWith("/") || c.endsWith("/") || c.contains("//") || Ids.reason(c, true) != null) {
      throw new ValidationException(
          Violation.of(
              "category", "must be a category path such as electronics/phones, got '" + c + "'"));
    }
    return c;
  }

  static Set<String> exclude(Context ctx) {
    String e = ctx.queryParam("exclude");
    if (e == null || e.isEmpty()) {
      return Set.of();
    }
    String[] parts = e.split(",");
    if (parts.length > MAX_EXCLUDE) {
      throw new ValidationException(
          Violation.of("exclude", "at most " + MAX_EXCLUDE + " item ids, got " + parts.length));
    }
    Set<String> out = new LinkedHashSet<>();
    for (String p : parts) {
      String id = p.trim();
      if (!id.isEmpty()) {
        out.add(id);
      }
    }
    return out;
  }

  static int window(Context ctx) {
    String w = ctx.queryParam("window");
    if (w == null || w.isEmpty()) {
      return 1;
    }
    int i = OnlineModel.WINDOWS.indexOf(w);
    if (i < 0) {
      throw new ValidationException(
          Violation.of("window", "must be one of " + OnlineModel.WINDOWS + ", got '" + w + "'"));
    }
    return i;
  }

  static boolean explain(Context ctx) {
    String v = ctx.queryParam("explain");
    if (v == null || v.isEmpty() || v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new ValidationException(
        Violation.of("explain", "must be true or false, got '" + v + "'"));
  }

  private static void write(Context ctx, Recommendation r, boolean explain) throws IOException {
    ObjectNode out = Wire.object();
    out.put("requestId", r.requestId());
    out.put("model", r.model());
    ArrayNode items = out.putArray("items");
    for (Recommendation.Recommended item : r.items()) {
      ObjectNode o = items.addObject();
      o.put("itemId", item.itemId());
      o.put("score", item.score());
      if (explain) {
        o.set("reasons", Wire.mapper().valueToTree(item.reasons()));
      }
    }
    ctx.status(200).contentType("application/json").result(Wire.mapper().writeValueAsBytes(out));
  }
}
