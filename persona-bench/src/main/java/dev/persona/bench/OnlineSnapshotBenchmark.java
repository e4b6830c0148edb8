package dev.persona.bench;

import dev.persona.core.index.IdIndex;
import dev.persona.recommend.RecommendConfig;
import dev.persona.recommend.online.OnlineModel;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What the online model's snapshot saves at start-up: the model is fed the latency benchmark's log
 * ({@link RecommendLatencyBenchmark#syntheticLog}; default 1,000,000 users with 10 events each over
 * 100,000 items in 200 categories, most from two favourite categories, Zipf popularity within
 * each), which is what a start without a snapshot does after reading the log; then the snapshot is
 * written to a file and read back into a new model {@code rounds} times (median taken), and the
 * read model is checked against the fed one on 2,000 users and 2,000 items (a difference aborts the
 * run). The log's own read from RocksDB, which a start without a snapshot adds, is not in these
 * figures.
 *
 * <p>Run: {@code BENCH_JAVA_OPTS=-Xmx16g persona-bench/run OnlineSnapshotBenchmark [users items
 * rounds [dir]]}.
 */
public final class OnlineSnapshotBenchmark {
  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int items = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Path.of(args.length > 3 ? args[3] : System.getProperty("java.io.tmpdir"));
    int perUser = 10;
    int categories = 200;
    RecommendConfig config = RecommendConfig.defaults();
    OnlineModel model = new OnlineModel(config, new IdIndex());
    long t0 = System.nanoTime();
    long seq =
        RecommendLatencyBenchmark.syntheticLog(
            users,
            perUser,
            categories,
            items,
            System.currentTimeMillis(),
            e -> model.observe(e, List.of()));
    double fed = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "# OnlineSnapshotBenchmark: %,d users, %,d items, %,d events; %d cores, %s %s, max heap %d"
            + " MiB%n",
        users,
        items,
        seq,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    Path file = Files.createTempFile(dir, "online-model", ".snapshot");
    double[] writes = new double[rounds];
    double[] reads = new double[rounds];
    try {
      OnlineModel read = null;
      for (int round = 0; round < rounds; round++) {
        read = null; // the previous copy can go before the next is read
        long w0 = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(file)) {
          model.writeSnapshot(out);
        }
        writes[round] = (System.nanoTime() - w0) / 1e9;
        read = new OnlineModel(config, new IdIndex());
        long r0 = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
          read.readSnapshot(in, seq, Files.size(file));
        }
        reads[round] = (System.nanoTime() - r0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "round %d: written in %.1f s, read in %.1f s%n",
            round + 1,
            writes[round],
            reads[round]);
      }
      check(model, read, users, items);
      long size = Files.size(file);
      Arrays.sort(writes);
      Arrays.sort(reads);
      System.out.println();
      System.out.println("| what | median of " + rounds + " |");
      System.out.println("| --- | ---: |");
      System.out.printf(
          Locale.ROOT, "| feeding the %,d events (the rebuild) | %.1f s |%n", seq, fed);
      System.out.printf(Locale.ROOT, "| writing the snapshot | %.1f s |%n", writes[rounds / 2]);
      System.out.printf(
          Locale.ROOT,
          "| snapshot size | %,d MiB (%,d bytes per user) |%n",
          size >> 20,
          size / users);
      System.out.printf(
          Locale.ROOT, "| reading it into a new model | %.1f s |%n", reads[rounds / 2]);
      System.out.printf(Locale.ROOT, "| rebuild / read | %.1fx |%n", fed / reads[rounds / 2]);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The read model answers as the fed one for a sample of users and items, or the run aborts. */
  static void check(OnlineModel fed, OnlineModel read, int users, int items) {
    SplittableRandom r = new SplittableRandom(7);
    for (int s = 0; s < 2_000; s++) {
      String user = "u" + r.nextInt(users);
      if (!Arrays.equals(fed.user(user).recent(), read.user(user).recent())
          || !fed.similarUsers(user, 20).equals(read.similarUsers(user, 20))) {
        throw new IllegalStateException("the read model differs for user " + user);
      }
      int item = r.nextInt(fed.items().size());
      OnlineModel.Neighbours a = fed.neighbours(item, 50);
      OnlineModel.Neighbours b = read.neighbours(item, 50);
      if (!Arrays.equals(a.items(), b.items())
          || !Arrays.equals(a.scores(), b.scores())
          || !fed.latestUsers(item, 32).equals(read.latestUsers(item, 32))) {
        throw new IllegalStateException("the read model differs for item " + item);
      }
    }
    System.out.println("the read model answered as the fed one for 2,000 users and 2,000 items");
  }
}
