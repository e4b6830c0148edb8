package dev.persona.peers;

import dev.persona.core.index.IdIndex;
import dev.persona.core.topk.TopK;
import dev.persona.recommend.train.AlsModel;
import dev.persona.recommend.train.AlsParams;
import dev.persona.recommend.train.Ials;
import dev.persona.recommend.train.Interactions;
import dev.persona.recommend.train.ItemSpace;
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
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark MLlib ALS (implicit) and Persona's iALS side by side, in one JVM on one machine, on
 * MovieLens 1M implicit with the protocol of {@code ../shared/BASELINES.md}: the same rank,
 * iterations, regularisation and alpha, alternating runs (Spark, Persona, Spark, Persona, ...),
 * each model's fit timed, and both evaluated by the same code: each test user's vector (Spark's
 * trained user factors; Persona's fold-in from the training items), scored against every item,
 * training items removed, NDCG@10 and Recall@10 (min).
 *
 * <p>Run: {@code persona-bench/run-peers SparkAlsSideBySide [data] [runs] [rank] [iterations]}.
 */
public final class SparkAlsSideBySide {
  public static void main(String[] args) throws IOException {
    Path dir =
        Path.of(args.length > 0 ? args[0] : "../shared/data").resolve("movielens-1m-implicit");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int rank = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    Map<String, List<String>> train = read(dir.resolve("train.txt"));
    Map<String, List<String>> test = read(dir.resolve("test.txt"));
    IdIndex items = new IdIndex();
    train.values().forEach(l -> l.forEach(items::add));
    test.values().forEach(l -> l.forEach(items::add));
    System.out.printf(
        Locale.ROOT,
        "# MovieLens 1M implicit; rank %d, %d iterations, reg 0.1, alpha 1; %d cores, %s %s%n",
        rank,
        iterations,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));

    SparkSession spark = SparkAls.session();
    List<Row> rows = new ArrayList<>();
    Map<String, Integer> users = new HashMap<>();
    for (var e : train.entrySet()) {
      int u = users.computeIfAbsent(e.getKey(), k -> users.size());
      for (String i : e.getValue()) {
        rows.add(RowFactory.create(u, items.toIndex(i), 1.0f));
      }
    }
    StructType schema =
        new StructType()
            .add("user", DataTypes.IntegerType)
            .add("item", DataTypes.IntegerType)
            .add("rating", DataTypes.FloatType);
    Dataset<Row> ratings = spark.createDataFrame(rows, schema).repartition(2).cache();
    ratings.count();

    System.out.println("| run | system | fit s | s per iteration | NDCG@10 | Recall@10 min |");
    System.out.println("| --- | --- | ---: | ---: | ---: | ---: |");
    for (int run = 1; run <= runs; run++) {
      long t0 = System.nanoTime();
      ALSModel m =
          new ALS()
              .setRank(rank)
              .setMaxIter(iterations)
              .setRegParam(0.1)
              .setAlpha(1.0)
              .setImplicitPrefs(true)
              .setUserCol("user")
              .setItemCol("item")
              .setRatingCol("rating")
              .setSeed(run)
              .fit(ratings);
      m.userFactors().count(); // the fit is lazy in parts: force it inside the timing
      double sparkSeconds = (System.nanoTime() - t0) / 1e9;
      Map<Integer, float[]> uf = factors(m.userFactors());
      Map<Integer, float[]> itf = factors(m.itemFactors());
      double[] sparkMetrics =
          evaluate(
              train,
              test,
              items,
              u -> {
                Integer id = users.get(u);
                return id == null ? null : uf.get(id);
              },
              (x, scores) -> {
                for (int i = 0; i < scores.length; i++) {
                  float[] y = itf.get(i);
                  scores[i] = y == null ? Float.NEGATIVE_INFINITY : dot(x, y);
                }
              });
      row(run, "Spark MLlib 4.1 ALS implicit, local[2]", sparkSeconds, iterations, sparkMetrics);

      AlsParams p = new AlsParams(rank, iterations, 0.1, 1.0, 1.0, 3, run, 2);
      Interactions.Builder b = new Interactions.Builder();
      for (var e : train.entrySet()) {
        for (String i : e.getValue()) {
          b.add(e.getKey(), items.toIndex(i), 1);
        }
      }
      b.items(items.size());
      long t1 = System.nanoTime();
      Ials.Factors f = new Ials(p).train(b.build(), x -> {});
      double personaSeconds = (System.nanoTime() - t1) / 1e9;
      String[] ids = new String[items.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = items.toId(i);
      }
      AlsModel model = new AlsModel(ItemSpace.bind(ids, items), p, f.items());
      double[] personaMetrics =
          evaluate(
              train,
              test,
              items,
              u -> {
                List<String> seen = train.get(u);
                if (seen == null) {
                  return null;
                }
                int[] local = seen.stream().mapToInt(items::toIndex).toArray();
                float[] w = new float[local.length];
                java.util.Arrays.fill(w, 1);
                return model.foldIn(local, w, local.length);
              },
              model::score);
      row(run, "Persona iALS (CG, 2 threads, fold-in)", personaSeconds, iterations, personaMetrics);
    }
    spark.stop();
  }

  interface Scorer {
    void score(float[] x, float[] scores);
  }

  static void row(int run, String system, double seconds, int iterations, double[] m) {
    System.out.printf(
        Locale.ROOT,
        "| %d | %s | %.1f | %.2f | %.4f | %.4f |%n",
        run,
        system,
        seconds,
        seconds / iterations,
        m[0],
        m[1]);
  }

  static Map<Integer, float[]> factors(Dataset<Row> df) {
    Map<Integer, float[]> out = new HashMap<>();
    for (Row r : df.collectAsList()) {
      List<Float> v = r.getList(1);
      float[] x = new float[v.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = v.get(i);
      }
      out.put(r.getInt(0), x);
    }
    return out;
  }

  static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double[] evaluate(
      Map<String, List<String>> train,
      Map<String, List<String>> test,
      IdIndex items,
      java.util.function.Function<String, float[]> user,
      Scorer scorer) {
    float[] scores = new float[items.size()];
    double ndcg = 0;
    double recall = 0;
    int n = 0;
    for (var e : test.entrySet()) {
      float[] x = user.apply(e.getKey());
      if (x == null) {
        continue;
      }
      scorer.score(x, scores);
      for (String s : train.getOrDefault(e.getKey(), List.of())) {
        scores[items.toIndex(s)] = Float.NEGATIVE_INFINITY;
      }
      TopK top = new TopK(10);
      for (int i = 0; i < scores.length; i++) {
        if (scores[i] != Float.NEGATIVE_INFINITY) {
          top.offer(i, scores[i]);
        }
      }
      Set<String> relevant = new HashSet<>(e.getValue());
      double dcg = 0;
      int hits = 0;
      int[] best = top.ids();
      for (int r = 0; r < best.length; r++) {
        if (relevant.contains(items.toId(best[r]))) {
          dcg += 1 / (Math.log(r + 2) / Math.log(2));
          hits++;
        }
      }
      double idcg = 0;
      for (int r = 0; r < Math.min(10, relevant.size()); r++) {
        idcg += 1 / (Math.log(r + 2) / Math.log(2));
      }
      ndcg += dcg / idcg;
      recall += hits / (double) Math.min(10, relevant.size());
      n++;
    }
    return new double[] {ndcg / n, recall / n};
  }

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
}
