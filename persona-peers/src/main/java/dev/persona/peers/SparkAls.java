package dev.persona.peers;

import dev.persona.eval.Algorithm;
import dev.persona.eval.Interaction;
import dev.persona.eval.Split;
import dev.persona.eval.Tuner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Apache Spark MLlib 4.1 ALS with implicit preferences, on {@code local[2]} bound to 127.0.0.1.
 * Training pairs are binary (rating 1), as for Persona. Each user's list scores every item with
 * Spark's own user and item factors (so a user held out of training gets nothing: Spark's ALS has
 * no fold-in). Tuning tries three regularisations at alpha 1, which BASELINES.md found best.
 */
public final class SparkAls implements Algorithm, Tuner.Tunable {
  private static SparkSession spark;

  private final int rank;
  private final int iterations;
  private final double regularization;
  private final double alpha;

  public SparkAls(int rank, int iterations, double regularization, double alpha) {
    this.rank = rank;
    this.iterations = iterations;
    this.regularization = regularization;
    this.alpha = alpha;
    session(); // Spark's start-up is not part of any fit's time
  }

  static synchronized SparkSession session() {
    if (spark == null) {
      spark =
          SparkSession.builder()
              .master("local[2]")
              .appName("persona-peers")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
    }
    return spark;
  }

  @Override
  public String name() {
    return "spark-als";
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rank", rank);
    m.put("iterations", iterations);
    m.put("regularization", regularization);
    m.put("alpha", alpha);
    m.put("master", "local[2]");
    return m;
  }

  @Override
  public List<Algorithm> grid() {
    List<Algorithm> out = new ArrayList<>();
    for (double reg : new double[] {0.03, 0.1, 0.3}) {
      out.add(new SparkAls(rank, iterations, reg, alpha));
    }
    return out;
  }

  @Override
  public Model fit(Split split) {
    Map<String, Integer> users = new HashMap<>();
    Map<String, Integer> items = new HashMap<>();
    List<String> itemIds = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    Set<String> pairs = new HashSet<>();
    for (Interaction i : split.train()) {
      if (!pairs.add(i.user() + '\u0000' + i.item())) {
        continue;
      }
      int u = users.computeIfAbsent(i.user(), k -> users.size());
      int it =
          items.computeIfAbsent(
              i.item(),
              k -> {
                itemIds.add(k);
                return itemIds.size() - 1;
              });
      rows.add(RowFactory.create(u, it, 1.0f));
    }
    StructType schema =
        new StructType()
            .add("user", DataTypes.IntegerType)
            .add("item", DataTypes.IntegerType)
            .add("rating", DataTypes.FloatType);
    Dataset<Row> ratings = session().createDataFrame(rows, schema).repartition(2).cache();
    ratings.count();
    ALSModel m =
        new ALS()
            .setRank(rank)
            .setMaxIter(iterations)
            .setRegParam(regularization)
            .setAlpha(alpha)
            .setImplicitPrefs(true)
            .setUserCol("user")
            .setItemCol("item")
            .setRatingCol("rating")
            .setSeed(1)
            .fit(ratings);
    Map<Integer, float[]> userFactors = factors(m.userFactors());
    Map<Integer, float[]> itemMap = factors(m.itemFactors());
    ratings.unpersist();
    float[][] itemFactors = new float[itemIds.size()][];
    itemMap.forEach((i, f) -> itemFactors[i] = f);
    return (user, history, exclude, k) -> {
      Integer u = users.get(user);
      float[] x = u == null ? null : userFactors.get(u);
      if (x == null) {
        return List.of();
      }
      return Ranking.top(itemIds, itemFactors, x, exclude, k);
    };
  }

  private static Map<Integer, float[]> factors(Dataset<Row> df) {
    Map<Integer, float[]> out = new HashMap<>();
    for (Row r : df.collectAsList()) {
      List<Object> l = r.getList(1);
      float[] f = new float[l.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = ((Number) l.get(i)).floatValue();
      }
      out.put(r.getInt(0), f);
    }
    return out;
  }
}
