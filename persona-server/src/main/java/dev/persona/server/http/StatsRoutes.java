package dev.persona.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.json.Wire;
import dev.persona.server.stats.LiveStats;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * {@code GET /v1/stats} (an extension of API.md): events stored per second and request latency
 * percentiles over the last seconds, from {@link LiveStats}, for an operator's live view.
 */
final class StatsRoutes {
  static final int DEFAULT_WINDOW = 60;

  private final HttpApi.Backend backend;

  StatsRoutes(HttpApi.Backend backend) {
    this.backend = backend;
  }

  void register(Javalin app) {
    app.get("/v1/stats", this::stats);
  }

  private void stats(Context ctx) {
    int window = ProfileRoutes.intParam(ctx, "window", DEFAULT_WINDOW, 1, LiveStats.MAX_WINDOW);
    LiveStats.Snapshot s = backend.live().snapshot(window);
    ObjectNode out = Wire.object();
    out.put("at", Instant.ofEpochMilli(s.at()).toString());
    out.put("windowSeconds", s.window());
    ObjectNode events = out.putObject("events");
    events.put("count", s.events());
    events.put("perSecond", rate(s.events(), s.window()));
    ArrayNode series = events.putArray("series");
    for (long n : s.eventsPerSecond()) {
      series.add(n);
    }
    ObjectNode requests = out.putObject("requests");
    requests.put("count", s.requests());
    requests.put("perSecond", rate(s.requests(), s.window()));
    requests.put("clientErrors", s.clientErrors());
    requests.put("serverErrors", s.serverErrors());
    requests.set("latencyMs", Wire.mapper().valueToTree(s.latency()));
    ArrayNode routes = requests.putArray("routes");
    for (LiveStats.RouteStats r : s.routes()) {
      ObjectNode o = routes.addObject();
      o.put("route", r.route());
      o.put("count", r.count());
      o.put("clientErrors", r.clientErrors());
      o.put("serverErrors", r.serverErrors());
      o.set("latencyMs", Wire.mapper().valueToTree(r.latency()));
    }
    HttpApi.json(ctx, 200, out);
  }

  private static double rate(long n, int seconds) {
    return Math.round(n * 1000.0 / seconds) / 1000.0;
  }
}
