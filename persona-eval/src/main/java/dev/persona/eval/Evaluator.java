package dev.persona.eval;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Scores algorithms on a split: for each evaluated user, the algorithm ranks the whole catalogue
 * less the user's history and the first {@code max(k)} items are compared with the hidden relevant
 * ones (no sampled negatives). Users are scored in parallel when the model allows it; results do
 * not depend on the thread count.
 */
public final class Evaluator {
  /**
   * @param ks the cutoffs, such as 5, 10, 20
   * @param maxUsers score a seeded sample of this many users (reported as a sample); 0 for all
   * @param seed the sample's seed
   * @param threads ranking threads; 0 for one per core
   */
  public record Options(List<Integer> ks, int maxUsers, long seed, int threads) {
    public Options {
      ks = List.copyOf(ks);
      if (ks.isEmpty()) {
        throw new IllegalArgumentException("k: give at least one cutoff");
      }
      for (int k : ks) {
        if (k < 1 || k > 1000) {
          throw new IllegalArgumentException("k: every cutoff must be in 1..1000, got " + k);
        }
      }
      if (maxUsers < 0) {
        throw new IllegalArgumentException("max-users must be >= 0, got " + maxUsers);
      }
    }

    public int maxK() {
      return Collections.max(ks);
    }

    public static Options defaults() {
      return new Options(List.of(5, 10, 20), 0, 1, 0);
    }
  }

  /**
   * One algorithm's scores on one split.
   *
   * @param metrics per {@code name@k}: mean and interval over users
   * @param coverage per k: the share of the catalogue shown to someone
   * @param users users scored
   * @param sampledFrom users there were to score (more than {@code users} when sampled)
   * @param trainSeconds time to learn
   * @param rankMillis mean time to rank for one user
   * @param heapMegabytes heap in use after fitting and a garbage collection (the whole JVM)
   */
  public record Result(
      String dataset,
      String protocol,
      String algorithm,
      Map<String, Object> settings,
      Map<String, Stat> metrics,
      Map<Integer, Double> coverage,
      int users,
      int sampledFrom,
      double trainSeconds,
      double rankMillis,
      long heapMegabytes) {

    /** The mean of {@code name@k}, NaN when absent. */
    public double mean(String name, int k) {
      Stat s = metrics.get(name + "@" + k);
      return s == null ? Double.NaN : s.mean();
    }
  }

  private Evaluator() {}

  /** Fits {@code algorithm} on {@code split} and scores it. */
  public static Result evaluate(DataSet data, Split split, Algorithm algorithm, Options o) {
    long t0 = System.nanoTime();
    try (Algorithm.Model model = algorithm.fit(split)) {
      double wall = (System.nanoTime() - t0) / 1e9;
      double train = Double.isNaN(model.trainingSeconds()) ? wall : model.trainingSeconds();
      long heap = heapAfterGc();
      return score(data, split, algorithm, model, train, heap, o);
    }
  }

  /** Scores a fitted model. */
  static Result score(
      DataSet data,
      Split split,
      Algorithm algorithm,
      Algorithm.Model model,
      double trainSeconds,
      long heap,
      Options o) {
    // the test map's order is not stable from one JVM to the next: sort before sampling
    List<String> everyone = new ArrayList<>(new java.util.TreeSet<>(split.test().keySet()));
    int cap = o.maxUsers();
    if (algorithm.sampleUsers() > 0 && (cap == 0 || algorithm.sampleUsers() < cap)) {
      cap = algorithm.sampleUsers();
    }
    List<String> users = sample(everyone, cap, o.seed());
    long t0 = System.nanoTime();
    List<String>[] lists = rankAll(split, model, users, o.maxK(), o.threads());
    double rankMillis = users.isEmpty() ? 0 : (System.nanoTime() - t0) / 1e6 / users.size();
    Beyond beyond = new Beyond(split.train());
    Map<String, Stat> metrics = new LinkedHashMap<>();
    for (int k : o.ks()) {
      for (String m : Metrics.ACCURACY) {
        metrics.put(m + "@" + k, new Stat());
      }
      for (String m : Beyond.NAMES) {
        metrics.put(m + "@" + k, new Stat());
      }
    }
    for (int u = 0; u < users.size(); u++) {
      List<String> list = lists[u];
      Set<String> relevant = new HashSet<>(split.test().get(users.get(u)));
      boolean[] hits = new boolean[list.size()];
      for (int r = 0; r < hits.length; r++) {
        hits[r] = relevant.contains(list.get(r));
      }
      for (int k : o.ks()) {
        double[] a = Metrics.accuracy(hits, relevant.size(), k);
        for (int m = 0; m < a.length; m++) {
          metrics.get(Metrics.ACCURACY.get(m) + "@" + k).add(a[m]);
        }
        double[] b = beyond.of(list, k);
        for (int m = 0; m < b.length; m++) {
          metrics.get(Beyond.NAMES.get(m) + "@" + k).add(b[m]);
        }
      }
    }
    Map<Integer, Double> coverage = new LinkedHashMap<>();
    for (int k : o.ks()) {
      coverage.put(k, Beyond.coverage(List.of(lists), k, split.catalogue().size()));
    }
    return new Result(
        data.name(),
        split.name(),
        algorithm.name(),
        algorithm.settings(),
        metrics,
        coverage,
        users.size(),
        everyone.size(),
        trainSeconds,
        rankMillis,
        heap);
  }

  @SuppressWarnings("unchecked")
  private static List<String>[] rankAll(
      Split split, Algorithm.Model model, List<String> users, int k, int threads) {
    List<String>[] out = new List[users.size()];
    Runnable work =
        () ->
            IntStream.range(0, users.size())
                .parallel()
                .forEach(u -> out[u] = rankOne(split, model, users.get(u), k));
    if (!model.concurrent() || threads == 1) {
      for (int u = 0; u < users.size(); u++) {
        out[u] = rankOne(split, model, users.get(u), k);
      }
    } else {
      int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      ForkJoinPool pool = new ForkJoinPool(n);
      try {
        pool.submit(work).join();
      } finally {
        pool.shutdown();
      }
    }
    return out;
  }

  private static List<String> rankOne(Split split, Algorithm.Model model, String user, int k) {
    List<Interaction> history = split.history().getOrDefault(user, List.of());
    Set<String> exclude = new HashSet<>();
    for (Interaction i : history) {
      exclude.add(i.item());
    }
    exclude.addAll(split.masked().getOrDefault(user, Set.of()));
    List<String> list = model.rank(user, history, exclude, k);
    if (list.size() > k) {
      throw new IllegalStateException(
          "algorithm returned " + list.size() + " items for k = " + k + " (user " + user + ")");
    }
    Set<String> distinct = new HashSet<>(list);
    if (distinct.size() != list.size()) {
      throw new IllegalStateException("algorithm returned an item twice for user " + user);
    }
    for (String item : list) {
      if (exclude.contains(item)) {
        throw new IllegalStateException(
            "algorithm returned item " + item + " from user " + user + "'s history (or mask)");
      }
    }
    return list;
  }

  /** Heap in use after asking for a collection, in MB. */
  static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  /** A seeded sample of {@code n} of {@code items}; all of them when {@code n} is 0 or more. */
  static <T> List<T> sample(List<T> items, int n, long seed) {
    if (n <= 0 || items.size() <= n) {
      return items;
    }
    List<T> copy = new ArrayList<>(items);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = copy.size() - 1; i > 0; i--) {
      Collections.swap(copy, i, r.nextInt(i + 1));
    }
    return copy.subList(0, n);
  }
}
