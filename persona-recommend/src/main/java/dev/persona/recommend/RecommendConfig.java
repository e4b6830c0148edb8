package dev.persona.recommend;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How recommendations are made. Immutable; {@link #defaults()} documents the defaults, {@code
 * docs/recommendations.md} every setting.
 *
 * @param eventWeights how much each event type counts as a positive interaction in popularity and
 *     co-occurrence; a type not listed counts nothing
 * @param ratingThreshold a {@code rate} event counts as a positive interaction (weight 1) from this
 *     value up
 * @param excludeTypes event types whose items are not recommended to that user again (bought,
 *     disliked)
 * @param similarity how co-occurrence becomes item-to-item similarity: {@code cosine}, {@code
 *     jaccard} or {@code llr} (log-likelihood ratio)
 * @param recentItems items per user the online model remembers (anchors for item-to-item)
 * @param neighbours co-occurring items kept per item (the weakest go beyond)
 * @param sourceWeights blend weight per candidate source, after each source's scores are scaled to
 *     [0, 1]
 * @param mmrLambda maximal marginal relevance: 1 ranks by relevance only, lower values trade
 *     relevance for variety
 * @param categoryCap most items per top-level category in one list; 0 for no cap
 * @param excludedCategories category paths never recommended (with everything under them)
 * @param groupAttributes user attributes whose values form groups with their own popularity (for
 *     users with few or no events)
 * @param boosts score multipliers for items with a given attribute value
 * @param pins item ids put first in every list where the rules allow them
 * @param trendingHalfLife the short window that trending compares with the week
 */
public record RecommendConfig(
    Map<String, Double> eventWeights,
    double ratingThreshold,
    Set<String> excludeTypes,
    String similarity,
    int recentItems,
    int neighbours,
    Map<String, Double> sourceWeights,
    double mmrLambda,
    int categoryCap,
    Set<String> excludedCategories,
    List<String> groupAttributes,
    List<Boost> boosts,
    List<String> pins,
    Duration trendingHalfLife) {

  public static final Set<String> SIMILARITIES = Set.of("cosine", "jaccard", "llr");

  public RecommendConfig {
    eventWeights = Map.copyOf(eventWeights);
    eventWeights.forEach(
        (type, w) -> {
          if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException(
                "recommend.eventWeights." + type + " must be a finite number >= 0, got " + w);
          }
        });
    excludeTypes = Set.copyOf(excludeTypes);
    if (!SIMILARITIES.contains(similarity)) {
      throw new IllegalArgumentException(
          "recommend.similarity must be one of " + SIMILARITIES + ", got '" + similarity + "'");
    }
    if (recentItems < 1 || recentItems > 200) {
      throw new IllegalArgumentException(
          "recommend.recentItems must be in 1..200, got " + recentItems);
    }
    if (neighbours < 10 || neighbours > 10_000) {
      throw new IllegalArgumentException(
          "recommend.neighbours must be in 10..10000, got " + neighbours);
    }
    sourceWeights = Map.copyOf(sourceWeights);
    sourceWeights.forEach(
        (source, w) -> {
          if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException(
                "recommend.sourceWeights." + source + " must be a finite number >= 0");
          }
        });
    if (!(mmrLambda >= 0 && mmrLambda <= 1)) {
      throw new IllegalArgumentException("recommend.mmrLambda must be in [0, 1], got " + mmrLambda);
    }
    if (categoryCap < 0) {
      throw new IllegalArgumentException("recommend.categoryCap must be >= 0, got " + categoryCap);
    }
    excludedCategories = Set.copyOf(excludedCategories);
    groupAttributes = List.copyOf(groupAttributes);
    boosts = List.copyOf(boosts);
    pins = List.copyOf(pins);
    if (trendingHalfLife == null || trendingHalfLife.isNegative() || trendingHalfLife.isZero()) {
      throw new IllegalArgumentException("recommend.trendingHalfLife must be positive");
    }
  }

  /**
   * Multiplies the score of items whose attribute {@code field} equals {@code value}.
   *
   * @param field {@code brand}, {@code category} (an item in the path or below it), {@code tag}, or
   *     the name of an item attribute
   */
  public record Boost(String field, String value, double factor) {
    public Boost {
      if (field == null || value == null || !(factor > 0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException(
            "a boost needs a field, a value and a finite factor > 0, got "
                + field
                + "="
                + value
                + " x"
                + factor);
      }
    }
  }

  /**
   * Positive interactions: view 1, click 1, like 2, favorite 2, share 2, comment 1, cart 2,
   * purchase 4, a rating of 4 or more; bought and disliked items are not recommended again; cosine
   * similarity; 20 recent items per user; 200 neighbours per item; blend weights als 1.0, ease 1.0,
   * item-knn 0.05, session 0.15, user-knn 0.05, content 0.1, popular 0.01, trending 0.02 (chosen on
   * the validation splits of MovieLens 1M and Last.fm, see BENCHMARKS.md: the online sources refine
   * the trained ones, and carry the list alone before the first training); MMR lambda 0.8; no
   * category cap; groups by gender, age band and region; trending compares one day with the week.
   */
  public static RecommendConfig defaults() {
    return new RecommendConfig(
        Map.of(
            "view", 1.0,
            "click", 1.0,
            "like", 2.0,
            "favorite", 2.0,
            "share", 2.0,
            "comment", 1.0,
            "cart", 2.0,
            "purchase", 4.0),
        4.0,
        Set.of("purchase", "dislike"),
        "cosine",
        20,
        200,
        Map.of(
            "als", 1.0,
            "ease", 1.0,
            "item-knn", 0.05,
            "session", 0.15,
            "user-knn", 0.05,
            "content", 0.1,
            "popular", 0.01,
            "trending", 0.02),
        0.8,
        0,
        Set.of(),
        List.of("gender", "ageBand", "region"),
        List.of(),
        List.of(),
        Duration.ofDays(1));
  }

  /** The positive interaction weight of an event: its type's weight, or 1 for a high rating. */
  public double weight(String type, Double value) {
    if (type.equals("rate")) {
      return value != null && value >= ratingThreshold ? 1 : 0;
    }
    return eventWeights.getOrDefault(type, 0.0);
  }

  /**
   * The settings that shape the online model's state, in a stable text form: a snapshot of the
   * model is used only under the same (otherwise the model is rebuilt from the log).
   */
  public String onlineFingerprint() {
    return "v1 weights="
        + new java.util.TreeMap<>(eventWeights)
        + " rating="
        + ratingThreshold
        + " exclude="
        + new java.util.TreeSet<>(excludeTypes)
        + " recent="
        + recentItems
        + " neighbours="
        + neighbours
        + " groups="
        + groupAttributes
        + " trending="
        + trendingHalfLife.toMillis();
  }

  public RecommendConfig withRules(
      Set<String> excluded, int cap, List<Boost> newBoosts, List<String> newPins) {
    return toBuilder()
        .excludedCategories(excluded)
        .categoryCap(cap)
        .boosts(newBoosts)
        .pins(newPins)
        .build();
  }

  public RecommendConfig withSimilarity(String s) {
    return toBuilder().similarity(s).build();
  }

  public RecommendConfig withMmrLambda(double lambda) {
    return toBuilder().mmrLambda(lambda).build();
  }

  public RecommendConfig withRecentItems(int n) {
    return toBuilder().recentItems(n).build();
  }

  /** A builder holding this configuration's values, to change some and build a new one. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Changes some fields of a configuration; {@link #build()} validates the result as the
   * constructor does.
   */
  public static final class Builder {
    private Map<String, Double> eventWeights;
    private double ratingThreshold;
    private Set<String> excludeTypes;
    private String similarity;
    private int recentItems;
    private int neighbours;
    private Map<String, Double> sourceWeights;
    private double mmrLambda;
    private int categoryCap;
    private Set<String> excludedCategories;
    private List<String> groupAttributes;
    private List<Boost> boosts;
    private List<String> pins;
    private Duration trendingHalfLife;

    private Builder(RecommendConfig c) {
      eventWeights = c.eventWeights;
      ratingThreshold = c.ratingThreshold;
      excludeTypes = c.excludeTypes;
      similarity = c.similarity;
      recentItems = c.recentItems;
      neighbours = c.neighbours;
      sourceWeights = c.sourceWeights;
      mmrLambda = c.mmrLambda;
      categoryCap = c.categoryCap;
      excludedCategories = c.excludedCategories;
      groupAttributes = c.groupAttributes;
      boosts = c.boosts;
      pins = c.pins;
      trendingHalfLife = c.trendingHalfLife;
    }

    public Builder eventWeights(Map<String, Double> v) {
      eventWeights = v;
      return this;
    }

    public Builder ratingThreshold(double v) {
      ratingThreshold = v;
      return this;
    }

    public Builder excludeTypes(Set<String> v) {
      excludeTypes = v;
      return this;
    }

    public Builder similarity(String v) {
      similarity = v;
      return this;
    }

    public Builder recentItems(int v) {
      recentItems = v;
      return this;
    }

    public Builder neighbours(int v) {
      neighbours = v;
      return this;
    }

    public Builder sourceWeights(Map<String, Double> v) {
      sourceWeights = v;
      return this;
    }

    public Builder mmrLambda(double v) {
      mmrLambda = v;
      return this;
    }

    public Builder categoryCap(int v) {
      categoryCap = v;
      return this;
    }

    public Builder excludedCategories(Set<String> v) {
      excludedCategories = v;
      return this;
    }

    public Builder groupAttributes(List<String> v) {
      groupAttributes = v;
      return this;
    }

    public Builder boosts(List<Boost> v) {
      boosts = v;
      return this;
    }

    public Builder pins(List<String> v) {
      pins = v;
      return this;
    }

    public Builder trendingHalfLife(Duration v) {
      trendingHalfLife = v;
      return this;
    }

    public RecommendConfig build() {
      return new RecommendConfig(
          eventWeights,
          ratingThreshold,
          excludeTypes,
          similarity,
          recentItems,
          neighbours,
          sourceWeights,
          mmrLambda,
          categoryCap,
          excludedCategories,
          groupAttributes,
          boosts,
          pins,
          trendingHalfLife);
    }
  }
}
