package dev.persona.bench;

import dev.persona.core.index.IdIndex;
import dev.persona.core.model.Event;
import dev.persona.core.store.StoredEvent;
import dev.persona.recommend.RecommendConfig;
import dev.persona.recommend.online.OnlineModel;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The online model's two reads that the user-knn and item-knn sources make for each list, alone and
 * on one thread, on a model fed {@code users} users of 10 views each over 100,000 items drawn by
 * one global Zipf popularity (exponent 0.9; seeded; not {@link RecommendLatencyBenchmark}'s draw
 * from each user's two favourite categories, so overlaps are shaped differently):
 *
 * <ul>
 *   <li>{@code similarUsers}: the 100 users most similar to a random user, through their 10 items
 *       ({@link OnlineModel#similar(String, int[], int)}, what {@code user-knn} asks);
 *   <li>{@code itemNeighbours}: the 50 neighbours of each of a random user's 10 items ({@link
 *       OnlineModel#neighbours}, what {@code item-knn} asks; the lists are cached once computed,
 *       and the warm-up computes most of them).
 * </ul>
 *
 * <p>Run: {@code persona-bench/run OnlineSearchBenchmark} (1 fork with 8 GB and transparent huge
 * pages, a Linux flag; 3 warm-up and 5 measured iterations of 2 s, average time per call); add
 * {@code -e itemNeighbours} for the search alone, {@code -prof gc} for the bytes each call
 * allocates, {@code -p users=1000000} for the scale (a minute to feed). One thread, so it
 * shows what a change costs or saves per call with less of the scatter that two cores serving 32
 * clients add, not the latency a client sees.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx8g", "-XX:+UseTransparentHugePages"})
public class OnlineSearchBenchmark {
  static final int ITEMS = 100_000;
  static final int EVENTS_PER_USER = 10;

  @Param({"200000"})
  public int users;

  private OnlineModel model;
  private String[] ids;
  private int[][] anchors;

  @Setup(Level.Trial)
  public void feed() {
    model = new OnlineModel(RecommendConfig.defaults(), new IdIndex());
    SplittableRandom r = new SplittableRandom(9);
    double[] cdf = new double[ITEMS];
    double total = 0;
    for (int i = 0; i < ITEMS; i++) {
      total += 1 / Math.pow(i + 1, 0.9);
      cdf[i] = total;
    }
    String[] items = new String[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      items[i] = "i" + i;
    }
    int[][] drawn = new int[users][EVENTS_PER_USER];
    for (int[] h : drawn) {
      for (int e = 0; e < EVENTS_PER_USER; e++) {
        int at = java.util.Arrays.binarySearch(cdf, r.nextDouble() * total);
        h[e] = Math.min(ITEMS - 1, at < 0 ? -at - 1 : at);
      }
    }
    ids = new String[users];
    for (int u = 0; u < users; u++) {
      ids[u] = "u" + u;
    }
    long t = 0;
    // round by round, so that each item's latest users are spread over the whole population
    for (int e = 0; e < EVENTS_PER_USER; e++) {
      for (int u = 0; u < users; u++) {
        Event ev =
            new Event(
                "e" + t,
                "view",
                ids[u],
                items[drawn[u][e]],
                1_000L * t,
                null,
                null,
                null,
                null,
                Map.of(),
                Map.of());
        model.observe(new StoredEvent(t, t, ev), List.of());
        t++;
      }
    }
    anchors = new int[users][EVENTS_PER_USER];
    for (int u = 0; u < users; u++) {
      for (int e = 0; e < EVENTS_PER_USER; e++) {
        anchors[u][e] = model.items().toIndex(items[drawn[u][e]]);
      }
    }
  }

  @State(Scope.Thread)
  public static class Pick {
    private final SplittableRandom r = new SplittableRandom(13);

    int next(int users) {
      return r.nextInt(users);
    }
  }

  @Benchmark
  public OnlineModel.Similar similarUsers(Pick pick) {
    int u = pick.next(users);
    return model.similar(ids[u], anchors[u], 100);
  }

  @Benchmark
  public void itemNeighbours(Pick pick, Blackhole bh) {
    for (int item : anchors[pick.next(users)]) {
      bh.consume(model.neighbours(item, 50));
    }
  }

  /** JMH's options after the class (such as {@code -prof gc}); this class's benchmarks only. */
  public static void main(String[] args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = OnlineSearchBenchmark.class.getSimpleName();
    System.arraycopy(args, 0, all, 1, args.length);
    org.openjdk.jmh.Main.main(all);
  }
}
