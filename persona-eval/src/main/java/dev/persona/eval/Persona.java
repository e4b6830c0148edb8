package dev.persona.eval;

import dev.persona.core.index.IdIndex;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.store.StoredEvent;
import dev.persona.profile.ProfileConfig;
import dev.persona.profile.ProfileContext;
import dev.persona.recommend.CatalogueIndex;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecommendConfig;
import dev.persona.recommend.Recommendation;
import dev.persona.recommend.Recommender;
import dev.persona.recommend.UserHistory;
import dev.persona.recommend.online.OnlineModel;
import dev.persona.recommend.train.AlsModel;
import dev.persona.recommend.train.AlsParams;
import dev.persona.recommend.train.Ease;
import dev.persona.recommend.train.EaseModel;
import dev.persona.recommend.train.Ials;
import dev.persona.recommend.train.Interactions;
import dev.persona.recommend.train.ItemSpace;
import dev.persona.recommend.train.ModelInfo;
import dev.persona.recommend.train.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Persona's recommender as evaluated algorithms: the blend of every source and each source alone,
 * all served by the production {@link Recommender} over the production online model and trained
 * models. The variants of one family share what they learn from a split: the online model (fed
 * every training interaction as a {@code view}, in time order, then the strong-generalisation
 * users' fold-in parts, as a live system would see them) and each distinct iALS and EASE model.
 *
 * <p>Interactions are binary (one per distinct user-item pair, weight 1), as BASELINES.md counts
 * them; fold-in reads each user's {@link Split#history()}. A request is made at the user's {@link
 * Split#askedAt()} time under the time-ordered protocols (so a visit still under way is a session),
 * else just after the training log ends. Lists are undiversified (MMR lambda 1): accuracy is what
 * is measured. Items carry no attributes here, so the content source is silent.
 */
public final class Persona {
  /** The sources one can evaluate alone. */
  public static final List<String> SOURCES =
      List.of("als", "ease", "item-knn", "user-knn", "session", "content", "popular", "trending");

  private final int easeMaxItems;
  private Split split;
  private Base base;

  /**
   * @param easeMaxItems EASE is skipped (and its variants rank nothing) above this many items
   */
  public Persona(int easeMaxItems) {
    this.easeMaxItems = easeMaxItems;
  }

  /**
   * The recommender configuration accuracy is measured with: the defaults, the given blend weights,
   * no diversification (MMR lambda 1), no business rules and no per-group popularity.
   */
  public static RecommendConfig accuracyConfig(Map<String, Double> weights) {
    return RecommendConfig.defaults().toBuilder()
        .sourceWeights(weights)
        .mmrLambda(1.0)
        .categoryCap(0)
        .excludedCategories(Set.of())
        .groupAttributes(List.of())
        .boosts(List.of())
        .pins(List.of())
        .build();
  }

  /**
   * The blend, or one source alone when {@code weights} names only it.
   *
   * @param name the name in reports
   */
  public Algorithm algorithm(
      String name, Map<String, Double> weights, AlsParams als, double easeLambda) {
    Map<String, Double> w = Map.copyOf(weights);
    for (String s : w.keySet()) {
      if (!SOURCES.contains(s)) {
        throw new IllegalArgumentException(
            "unknown source '" + s + "'; known: " + String.join(", ", SOURCES));
      }
    }
    return new Algorithm() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("weights", new java.util.TreeMap<>(w));
        if (w.getOrDefault("als", 0.0) > 0) {
          out.put(
              "als",
              String.format(
                  java.util.Locale.ROOT,
                  "factors %d, iterations %d, regularization %s, alpha %s",
                  als.factors(),
                  als.iterations(),
                  als.regularization(),
                  als.alpha()));
        }
        if (w.getOrDefault("ease", 0.0) > 0) {
          out.put("ease lambda", easeLambda);
        }
        return out;
      }

      @Override
      public Model fit(Split s) {
        return base(s).model(w, als, easeLambda);
      }
    };
  }

  /** A source alone, with the default model settings. */
  public Algorithm source(String source, AlsParams als, double easeLambda) {
    return algorithm(source, Map.of(source, 1.0), als, easeLambda);
  }

  private synchronized Base base(Split s) {
    if (s != split) {
      base = null; // let the last split's models go first
      base = new Base(s);
      split = s;
    }
    return base;
  }

  /** What the variants share for one split. */
  private final class Base {
    final IdIndex ids = new IdIndex();
    final Map<String, Item> items = new HashMap<>();
    final OnlineModel model;
    final CatalogueIndex index;
    final ProfileContext context = ProfileContext.of(ProfileConfig.defaults());
    final Map<String, UserHistory.History> histories = new HashMap<>();
    final Interactions.Compact compact;
    final ItemSpace space;
    final long now;
    final Map<String, Long> askedAt;
    final double onlineSeconds;
    final Map<AlsParams, AlsModel> als = new HashMap<>();
    final Map<AlsParams, Double> alsSeconds = new HashMap<>();
    final Map<Double, EaseModel> ease = new HashMap<>();
    final Map<Double, Double> easeSeconds = new HashMap<>();

    Base(Split s) {
      long t0 = System.nanoTime();
      askedAt = s.askedAt();
      List<String> catalogue = new ArrayList<>(s.catalogue());
      catalogue.sort(Floors.IDS);
      for (String id : catalogue) {
        ids.add(id);
        items.put(id, Item.of(id, null, List.of()));
      }
      RecommendConfig d = RecommendConfig.defaults();
      model = new OnlineModel(d, ids);
      Interactions.Builder b = new Interactions.Builder();
      Set<String> pairs = new HashSet<>();
      long seq = 0;
      long last = 0;
      // times that are only positions in a file become one second apart, as in BASELINES' runs
      long start = 1_000_000_000_000L;
      for (Interaction i : s.train()) {
        long t = s.timed() ? i.time() : start + seq * 1000;
        last = Math.max(last, t);
        model.observe(view(++seq, t, i), List.of());
        if (pairs.add(i.user() + '\u0000' + i.item())) {
          b.add(i.user(), ids.toIndex(i.item()), 1);
        }
      }
      b.items(ids.size());
      compact = b.build().compact();
      String[] itemIds = new String[compact.globalOf().length];
      for (int i = 0; i < itemIds.length; i++) {
        itemIds[i] = ids.toId(compact.globalOf()[i]);
      }
      space = ItemSpace.bind(itemIds, ids);
      Set<String> trainedUsers = new HashSet<>();
      for (Interaction i : s.train()) {
        trainedUsers.add(i.user());
      }
      // strong-generalisation users' fold-in parts, seen live after training: in time order over
      // all of them (users in id order break ties), as the events would have arrived
      List<Interaction> live = new ArrayList<>();
      for (var e : new java.util.TreeMap<>(s.history()).entrySet()) {
        UserHistory.History.Builder h = new UserHistory.History.Builder();
        Set<Integer> seen = new HashSet<>();
        boolean trained = trainedUsers.contains(e.getKey());
        for (Interaction i : e.getValue()) {
          int item = ids.toIndex(i.item());
          if (seen.add(item)) {
            h.add(item, 1);
          }
          if (!trained) {
            live.add(i);
          }
        }
        histories.put(e.getKey(), h.build());
      }
      if (s.timed()) {
        live.sort(Comparator.comparingLong(Interaction::time)); // stable: ties stay in user order
      }
      for (Interaction i : live) {
        long t = s.timed() ? i.time() : start + seq * 1000;
        last = Math.max(last, t);
        model.observe(view(++seq, t, i), List.of());
      }
      now = last + 1000;
      index =
          CatalogueIndex.build(
              items.values(), ids, model, ProfileConfig.defaults()::priceBand, now);
      onlineSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private StoredEvent view(long seq, long t, Interaction i) {
      return new StoredEvent(
          seq,
          t,
          new Event(null, "view", i.user(), i.item(), t, null, null, null, null, null, null));
    }

    synchronized AlsModel als(AlsParams p) {
      AlsModel m = als.get(p);
      if (m == null) {
        long t0 = System.nanoTime();
        m = new AlsModel(space, p, new Ials(p).train(compact.data(), f -> {}).items());
        als.put(p, m);
        alsSeconds.put(p, (System.nanoTime() - t0) / 1e9);
      }
      return m;
    }

    synchronized EaseModel ease(double lambda) {
      if (compact.data().itemCount() > easeMaxItems) {
        return null;
      }
      EaseModel m = ease.get(lambda);
      if (m == null) {
        long t0 = System.nanoTime();
        m = new EaseModel(space, lambda, new Ease(lambda, easeMaxItems).train(compact.data()));
        ease.put(lambda, m);
        easeSeconds.put(lambda, (System.nanoTime() - t0) / 1e9);
      }
      return m;
    }

    Algorithm.Model model(Map<String, Double> weights, AlsParams p, double lambda) {
      boolean useAls = weights.getOrDefault("als", 0.0) > 0;
      boolean useEase = weights.getOrDefault("ease", 0.0) > 0;
      AlsModel a = useAls ? als(p) : null;
      EaseModel e = useEase ? ease(lambda) : null;
      double seconds =
          onlineSeconds
              + (useAls ? alsSeconds.get(p) : 0)
              + (e != null ? easeSeconds.get(lambda) : 0);
      Snapshot snapshot =
          a == null && e == null
              ? null
              : new Snapshot(
                  1,
                  now,
                  0,
                  compact.data().userCount(),
                  compact.data().itemCount(),
                  compact.data().pairs(),
                  a,
                  e,
                  List.<ModelInfo>of(),
                  Map.of());
      RecommendConfig config = accuracyConfig(weights);
      Recommender r =
          new Recommender(
              config,
              model,
              () -> index,
              items::get,
              () -> snapshot,
              u -> histories.getOrDefault(u, UserHistory.History.EMPTY));
      return new Algorithm.Model() {
        @Override
        public List<String> rank(
            String user, List<Interaction> history, Set<String> exclude, int k) {
          Recommendation rec =
              r.recommend(
                  new Query(
                      Query.Kind.USER,
                      user,
                      model.user(user),
                      null,
                      context,
                      List.of(),
                      k,
                      null,
                      exclude,
                      2,
                      askedAt.getOrDefault(user, now)));
          List<String> out = new ArrayList<>(rec.items().size());
          for (var c : rec.items()) {
            out.add(c.itemId());
          }
          return out;
        }

        @Override
        public double trainingSeconds() {
          return seconds;
        }
      };
    }
  }
}
