package dev.persona.bench;

import dev.persona.core.index.IdIndex;
import dev.persona.core.topk.TopK;
import dev.persona.recommend.train.AlsModel;
import dev.persona.recommend.train.AlsParams;
import dev.persona.recommend.train.Ials;
import dev.persona.recommend.train.Interactions;
import dev.persona.recommend.train.ItemSpace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Persona's iALS on MovieLens 1M implicit with the protocol of {@code ../shared/BASELINES.md} (the
 * given train.txt / test.txt, full-catalogue ranking, training items removed, NDCG@10 binary,
 * Recall@10 min and std). Each test user's vector is folded in from their training items against
 * the final item factors, as serving does.
 *
 * <p>Run: {@code persona-bench/run AlsQualityBenchmark [data] [factors] [iterations] [lambda]
 * [exponent] [alpha] [cgSteps] [threads]}.
 */
public final class AlsQualityBenchmark {
  public static void main(String[] args) throws IOException {
    Path dir =
        Path.of(args.length > 0 ? args[0] : "../shared/data").resolve("movielens-1m-implicit");
    AlsParams d = AlsParams.defaults();
    AlsParams p =
        new AlsParams(
            arg(args, 1, d.factors()),
            arg(args, 2, d.iterations()),
            arg(args, 3, d.regularization()),
            arg(args, 4, d.exponent()),
            arg(args, 5, d.alpha()),
            arg(args, 6, d.cgSteps()),
            d.seed(),
            arg(args, 7, d.threads()));
    Map<String, List<String>> train = RecommendQualityBenchmark.read(dir.resolve("train.txt"));
    Map<String, List<String>> test = RecommendQualityBenchmark.read(dir.resolve("test.txt"));
    IdIndex ids = new IdIndex();
    Interactions.Builder b = new Interactions.Builder();
    for (var e : train.entrySet()) {
      for (String item : e.getValue()) {
        b.add(e.getKey(), ids.add(item), 1);
      }
    }
    test.values().forEach(l -> l.forEach(ids::add));
    b.items(ids.size());
    Interactions data = b.build();
    Ials.Factors f = new Ials(p).train(data, x -> {});
    String[] itemIds = new String[ids.size()];
    for (int i = 0; i < itemIds.length; i++) {
      itemIds[i] = ids.toId(i);
    }
    AlsModel model = new AlsModel(ItemSpace.bind(itemIds, ids), p, f.items());
    double[] m = evaluate(model, train, test, ids);
    System.out.printf(
        Locale.ROOT,
        "iALS %s: NDCG@10 %.4f  Recall@10 min %.4f  std %.4f  (%d users; train %.1f s, %.2f s per"
            + " iteration; loss %s)%n",
        p,
        m[0],
        m[1],
        m[2],
        (int) m[3],
        f.report().seconds(),
        f.report().seconds() / p.iterations(),
        f.report().loss().stream().map(l -> String.format(Locale.ROOT, "%.0f", l)).toList());
  }

  static double[] evaluate(
      AlsModel model,
      Map<String, List<String>> train,
      Map<String, List<String>> test,
      IdIndex ids) {
    float[] scores = new float[model.items().size()];
    double ndcg = 0;
    double recallMin = 0;
    double recallStd = 0;
    int users = 0;
    for (var e : test.entrySet()) {
      List<String> seen = train.getOrDefault(e.getKey(), List.of());
      int[] local = new int[seen.size()];
      float[] w = new float[seen.size()];
      Set<Integer> exclude = new HashSet<>();
      for (int q = 0; q < local.length; q++) {
        local[q] = model.items().localOf(ids.toIndex(seen.get(q)));
        w[q] = 1;
        exclude.add(local[q]);
      }
      float[] x = model.foldIn(local, w, local.length);
      TopK top = new TopK(10);
      if (x != null) {
        model.score(x, scores);
        for (int i = 0; i < scores.length; i++) {
          if (!exclude.contains(i)) {
            top.offer(i, scores[i]);
          }
        }
      }
      Set<String> relevant = new HashSet<>(e.getValue());
      int[] best = top.ids();
      double dcg = 0;
      int hits = 0;
      for (int r = 0; r < best.length; r++) {
        if (relevant.contains(model.items().ids()[best[r]])) {
          dcg += 1 / log2(r + 2);
          hits++;
        }
      }
      double idcg = 0;
      for (int r = 0; r < Math.min(10, relevant.size()); r++) {
        idcg += 1 / log2(r + 2);
      }
      ndcg += dcg / idcg;
      recallMin += hits / (double) Math.min(10, relevant.size());
      recallStd += hits / (double) relevant.size();
      users++;
    }
    return new double[] {ndcg / users, recallMin / users, recallStd / users, users};
  }

  static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }

  static int arg(String[] args, int i, int d) {
    return args.length > i ? Integer.parseInt(args[i]) : d;
  }

  static double arg(String[] args, int i, double d) {
    return args.length > i ? Double.parseDouble(args[i]) : d;
  }
}
