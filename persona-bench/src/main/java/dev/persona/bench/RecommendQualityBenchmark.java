package dev.persona.bench;

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
import dev.persona.recommend.train.Interactions;
import dev.persona.recommend.train.Snapshot;
import dev.persona.recommend.train.Trainer;
import dev.persona.recommend.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The recommender end to end, each source alone and blended, on the fixed splits of {@code
 * ../shared/BASELINES.md}, with its protocol: ranking over the full catalogue, each user's training
 * items removed (passed as the request's exclusions), NDCG@10 with binary relevance, Recall@10 with
 * the denominator min(10, |test|) ("min") and |test| ("std"). Training pairs are fed to the online
 * model as views (per user, in file order) and to the trainer (iALS and EASE, defaults of {@link
 * TrainingConfig} with no holdout); fold-in reads each user's training items.
 *
 * <p>Data sets: {@code ml1m} (movielens-1m-implicit train.txt / test.txt) and {@code lastfm}
 * (user_artists.dat cut 80/10/10 by {@code persona-bench/scripts/lastfm_split.py}, which reproduces
 * the numpy permutation of BASELINES.md into persona-bench/target/lastfm-split).
 *
 * <p>Run: {@code persona-bench/run RecommendQualityBenchmark ml1m|lastfm [data dir] [easeLambda]};
 * {@code -Dsources=popular,user-knn,blend} evaluates only the sources named; {@code
 * -DrecentItems=100} sets the online model's {@code recommend.recentItems}.
 */
public final class RecommendQualityBenchmark {
  public static void main(String[] args) throws IOException {
    String set = args.length > 0 ? args[0] : "ml1m";
    Path data = Path.of(args.length > 1 ? args[1] : "../shared/data");
    Map<String, List<String>> train;
    Map<String, List<String>> test;
    double easeLambda;
    if (set.equals("ml1m")) {
      Path dir = data.resolve("movielens-1m-implicit");
      train = read(dir.resolve("train.txt"));
      test = read(dir.resolve("test.txt"));
      easeLambda = 1000;
    } else if (set.equals("lastfm")) {
      Path dir = Path.of("persona-bench/target/lastfm-split");
      if (!Files.exists(dir.resolve("train.tsv"))) {
        System.err.println(
            "no split in "
                + dir
                + ": run python3 persona-bench/scripts/lastfm_split.py "
                + data.resolve("lastfm-hetrec2011-2k"));
        System.exit(2);
        return;
      }
      train = pairs(dir.resolve("train.tsv"));
      test = pairs(dir.resolve("test.tsv"));
      easeLambda = 100;
    } else if (set.equals("ml100k")) {
      // the official u1 split; every training rating is an interaction, test relevance is >= 4
      Path dir = data.resolve("movielens-100k");
      train = byTime(dir.resolve("u1.base"), "\t", 0, 1, 2, 3, 0, false);
      test = byTime(dir.resolve("u1.test"), "\t", 0, 1, 2, 3, 4, false);
      easeLambda = 500;
    } else if (set.equals("mlsmall")) {
      // each user's ratings by time: the last 20% are the test (relevance >= 4), the rest train
      Path dir = data.resolve("movielens-latest-small");
      Map<String, List<String>> all = byTime(dir.resolve("ratings.csv"), ",", 0, 1, 2, 3, 0, true);
      Map<String, List<String>> relevant =
          byTime(dir.resolve("ratings.csv"), ",", 0, 1, 2, 3, 4, true);
      train = new LinkedHashMap<>();
      test = new LinkedHashMap<>();
      for (var e : all.entrySet()) {
        List<String> l = e.getValue();
        int cut = (int) Math.ceil(l.size() * 0.8);
        train.put(e.getKey(), new ArrayList<>(l.subList(0, cut)));
        Set<String> good = new HashSet<>(relevant.getOrDefault(e.getKey(), List.of()));
        List<String> t = l.subList(cut, l.size()).stream().filter(good::contains).toList();
        if (!t.isEmpty()) {
          test.put(e.getKey(), t);
        }
      }
      easeLambda = 500;
    } else if (set.equals("rees46")) {
      // global temporal split: the first 80% of events (by time) train, later items not in the
      // user's training items are the test
      Path file =
          data.resolve(
              "ecommerce-rees46-2019oct-head/2019-Oct_head17434_crlf_lastline-partial.csv");
      List<String[]> rows = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        String[] f = line.strip().split(",", -1);
        if (f.length >= 9 && !f[0].equals("event_time") && !f[7].isEmpty()) {
          rows.add(f);
        }
      }
      int cut = (int) (rows.size() * 0.8); // the file is in time order
      train = new LinkedHashMap<>();
      test = new LinkedHashMap<>();
      for (int i = 0; i < rows.size(); i++) {
        String[] f = rows.get(i);
        (i < cut ? train : test).computeIfAbsent(f[7], k -> new ArrayList<>()).add(f[2]);
      }
      for (var it = test.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        Set<String> seen = new HashSet<>(train.getOrDefault(e.getKey(), List.of()));
        List<String> fresh =
            e.getValue().stream().filter(x -> !seen.contains(x)).distinct().toList();
        if (fresh.isEmpty()) {
          it.remove();
        } else {
          e.setValue(fresh);
        }
      }
      easeLambda = 100;
    } else {
      throw new IllegalArgumentException(
          "data set must be ml1m, lastfm, ml100k, mlsmall or rees46, got " + set);
    }
    if (args.length > 2) {
      easeLambda = Double.parseDouble(args[2]);
    }
    boolean tune = List.of(args).contains("--tune");
    Map<String, Double> weights = RecommendConfig.defaults().sourceWeights();
    if (tune) {
      // the blend weights are chosen on a validation split that never touches the test split
      Map<String, List<String>> fit;
      Map<String, List<String>> validation;
      if (set.equals("lastfm")) {
        fit = train;
        validation = pairs(Path.of("persona-bench/target/lastfm-split/validation.tsv"));
      } else {
        fit = new LinkedHashMap<>();
        validation = new LinkedHashMap<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (var e : train.entrySet()) {
          for (String item : e.getValue()) {
            (r.nextInt(10) == 0 ? validation : fit)
                .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                .add(item);
          }
        }
      }
      weights = tune(set + " validation", fit, validation, easeLambda);
    }
    run(set, train, test, easeLambda, weights);
  }

  /** Coordinate search over blend weights, from the trained models alone, on validation. */
  static Map<String, Double> tune(
      String set, Map<String, List<String>> fit, Map<String, List<String>> validation, double l) {
    Setup s = new Setup(set, fit, validation, l);
    Map<String, Double> best = new LinkedHashMap<>(Map.of("als", 1.0, "ease", 1.0));
    double bestNdcg = s.evaluate("als+ease", best)[0];
    for (String source :
        List.of("ease", "item-knn", "session", "user-knn", "content", "popular", "trending")) {
      for (double w :
          source.equals("ease") ? new double[] {0, 0.5, 2} : new double[] {0.05, 0.15, 0.4}) {
        Map<String, Double> trial = new LinkedHashMap<>(best);
        trial.put(source, w);
        double ndcg = s.evaluate(trial.toString(), trial)[0];
        if (ndcg > bestNdcg) {
          bestNdcg = ndcg;
          best = trial;
        }
      }
    }
    System.out.printf(Locale.ROOT, "# chosen on validation: %s (NDCG@10 %.4f)%n", best, bestNdcg);
    return best;
  }

  static void run(
      String set,
      Map<String, List<String>> train,
      Map<String, List<String>> test,
      double lambda,
      Map<String, Double> blend) {
    Setup s = new Setup(set, train, test, lambda);
    // -Dsources=a,b evaluates only those sources (and no blend unless "blend" is named)
    String only = System.getProperty("sources");
    List<String> chosen = only == null ? null : List.of(only.split(","));
    for (String source :
        List.of("popular", "als", "ease", "item-knn", "user-knn", "session", "content")) {
      if (chosen == null || chosen.contains(source)) {
        s.evaluate(source, Map.of(source, 1.0));
      }
    }
    if (chosen == null || chosen.contains("blend")) {
      s.evaluate("blend " + blend, blend);
    }
  }

  /** The models learned from one training split, evaluated on one test split. */
  static final class Setup {
    final String set;
    final Map<String, List<String>> train;
    final Map<String, List<String>> test;
    final IdIndex ids = new IdIndex();
    final Map<String, Item> items = new HashMap<>();
    final OnlineModel model;
    final Snapshot snapshot;
    final CatalogueIndex index;
    final ProfileContext context = ProfileContext.of(ProfileConfig.defaults());
    final UserHistory history;
    final long now;

    Setup(
        String set,
        Map<String, List<String>> train,
        Map<String, List<String>> test,
        double lambda) {
      this.set = set;
      this.train = train;
      this.test = test;
      for (List<String> l : train.values()) {
        for (String id : l) {
          ids.add(id);
          items.computeIfAbsent(id, i -> Item.of(i, null, List.of()));
        }
      }
      for (List<String> l : test.values()) {
        for (String id : l) {
          ids.add(id);
          items.computeIfAbsent(id, i -> Item.of(i, null, List.of()));
        }
      }
      long pairs = train.values().stream().mapToLong(List::size).sum();
      System.out.printf(
          Locale.ROOT,
          "# %s: %,d training users, %,d training pairs, %,d test users, %,d items%n",
          set,
          train.size(),
          pairs,
          test.size(),
          items.size());

      // -DrecentItems=N: the online model's recent items per user (recommend.recentItems)
      RecommendConfig d =
          RecommendConfig.defaults()
              .withRecentItems(
                  Integer.getInteger("recentItems", RecommendConfig.defaults().recentItems()));
      model = new OnlineModel(d, ids);
      long t = 1_000_000_000_000L;
      long seq = 0;
      long t0 = System.nanoTime();
      Interactions.Builder b = new Interactions.Builder();
      Map<String, UserHistory.History> histories = new HashMap<>();
      for (var e : train.entrySet()) {
        int[] h = new int[e.getValue().size()];
        float[] w = new float[h.length];
        int n = 0;
        Set<Integer> seen = new HashSet<>();
        for (String item : e.getValue()) {
          t += 1000;
          model.observe(
              new StoredEvent(
                  ++seq,
                  t,
                  new Event(null, "view", e.getKey(), item, t, null, null, null, null, null, null)),
              List.of());
          int i = ids.toIndex(item);
          b.add(e.getKey(), i, 1);
          if (seen.add(i)) {
            h[n] = i;
            w[n++] = 1;
          }
        }
        histories.put(
            e.getKey(),
            new UserHistory.History(java.util.Arrays.copyOf(h, n), java.util.Arrays.copyOf(w, n)));
      }
      b.items(ids.size());
      double online = (System.nanoTime() - t0) / 1e9;
      TrainingConfig tc = TrainingConfig.defaults();
      tc =
          new TrainingConfig(
              tc.als(), true, lambda, Integer.getInteger("ease.maxItems", 10_000), 0, tc.seed());
      snapshot = new Trainer(tc).train(b.build(), ids, 1, seq, t, x -> {});
      System.out.printf(
          Locale.ROOT,
          "# online model %.1f s; iALS %.1f s (%d factors, %d iterations); EASE %.1f s (lambda %.0f)%n",
          online,
          snapshot.models().get(0).seconds(),
          tc.als().factors(),
          tc.als().iterations(),
          snapshot.models().get(1).seconds(),
          lambda);
      now = t + 1000;
      index =
          CatalogueIndex.build(
              items.values(), ids, model, ProfileConfig.defaults()::priceBand, now);
      history = u -> histories.getOrDefault(u, UserHistory.History.EMPTY);
    }

    /** NDCG@10, Recall@10 min and std of one blend; printed as a table row. */
    double[] evaluate(String name, Map<String, Double> weights) {
      RecommendConfig config = dev.persona.eval.Persona.accuracyConfig(weights);
      Recommender r =
          new Recommender(config, model, () -> index, items::get, () -> snapshot, history);
      double ndcg = 0;
      double recallMin = 0;
      double recallStd = 0;
      int users = 0;
      long t1 = System.nanoTime();
      for (var e : test.entrySet()) {
        Set<String> relevant = new HashSet<>(e.getValue());
        List<String> seen = train.getOrDefault(e.getKey(), List.of());
        if (seen.isEmpty()) {
          continue; // BASELINES evaluates users with training items
        }
        Recommendation rec =
            r.recommend(
                new Query(
                    Query.Kind.USER,
                    e.getKey(),
                    model.user(e.getKey()),
                    null,
                    context,
                    List.of(),
                    10,
                    null,
                    new HashSet<>(seen),
                    2,
                    now));
        double dcg = 0;
        int hits = 0;
        for (int k = 0; k < rec.items().size(); k++) {
          if (relevant.contains(rec.items().get(k).itemId())) {
            dcg += 1 / AlsQualityBenchmark.log2(k + 2);
            hits++;
          }
        }
        double idcg = 0;
        for (int k = 0; k < Math.min(10, relevant.size()); k++) {
          idcg += 1 / AlsQualityBenchmark.log2(k + 2);
        }
        ndcg += dcg / idcg;
        recallMin += hits / (double) Math.min(10, relevant.size());
        recallStd += hits / (double) relevant.size();
        users++;
      }
      double rank = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %.4f | %.4f | %.4f | %d | %.2f |%n",
          set,
          name,
          ndcg / users,
          recallMin / users,
          recallStd / users,
          users,
          1000 * rank / users);
      return new double[] {ndcg / users, recallMin / users, recallStd / users};
    }
  }

  /**
   * Ratings grouped by user, each user's items in time order; with {@code minRating > 0} only those
   * rated at least that.
   */
  static Map<String, List<String>> byTime(
      Path file,
      String sep,
      int user,
      int item,
      int rating,
      int time,
      double minRating,
      boolean header)
      throws IOException {
    Map<String, List<String[]>> rows = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = header ? 1 : 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(sep);
      if (f.length > time && Double.parseDouble(f[rating]) >= minRating) {
        rows.computeIfAbsent(f[user], k -> new ArrayList<>()).add(f);
      }
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    rows.forEach(
        (u, l) -> {
          l.sort(java.util.Comparator.comparingLong(f -> Long.parseLong(f[time])));
          out.put(u, l.stream().map(f -> f[item]).toList());
        });
    return out;
  }

  /** Lines of a user followed by their items, separated by white space (BASELINES' files). */
  static Map<String, List<String>> read(Path file) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2) {
        out.put(f[0], new ArrayList<>(List.of(f).subList(1, f.length)));
      }
    }
    return out;
  }

  /** Tab-separated user, item lines, grouped by user in file order. */
  static Map<String, List<String>> pairs(Path file) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t");
      if (f.length >= 2) {
        out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
      }
    }
    return out;
  }
}
