package dev.persona.bench;

import dev.persona.core.topk.TopK;
import dev.persona.recommend.train.AlsModel;
import dev.persona.recommend.train.AlsParams;
import dev.persona.recommend.train.ItemSpace;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The recommendation hot paths that one iALS list costs, on a synthetic model of 100,000 items and
 * 64 factors (random factors, seeded; the cost does not depend on their values):
 *
 * <ul>
 *   <li>{@code scoreExact}: every item's exact score for one user ({@link AlsModel#score}, float
 *       factors, factor-major);
 *   <li>{@code scoreApproximately}: the same from the 8-bit copy ({@link
 *       AlsModel#scoreApproximately}), which serving scans for candidates;
 *   <li>{@code scoreExactInBlocks}: not a production path, a reference: the float scan of {@code
 *       scoreExact} done in the 8-bit scan's blocks of 2,048 items, so that the two scans' ratio
 *       can be split into what the blocking gains and what the 8 bits gain;
 *   <li>{@code exactEachItem}: every item's score from the row-major floats one item at a time
 *       ({@link AlsModel#exact}, which serving uses to re-score the candidates), for comparison;
 *   <li>{@code topK}: the best {@code k} of the 100,000 scores with {@link TopK}, skipping with its
 *       threshold as the ALS source does;
 *   <li>{@code foldIn}: a user's vector solved from a history of 10 or 50 items ({@code -p
 *       length=}; {@link AlsModel#fold}, both in the Woodbury form), the same history each time;
 *   <li>{@code foldInScattered}: the same for 4,096 histories of 10 items over the whole catalogue
 *       in turn, whose factor rows are mostly out of the cache;
 *   <li>{@code reasons}: what the reasons of a list of 10 cost that user: for each shown item the
 *       direction {@code A^-1 y_j} ({@link AlsModel.Folded#direction}) and the share of each of the
 *       50 interactions in its score.
 * </ul>
 *
 * <p>Run: {@code persona-bench/run HotPathsBenchmark} (1 fork, 3 warm-up and 5 measured iterations
 * of 1 s each, average time per call); JMH options replace the defaults, for example {@code
 * persona-bench/run HotPathsBenchmark HotPathsBenchmark.topK -p k=10}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathsBenchmark {
  static final int ITEMS = 100_000;
  static final int HISTORY = 50;

  private AlsModel model;
  private float[] columns;
  private float[] user;
  private float[] scores;
  private float[] buffer;
  private int[] history;
  private float[] weights;
  private AlsModel.Folded folded;

  @Setup(Level.Trial)
  public void build() {
    model = randomModel(ITEMS, AlsParams.defaults(), 7);
    SplittableRandom r = new SplittableRandom(11);
    history = new int[HISTORY];
    weights = new float[HISTORY];
    for (int q = 0; q < HISTORY; q++) {
      history[q] = r.nextInt(ITEMS); // repeats are as harmless as in a real history
      weights[q] = 1 + r.nextInt(4);
    }
    folded = model.fold(history, weights, HISTORY);
    user = folded.x();
    scores = new float[ITEMS];
    model.score(user, scores);
    buffer = new float[ITEMS];
    int k = AlsParams.defaults().factors();
    float[] rows = model.itemFactors();
    columns = new float[rows.length];
    for (int i = 0; i < ITEMS; i++) {
      for (int f = 0; f < k; f++) {
        columns[f * ITEMS + i] = rows[i * k + f];
      }
    }
  }

  /** A model over items {@code i0..} with factors drawn from N(0, 0.1^2). */
  static AlsModel randomModel(int items, AlsParams params, long seed) {
    String[] ids = new String[items];
    int[] identity = new int[items];
    for (int i = 0; i < items; i++) {
      ids[i] = "i" + i;
      identity[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    float[] factors = new float[items * params.factors()];
    for (int j = 0; j < factors.length; j++) {
      factors[j] = (float) (0.1 * gaussian(r));
    }
    return new AlsModel(new ItemSpace(ids, identity, identity.clone()), params, factors);
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble(); // in (0, 1]
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /**
   * How many to keep: 10 for a list, 300 for the candidates the ALS source takes from its 8-bit
   * scan for a list of 10 (twice its recall of 100, plus 100 to re-score).
   */
  @State(Scope.Thread)
  public static class Size {
    @Param({"10", "300"})
    public int k;
  }

  @Benchmark
  public float[] scoreExact() {
    model.score(user, buffer);
    return buffer;
  }

  @Benchmark
  public float[] scoreApproximately() {
    model.scoreApproximately(user, buffer);
    return buffer;
  }

  @Benchmark
  public float[] scoreExactInBlocks() {
    java.util.Arrays.fill(buffer, 0f);
    int k = user.length;
    for (int from = 0; from < ITEMS; from += 2048) {
      int to = Math.min(ITEMS, from + 2048);
      for (int f = 0; f < k; f++) {
        float xf = user[f];
        int o = f * ITEMS;
        for (int i = from; i < to; i++) {
          buffer[i] += xf * columns[o + i];
        }
      }
    }
    return buffer;
  }

  @Benchmark
  public float[] exactEachItem() {
    for (int i = 0; i < ITEMS; i++) {
      buffer[i] = model.exact(user, i);
    }
    return buffer;
  }

  @Benchmark
  public int[] topK(Size size) {
    TopK top = new TopK(size.k);
    float threshold = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < ITEMS; i++) {
      float s = scores[i];
      if (s >= threshold) {
        top.offer(i, s);
        threshold = top.threshold();
      }
    }
    return top.ids();
  }

  /** History lengths for {@link #foldIn}: 10, as the latency benchmark's users have, and 50. */
  @State(Scope.Thread)
  public static class Length {
    @Param({"10", "50"})
    public int length;
  }

  @Benchmark
  public AlsModel.Folded foldIn(Length h) {
    return model.fold(history, weights, h.length);
  }

  /**
   * 4,096 histories of 10 items drawn over the whole catalogue, one after another, so that their
   * factor rows are mostly out of the cache, as they are when serving a million users.
   */
  @State(Scope.Thread)
  public static class Scattered {
    final int[][] histories = new int[4096][10];
    final float[][] weights = new float[4096][10];
    int next;

    @Setup(Level.Trial)
    public void draw() {
      SplittableRandom r = new SplittableRandom(13);
      for (int u = 0; u < histories.length; u++) {
        for (int q = 0; q < 10; q++) {
          histories[u][q] = r.nextInt(ITEMS);
          weights[u][q] = 1 + r.nextInt(4);
        }
      }
    }
  }

  @Benchmark
  public AlsModel.Folded foldInScattered(Scattered s) {
    int u = s.next++ & 4095;
    return model.fold(s.histories[u], s.weights[u], 10);
  }

  @Benchmark
  public double reasons() {
    double sum = 0;
    for (int j = 0; j < 10; j++) {
      for (double share : folded.shares(j, 0)) {
        sum += share;
      }
    }
    return sum;
  }

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(args.length > 0 ? args : new String[] {"HotPathsBenchmark"});
  }
}
