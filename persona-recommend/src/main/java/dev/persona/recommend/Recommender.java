package dev.persona.recommend;

import dev.persona.core.model.Item;
import dev.persona.recommend.online.OnlineModel;
import dev.persona.recommend.source.AlsSource;
import dev.persona.recommend.source.ContentSource;
import dev.persona.recommend.source.EaseSource;
import dev.persona.recommend.source.ItemKnnSource;
import dev.persona.recommend.source.PopularSource;
import dev.persona.recommend.source.SessionSource;
import dev.persona.recommend.source.TrendingSource;
import dev.persona.recommend.source.UserKnnSource;
import dev.persona.recommend.train.Snapshot;
import it.unimi.dsi.fastutil.ints.Int2ObjectLinkedOpenHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * From candidates to a list: every source recalls in turn; each source's scores are divided by its
 * best, so that sources on different scales can be blended, and the blend is {@code sum over
 * sources of weight(source) * score / best}. Then the business rules: items the user may not get
 * again (bought, disliked), items not in the catalogue or unavailable, excluded categories, the
 * request's exclusions and category, boosts. Then diversity by maximal marginal relevance (MMR,
 * Carbonell and Goldstein 1998): each next item maximises {@code lambda * relevance - (1 - lambda)
 * * its largest similarity to the items already chosen}, within the per-category cap. Pinned items
 * go first. Every item keeps the reasons of the sources that proposed it, strongest first.
 *
 * <p>A learned ranker can replace the blend: it is the one place where candidates with their
 * per-source scores become one score ({@link #blend}). Thread-safe.
 */
public final class Recommender {
  private static final System.Logger LOG = System.getLogger(Recommender.class.getName());

  /** Most items one list may hold. */
  public static final int MAX_N = 200;

  /** The model name reported with lists made before any training (the online model alone). */
  public static final String MODEL = "online";

  private final RecommendConfig config;
  private final OnlineModel model;
  private final Supplier<CatalogueIndex> index;
  private final java.util.function.Function<String, Item> items;
  private final RecallContext.Cache cache = new RecallContext.Cache();
  private final List<CandidateSource> sources;
  private final Supplier<Snapshot> trained;
  private final UserHistory history;

  /** A recommender on the online model alone. */
  public Recommender(
      RecommendConfig config,
      OnlineModel model,
      Supplier<CatalogueIndex> index,
      java.util.function.Function<String, Item> items) {
    this(config, model, index, items, () -> null, UserHistory.NONE);
  }

  /**
   * @param trained the trained models in use ({@code null} until the first training)
   * @param history users' whole histories, for the trained models' fold-in
   */
  public Recommender(
      RecommendConfig config,
      OnlineModel model,
      Supplier<CatalogueIndex> index,
      java.util.function.Function<String, Item> items,
      Supplier<Snapshot> trained,
      UserHistory history) {
    this.config = config;
    this.model = model;
    this.index = index;
    this.items = items;
    this.trained = trained;
    this.history = history;
    this.sources =
        List.of(
            new AlsSource(),
            new EaseSource(),
            new ItemKnnSource(),
            new SessionSource(),
            new UserKnnSource(),
            new ContentSource(),
            new PopularSource(),
            new TrendingSource());
  }

  public RecommendConfig config() {
    return config;
  }

  public OnlineModel model() {
    return model;
  }

  /** The sources a kind of request draws on. */
  static boolean uses(Query.Kind kind, String source) {
    return switch (kind) {
      case USER -> true;
      case SIMILAR ->
          source.equals("item-knn")
              || source.equals("als")
              || source.equals("ease")
              || source.equals("content")
              || source.equals("popular");
      case SESSION ->
          source.equals("session")
              || source.equals("als")
              || source.equals("ease")
              || source.equals("item-knn")
              || source.equals("popular")
              || source.equals("trending");
      case POPULAR -> source.equals("popular");
    };
  }

  /** A candidate gathered from every source that proposed it. */
  static final class Gathered {
    final int item;
    final Map<String, Float> normalised = new HashMap<>();
    final List<Recommendation.Reason> reasons = new ArrayList<>();
    final List<Double> contributions = new ArrayList<>();
    double score;

    Gathered(int item) {
      this.item = item;
    }
  }

  public Recommendation recommend(Query q) {
    Snapshot snapshot = trained.get();
    RecallContext context = new RecallContext(model, index.get(), items, cache, snapshot, history);
    Int2ObjectLinkedOpenHashMap<Gathered> all = new Int2ObjectLinkedOpenHashMap<>();
    for (CandidateSource source : sources) {
      double weight = config.sourceWeights().getOrDefault(source.name(), 0.0);
      if (q.kind() == Query.Kind.POPULAR) {
        weight = source.name().equals("popular") ? 1 : 0;
      }
      if (weight <= 0 || !uses(q.kind(), source.name())) {
        continue;
      }
      List<Candidate> found;
      try {
        found = source.recall(q, context, q.recall());
      } catch (RuntimeException e) {
        // one failing source must not fail the list: the others still answer
        LOG.log(System.Logger.Level.ERROR, "candidate source " + source.name() + " failed", e);
        continue;
      }
      float best = 0;
      for (Candidate c : found) {
        best = Math.max(best, c.score());
      }
      if (best <= 0) {
        continue;
      }
      for (Candidate c : found) {
        Gathered g = all.computeIfAbsent(c.item(), Gathered::new);
        float norm = c.score() / best;
        g.normalised.merge(source.name(), norm, Math::max);
        g.reasons.add(new Recommendation.Reason(source.name(), c.text(), c.evidence()));
        g.contributions.add(weight * norm);
      }
    }
    List<Gathered> kept = new ArrayList<>();
    for (Gathered g : all.values()) {
      Item item = items.apply(model.items().toId(g.item));
      if (allowed(q, g.item, item)) {
        g.score = blend(g) * boost(item);
        kept.add(g);
      }
    }
    kept.sort(Comparator.comparingDouble((Gathered g) -> -g.score).thenComparingInt(g -> g.item));
    List<Gathered> chosen = diversify(kept, q.n(), context.index());
    List<Recommendation.Recommended> out = new ArrayList<>();
    for (String pin : config.pins()) {
      int i = model.items().toIndex(pin);
      Item item = items.apply(pin);
      if (out.size() < q.n() && i >= 0 && allowed(q, i, item)) {
        out.add(
            new Recommendation.Recommended(
                pin,
                chosen.isEmpty() ? 1 : chosen.get(0).score,
                List.of(new Recommendation.Reason("pinned", "featured", List.of()))));
      }
    }
    for (Gathered g : chosen) {
      String id = model.items().toId(g.item);
      if (out.size() == q.n()) {
        break;
      }
      if (config.pins().contains(id)) {
        continue;
      }
      out.add(new Recommendation.Recommended(id, round(g.score), reasons(g)));
    }
    String name = snapshot == null ? MODEL : MODEL + "+" + snapshot.name();
    return new Recommendation(UUID.randomUUID().toString(), name, List.copyOf(out));
  }

  /** The blend: weighted normalised scores, summed over sources. The seam for a ranker. */
  double blend(Gathered g) {
    double s = 0;
    for (double c : g.contributions) {
      s += c;
    }
    return s;
  }

  private static List<Recommendation.Reason> reasons(Gathered g) {
    Integer[] order = new Integer[g.reasons.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order, (a, b) -> Double.compare(g.contributions.get(b), g.contributions.get(a)));
    List<Recommendation.Reason> out = new ArrayList<>();
    for (int i : order) {
      out.add(g.reasons.get(i));
    }
    return out;
  }

  /** The business rules that remove an item from a list. */
  boolean allowed(Query q, int index, Item item) {
    if (item == null || !item.available()) {
      return false; // unknown to the catalogue (cannot be shown), or unavailable
    }
    if (q.state().excludes(index) || q.exclude().contains(item.id())) {
      return false;
    }
    if ((q.kind() == Query.Kind.SIMILAR || q.kind() == Query.Kind.SESSION)
        && q.seeds().contains(index)) {
      return false;
    }
    boolean inCategory = q.category() == null;
    for (String path : item.categories()) {
      for (String excluded : config.excludedCategories()) {
        if (under(path, excluded)) {
          return false;
        }
      }
      if (!inCategory && under(path, q.category())) {
        inCategory = true;
      }
    }
    return inCategory;
  }

  /** Whether {@code path} is {@code category} or lies under it. */
  static boolean under(String path, String category) {
    return path.equals(category)
        || path.length() > category.length()
            && path.startsWith(category)
            && path.charAt(category.length()) == '/';
  }

  double boost(Item item) {
    double f = 1;
    for (RecommendConfig.Boost b : config.boosts()) {
      boolean match =
          switch (b.field()) {
            case "brand" -> b.value().equals(item.brand());
            case "category" -> item.categories().stream().anyMatch(p -> under(p, b.value()));
            case "tag" -> item.tags().contains(b.value());
            default -> b.value().equals(String.valueOf(item.attributes().get(b.field())));
          };
      if (match) {
        f *= b.factor();
      }
    }
    return f;
  }

  /**
   * Maximal marginal relevance over the best {@code 3n} candidates, with the per-category cap:
   * relevance is the blended score divided by the best, similarity {@link
   * CatalogueIndex#similarity}.
   */
  List<Gathered> diversify(List<Gathered> ranked, int n, CatalogueIndex index) {
    List<Gathered> pool = new ArrayList<>(ranked.subList(0, Math.min(ranked.size(), 3 * n)));
    List<Gathered> chosen = new ArrayList<>(n);
    Map<String, Integer> perCategory = new HashMap<>();
    double top = pool.isEmpty() ? 1 : Math.max(pool.get(0).score, 1e-12);
    double lambda = config.mmrLambda();
    int cap = config.categoryCap();
    while (chosen.size() < n && !pool.isEmpty()) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < pool.size(); k++) {
        Gathered g = pool.get(k);
        if (cap > 0 && overCap(g.item, index, perCategory, cap)) {
          continue;
        }
        double similar = 0;
        if (lambda < 1) {
          for (Gathered c : chosen) {
            similar = Math.max(similar, index.similarity(g.item, c.item));
          }
        }
        double value = lambda * g.score / top - (1 - lambda) * similar;
        if (value > bestValue) {
          bestValue = value;
          best = k;
        }
      }
      if (best < 0) {
        break; // the rest are over the cap
      }
      Gathered g = pool.remove(best);
      chosen.add(g);
      for (String c : index.topLevels(g.item)) {
        perCategory.merge(c, 1, Integer::sum);
      }
    }
    return chosen;
  }

  private static boolean overCap(
      int item, CatalogueIndex index, Map<String, Integer> perCategory, int cap) {
    for (String c : index.topLevels(item)) {
      if (perCategory.getOrDefault(c, 0) >= cap) {
        return true;
      }
    }
    return false;
  }

  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
