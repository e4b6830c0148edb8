package dev.persona.server.config;

import static dev.persona.server.config.PersonaConfig.integer;
import static dev.persona.server.config.PersonaConfig.onlyKeys;
import static dev.persona.server.config.PersonaConfig.strings;
import static dev.persona.server.config.PersonaConfig.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.recommend.RecommendConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code recommend} section of the configuration file; every key is optional and falls
 * back to {@link RecommendConfig#defaults()}; {@code eventWeights} and {@code sourceWeights} are
 * merged over the defaults.
 */
final class RecommendSettings {
  private RecommendSettings() {}

  static RecommendConfig read(JsonNode r) {
    onlyKeys(
        r,
        "recommend.",
        List.of(
            "eventWeights",
            "ratingThreshold",
            "excludeTypes",
            "similarity",
            "recentItems",
            "neighbours",
            "sourceWeights",
            "mmrLambda",
            "categoryCap",
            "excludedCategories",
            "groupAttributes",
            "boosts",
            "pins",
            "trendingHalfLife"));
    RecommendConfig d = RecommendConfig.defaults();
    try {
      List<RecommendConfig.Boost> boosts = d.boosts();
      if (r.has("boosts")) {
        JsonNode b = r.get("boosts");
        if (!b.isArray()) {
          throw new IllegalArgumentException(
              "recommend.boosts: must be a list of {field, value, factor}");
        }
        boosts = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
          String where = "recommend.boosts[" + i + "]";
          JsonNode x = b.get(i);
          onlyKeys(x, where + ".", List.of("field", "value", "factor"));
          boosts.add(
              new RecommendConfig.Boost(
                  text(x, where + ".field"),
                  text(x, where + ".value"),
                  number(x, where + ".factor")));
        }
      }
      return new RecommendConfig(
          merged(r, "eventWeights", d.eventWeights()),
          r.has("ratingThreshold") ? number(r, "recommend.ratingThreshold") : d.ratingThreshold(),
          r.has("excludeTypes")
              ? new HashSet<>(strings(r, "recommend.excludeTypes"))
              : d.excludeTypes(),
          r.has("similarity") ? text(r, "recommend.similarity") : d.similarity(),
          r.has("recentItems") ? integer(r, "recommend.recentItems") : d.recentItems(),
          r.has("neighbours") ? integer(r, "recommend.neighbours") : d.neighbours(),
          merged(r, "sourceWeights", d.sourceWeights()),
          r.has("mmrLambda") ? number(r, "recommend.mmrLambda") : d.mmrLambda(),
          r.has("categoryCap") ? integer(r, "recommend.categoryCap") : d.categoryCap(),
          r.has("excludedCategories")
              ? new HashSet<>(strings(r, "recommend.excludedCategories"))
              : d.excludedCategories(),
          r.has("groupAttributes") ? strings(r, "recommend.groupAttributes") : d.groupAttributes(),
          boosts,
          r.has("pins") ? strings(r, "recommend.pins") : d.pins(),
          r.has("trendingHalfLife")
              ? Durations.parse("recommend.trendingHalfLife", text(r, "recommend.trendingHalfLife"))
              : d.trendingHalfLife());
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new IllegalArgumentException(m.startsWith("recommend") ? m : "recommend: " + m, e);
    }
  }

  private static Map<String, Double> merged(JsonNode r, String field, Map<String, Double> base) {
    Map<String, Double> out = new HashMap<>(base);
    JsonNode w = r.path(field);
    if (w.isMissingNode()) {
      return out;
    }
    if (!w.isObject()) {
      throw new IllegalArgumentException(
          "recommend." + field + ": must be a mapping of name to weight");
    }
    for (Iterator<String> it = w.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      out.put(k, number(w, "recommend." + field + "." + k));
    }
    return out;
  }

  private static double number(JsonNode node, String key) {
    JsonNode v = node.get(key.substring(key.lastIndexOf('.') + 1));
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(key + ": must be a number");
    }
    return v.doubleValue();
  }
}
