package dev.persona.recommend;

import dev.persona.core.model.Item;
import dev.persona.core.topk.TopK;
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
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * The candidates of one request gathered from every source, in primitive arrays. Each slot is one
   * item with its blended score; each entry is one source's proposal of it (the source, which of
   * its candidates, the weighted normalised score), chained per slot in the order the sources ran.
   */
  static final class Gathered {
    final List<String> names;
    final List<List<Candidate>> lists;
    final Int2IntOpenHashMap slots;
    int size;
    final int[] item;
    final double[] score;
    final int[] first;
    final int[] last;
    int entries;
    final int[] source;
    final int[] candidate;
    final double[] value;
    final int[] next;

    Gathered(List<String> names, List<List<Candidate>> lists, int capacity) {
      this.names = names;
      this.lists = lists;
      this.slots = new Int2IntOpenHashMap(capacity);
      slots.defaultReturnValue(-1);
      this.item = new int[capacity];
      this.score = new double[capacity];
      this.first = new int[capacity];
      this.last = new int[capacity];
      this.source = new int[capacity];
      this.candidate = new int[capacity];
      this.value = new double[capacity];
      this.next = new int[capacity];
    }

    /** Adds source {@code s}'s candidate number {@code k}, worth {@code v} in the blend. */
    void add(int s, int k, int itemIndex, double v) {
      int slot = slots.get(itemIndex);
      int e = entries++;
      source[e] = s;
      candidate[e] = k;
      value[e] = v;
      next[e] = -1;
      if (slot < 0) {
        slot = size++;
        slots.put(itemIndex, slot);
        item[slot] = itemIndex;
        first[slot] = e;
      } else {
        next[last[slot]] = e;
      }
      last[slot] = e;
    }
  }

  /** One of the candidates that passed the rules, for diversity. */
  record Kept(int slot, int item, double score) {}

  public Recommendation recommend(Query q) {
    Snapshot snapshot = trained.get();
    RecallContext context = new RecallContext(model, index.get(), items, cache, snapshot, history);
    List<String> names = new ArrayList<>(sources.size());
    List<List<Candidate>> lists = new ArrayList<>(sources.size());
    List<double[]> scales = new ArrayList<>(sources.size()); // {weight, best}
    int total = 0;
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
      names.add(source.name());
      lists.add(found);
      scales.add(new double[] {weight, best});
      total += found.size();
    }
    Gathered g = new Gathered(names, lists, total);
    for (int s = 0; s < names.size(); s++) {
      List<Candidate> found = lists.get(s);
      double weight = scales.get(s)[0];
      float best = (float) scales.get(s)[1];
      for (int k = 0; k < found.size(); k++) {
        Candidate c = found.get(k);
        g.add(s, k, c.item(), weight * (c.score() / best));
      }
    }
    boolean boosted = !config.boosts().isEmpty();
    for (int slot = 0; slot < g.size; slot++) {
      g.score[slot] = blend(g, slot);
      Item item = boosted ? items.apply(model.items().toId(g.item[slot])) : null;
      if (item != null) {
        g.score[slot] *= boost(item);
      }
    }
    // ranked by sorting packed (score, item) longs, best last: no comparator, no boxing; equal
    // scores (to float precision) go to the lower item index
    long[] order = new long[g.size];
    for (int slot = 0; slot < order.length; slot++) {
      order[slot] = TopK.pack(g.item[slot], (float) g.score[slot]);
    }
    Arrays.sort(order);
    // the rules, in score order, until diversity has its pool: most candidates are never looked up
    List<Kept> kept = new ArrayList<>(3 * q.n());
    for (int r = order.length - 1; r >= 0 && kept.size() < 3 * q.n(); r--) {
      int slot = g.slots.get(TopK.idOf(order[r]));
      Item item = items.apply(model.items().toId(g.item[slot]));
      if (allowed(q, g.item[slot], item)) {
        kept.add(new Kept(slot, g.item[slot], g.score[slot]));
      }
    }
    List<Kept> chosen = diversify(kept, q.n(), context.index());
    List<Recommendation.Recommended> out = new ArrayList<>();
    for (String pin : config.pins()) {
      int i = model.items().toIndex(pin);
      Item item = items.apply(pin);
      if (out.size() < q.n() && i >= 0 && allowed(q, i, item)) {
        out.add(
            new Recommendation.Recommended(
                pin,
                chosen.isEmpty() ? 1 : chosen.get(0).score(),
                List.of(new Recommendation.Reason("pinned", "featured", List.of()))));
      }
    }
    for (Kept k : chosen) {
      String id = model.items().toId(k.item());
      if (out.size() == q.n()) {
        break;
      }
      if (config.pins().contains(id)) {
        continue;
      }
      out.add(new Recommendation.Recommended(id, round(k.score()), reasons(g, k.slot())));
    }
    String name = snapshot == null ? MODEL : MODEL + "+" + snapshot.name();
    return new Recommendation(requestId(), name, List.copyOf(out));
  }

  /**
   * A random (version 4) UUID for attributing later clicks, from the thread's own generator: it
   * needs to be unique, not unguessable, and {@code UUID.randomUUID()} draws from one shared {@code
   * SecureRandom} that 32 request threads would queue on.
   */
  static String requestId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long high = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(high, low).toString();
  }

  /** The blend: weighted normalised scores, summed over sources. The seam for a ranker. */
  double blend(Gathered g, int slot) {
    double s = 0;
    for (int e = g.first[slot]; e >= 0; e = g.next[e]) {
      s += g.value[e];
    }
    return s;
  }

  /** The reasons of the sources that proposed the item, strongest first (ties in source order). */
  private static List<Recommendation.Reason> reasons(Gathered g, int slot) {
    List<Integer> order = new ArrayList<>(4);
    for (int e = g.first[slot]; e >= 0; e = g.next[e]) {
      order.add(e);
    }
    order.sort((a, b) -> Double.compare(g.value[b], g.value[a])); // stable
    List<Recommendation.Reason> out = new ArrayList<>(order.size());
    for (int e : order) {
      Candidate.Why why = g.lists.get(g.source[e]).get(g.candidate[e]).why();
      out.add(new Recommendation.Reason(g.names.get(g.source[e]), why.text(), why.evidence()));
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
   * CatalogueIndex#similarity}. Each candidate keeps its largest similarity to those chosen so far,
   * raised by each new choice alone, so that a list of n costs about {@code 3n * n} similarities,
   * not {@code 3n * n * n / 2}.
   */
  List<Kept> diversify(List<Kept> ranked, int n, CatalogueIndex index) {
    int size = Math.min(ranked.size(), 3 * n);
    Kept[] pool = ranked.subList(0, size).toArray(new Kept[0]);
    double[] similar = new double[size]; // to the closest chosen item
    boolean[] taken = new boolean[size];
    List<Kept> chosen = new ArrayList<>(n);
    Map<String, Integer> perCategory = new HashMap<>();
    double top = size == 0 ? 1 : Math.max(pool[0].score(), 1e-12);
    double lambda = config.mmrLambda();
    int cap = config.categoryCap();
    while (chosen.size() < n) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < size; k++) {
        if (taken[k] || cap > 0 && overCap(pool[k].item(), index, perCategory, cap)) {
          continue;
        }
        double value = lambda * pool[k].score() / top - (1 - lambda) * similar[k];
        if (value > bestValue) {
          bestValue = value;
          best = k;
        }
      }
      if (best < 0) {
        break; // none left, or the rest are over the cap
      }
      Kept g = pool[best];
      taken[best] = true;
      chosen.add(g);
      for (String c : index.topLevels(g.item())) {
        perCategory.merge(c, 1, Integer::sum);
      }
      if (lambda < 1) {
        for (int k = 0; k < size; k++) {
          if (!taken[k]) {
            similar[k] = Math.max(similar[k], index.similarity(pool[k].item(), g.item()));
          }
        }
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
