package dev.persona.server.config;

import static dev.persona.server.config.PersonaConfig.integer;
import static dev.persona.server.config.PersonaConfig.onlyKeys;
import static dev.persona.server.config.PersonaConfig.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.profile.ProfileConfig;
import dev.persona.server.profile.ProfileOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code profiles} section of the configuration file; every key is optional and falls
 * back to {@link ProfileOptions#defaults()}. {@code eventWeights} are merged over the defaults (set
 * a type to 0 to take its weight away).
 */
final class ProfileSettings {
  private ProfileSettings() {}

  static ProfileOptions read(JsonNode p) {
    onlyKeys(
        p,
        "profiles.",
        List.of(
            "halfLife",
            "eventWeights",
            "ratingScale",
            "ratingMidpoint",
            "priceBands",
            "maxKeys",
            "recentItems",
            "sessionGap",
            "parallelWindow",
            "lifecycle",
            "consumption",
            "risk",
            "snapshotInterval",
            "refreshInterval",
            "clusters"));
    ProfileOptions d = ProfileOptions.defaults();
    ProfileConfig c = d.config();
    try {
      Map<String, Double> weights = new HashMap<>(c.eventWeights());
      JsonNode w = p.path("eventWeights");
      if (!w.isMissingNode()) {
        if (!w.isObject()) {
          throw new IllegalArgumentException(
              "profiles.eventWeights: must be a mapping of event type to weight");
        }
        for (Iterator<String> it = w.fieldNames(); it.hasNext(); ) {
          String type = it.next();
          weights.put(type, number(w, "profiles.eventWeights." + type));
        }
      }
      List<Double> bands = c.priceBands();
      if (p.has("priceBands")) {
        JsonNode b = p.get("priceBands");
        if (!b.isArray()) {
          throw new IllegalArgumentException(
              "profiles.priceBands: must be a list of numbers, such as [10, 50, 200]");
        }
        bands = new ArrayList<>();
        for (JsonNode x : b) {
          if (!x.isNumber()) {
            throw new IllegalArgumentException("profiles.priceBands: every entry must be a number");
          }
          bands.add(x.doubleValue());
        }
      }
      JsonNode l = p.path("lifecycle");
      onlyKeys(
          l,
          "profiles.lifecycle.",
          List.of("newDays", "dormantDays", "churnedDays", "returningDays"));
      ProfileConfig.Lifecycle lc = c.lifecycle();
      JsonNode cons = p.path("consumption");
      onlyKeys(cons, "profiles.consumption.", List.of("low", "high"));
      JsonNode r = p.path("risk");
      onlyKeys(
          r,
          "profiles.risk.",
          List.of(
              "rateMads",
              "minGaps",
              "regularity",
              "burstCount",
              "burstWindow",
              "parallelSessions",
              "flagAt"));
      ProfileConfig.Risk rc = c.risk();
      JsonNode k = p.path("clusters");
      onlyKeys(k, "profiles.clusters.", List.of("k", "sampleSize", "interval", "seed"));
      ProfileOptions.Clusters kc = d.clusters();

      ProfileConfig config =
          new ProfileConfig(
              duration(p, "profiles.halfLife", c.halfLife()),
              weights,
              p.has("ratingScale") ? number(p, "profiles.ratingScale") : c.ratingScale(),
              p.has("ratingMidpoint") ? number(p, "profiles.ratingMidpoint") : c.ratingMidpoint(),
              bands,
              p.has("maxKeys") ? integer(p, "profiles.maxKeys") : c.maxKeys(),
              p.has("recentItems") ? integer(p, "profiles.recentItems") : c.recentItems(),
              new ProfileConfig.Sessions(
                  duration(p, "profiles.sessionGap", c.sessions().gap()),
                  duration(p, "profiles.parallelWindow", c.sessions().parallelWindow())),
              new ProfileConfig.Lifecycle(
                  l.has("newDays") ? integer(l, "profiles.lifecycle.newDays") : lc.newDays(),
                  l.has("dormantDays")
                      ? integer(l, "profiles.lifecycle.dormantDays")
                      : lc.dormantDays(),
                  l.has("churnedDays")
                      ? integer(l, "profiles.lifecycle.churnedDays")
                      : lc.churnedDays(),
                  l.has("returningDays")
                      ? integer(l, "profiles.lifecycle.returningDays")
                      : lc.returningDays()),
              new ProfileConfig.Consumption(
                  cons.has("low")
                      ? number(cons, "profiles.consumption.low")
                      : c.consumption().low(),
                  cons.has("high")
                      ? number(cons, "profiles.consumption.high")
                      : c.consumption().high()),
              new ProfileConfig.Risk(
                  r.has("rateMads") ? number(r, "profiles.risk.rateMads") : rc.rateMads(),
                  r.has("minGaps") ? integer(r, "profiles.risk.minGaps") : rc.minGaps(),
                  r.has("regularity") ? number(r, "profiles.risk.regularity") : rc.regularity(),
                  r.has("burstCount") ? integer(r, "profiles.risk.burstCount") : rc.burstCount(),
                  duration(r, "profiles.risk.burstWindow", rc.burstWindow()),
                  r.has("parallelSessions")
                      ? integer(r, "profiles.risk.parallelSessions")
                      : rc.parallelSessions(),
                  r.has("flagAt") ? number(r, "profiles.risk.flagAt") : rc.flagAt()));
      return new ProfileOptions(
          config,
          duration(p, "profiles.snapshotInterval", d.snapshotInterval()),
          duration(p, "profiles.refreshInterval", d.refreshInterval()),
          new ProfileOptions.Clusters(
              k.has("k") ? integer(k, "profiles.clusters.k") : kc.k(),
              k.has("sampleSize") ? integer(k, "profiles.clusters.sampleSize") : kc.sampleSize(),
              duration(k, "profiles.clusters.interval", kc.interval()),
              k.has("seed") ? integer(k, "profiles.clusters.seed") : kc.seed()));
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new IllegalArgumentException(m.startsWith("profiles.") ? m : "profiles: " + m, e);
    }
  }

  private static Duration duration(JsonNode node, String key, Duration fallback) {
    String field = key.substring(key.lastIndexOf('.') + 1);
    return node.has(field) ? Durations.parse(key, text(node, key)) : fallback;
  }

  private static double number(JsonNode node, String key) {
    JsonNode v = node.get(key.substring(key.lastIndexOf('.') + 1));
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(key + ": must be a number");
    }
    return v.doubleValue();
  }
}
