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
import dev.persona.recommend.online.OnlineModel;
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
 * The online sources on MovieLens 1M implicit, with the protocol of {@code ../shared/BASELINES.md}:
 * the given train.txt / test.txt; every training pair is fed to the online model as a view (users
 * one after another, each user's items in file order, a second apart); then each user with test
 * items gets a list of 10 ranked over the full catalogue with their training items removed; NDCG@10
 * with binary relevance, Recall@10 with the denominator min(10, |test|) ("min") and |test| ("std").
 * Popularity here is the model's own popular source.
 *
 * <p>The data has no timestamps, so "the user's recent items" are the last ones in file order, and
 * co-occurrence is counted within each user's sliding window of {@code recentItems}: an
 * approximation of item-to-item over whole histories, which is what an online model can keep.
 *
 * <p>Run: {@code persona-bench/run OnlineQualityBenchmark [../shared/data] [recentItems]}.
 */
public final class OnlineQualityBenchmark {
  public static void main(String[] args) throws IOException {
    Path dir =
        Path.of(args.length > 0 ? args[0] : "../shared/data").resolve("movielens-1m-implicit");
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Map<String, List<String>> train = read(dir.resolve("train.txt"));
    Map<String, List<String>> test = read(dir.resolve("test.txt"));
    Set<String> itemIds = new HashSet<>();
    train.values().forEach(itemIds::addAll);
    test.values().forEach(itemIds::addAll);
    Map<String, Item> items = new HashMap<>();
    for (String id : itemIds) {
      items.put(id, Item.of(id, null, List.of()));
    }
    System.out.printf(
        Locale.ROOT,
        "# MovieLens 1M implicit: %,d training users, %,d test users, %,d items; recentItems %d%n",
        train.size(),
        test.size(),
        items.size(),
        window);
    Map<String, Map<String, Double>> variants = new LinkedHashMap<>();
    variants.put("popular", Map.of("popular", 1.0));
    variants.put("item-knn", Map.of("item-knn", 1.0));
    variants.put("user-knn", Map.of("user-knn", 1.0));
    variants.put("blend (default weights)", RecommendConfig.defaults().sourceWeights());
    for (var v : variants.entrySet()) {
      RecommendConfig d = RecommendConfig.defaults();
      RecommendConfig config =
          new RecommendConfig(
              Map.of("view", 1.0),
              d.ratingThreshold(),
              Set.of(),
              "cosine",
              window,
              d.neighbours(),
              v.getValue(),
              1.0, // no diversification: accuracy is measured
              0,
              Set.of(),
              List.of(),
              List.of(),
              List.of(),
              d.trendingHalfLife());
      IdIndex ids = new IdIndex();
      OnlineModel model = new OnlineModel(config, ids);
      long t = 1_000_000_000_000L;
      long seq = 0;
      long t0 = System.nanoTime();
      for (var e : train.entrySet()) {
        for (String item : e.getValue()) {
          t += 1000;
          model.observe(
              new StoredEvent(
                  ++seq,
                  t,
                  new Event(null, "view", e.getKey(), item, t, null, null, null, null, null, null)),
              List.of());
        }
      }
      double learn = (System.nanoTime() - t0) / 1e9;
      long now = t + 1000;
      CatalogueIndex index =
          CatalogueIndex.build(
              items.values(), ids, model, ProfileConfig.defaults()::priceBand, now);
      Recommender r = new Recommender(config, model, () -> index, items::get);
      ProfileContext context = ProfileContext.of(ProfileConfig.defaults());
      double ndcg = 0;
      double recallMin = 0;
      double recallStd = 0;
      int users = 0;
      long t1 = System.nanoTime();
      for (var e : test.entrySet()) {
        Set<String> relevant = new HashSet<>(e.getValue());
        List<String> seen = train.getOrDefault(e.getKey(), List.of());
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
            dcg += 1 / (Math.log(k + 2) / Math.log(2));
            hits++;
          }
        }
        double idcg = 0;
        for (int k = 0; k < Math.min(10, relevant.size()); k++) {
          idcg += 1 / (Math.log(k + 2) / Math.log(2));
        }
        ndcg += dcg / idcg;
        recallMin += hits / (double) Math.min(10, relevant.size());
        recallStd += hits / (double) relevant.size();
        users++;
      }
      double rank = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%-26s NDCG@10 %.4f  Recall@10 min %.4f  std %.4f  (%d users; learning %.1f s, %.2f ms per list)%n",
          v.getKey(),
          ndcg / users,
          recallMin / users,
          recallStd / users,
          users,
          learn,
          1000 * rank / users);
    }
  }

  static Map<String, List<String>> read(Path file) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 2) {
        continue;
      }
      List<String> items = new ArrayList<>(List.of(f).subList(1, f.length));
      out.put(f[0], items);
    }
    return out;
  }
}
