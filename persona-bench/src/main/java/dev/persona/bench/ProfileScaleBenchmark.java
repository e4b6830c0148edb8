package dev.persona.bench;

import dev.persona.data.synth.Shop;
import dev.persona.data.synth.ShopConfig;
import dev.persona.profile.Profile;
import dev.persona.profile.ProfileCodec;
import dev.persona.profile.segment.Rule;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.ingest.EventStats;
import dev.persona.server.ingest.IngestPipeline;
import dev.persona.server.ingest.LocalImportSink;
import dev.persona.server.profile.ProfileOptions;
import dev.persona.server.profile.ProfileService;
import dev.persona.store.rocks.RocksStore;
import dev.persona.store.rocks.StoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Profiles at scale, through the server's own start-up path: a generated shop (default 1,000,000
 * users, 100,000 items, 10,000,000 events, ending now) is loaded into a fresh store; then {@link
 * ProfileService#open} builds every profile by replaying the log (events/s), the heap they hold is
 * measured after a full GC, a snapshot writes them all (time, bytes in the store after compaction,
 * mean encoded bytes), a second open loads the snapshot instead (time), and ad-hoc audience queries
 * run over every profile (median of 5 runs per rule).
 *
 * <p>Run: {@code BENCH_JAVA_OPTS=-Xmx10g persona-bench/run ProfileScaleBenchmark [users items
 * events]}.
 */
public final class ProfileScaleBenchmark {
  static final List<String> RULES =
      List.of(
          "age >= 25 and interest.category[\"electronics\"] > 0.2",
          "rfm.recency >= 4 and rfm.frequency >= 4",
          "lifecycle in [\"dormant\", \"churned\"] and consumption.orders >= 1",
          "risk.flagged",
          "count.view.7d >= 5 and consumption.level = \"high\"");

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int items = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    long events = args.length > 2 ? Long.parseLong(args[2]) : 10_000_000;
    System.out.printf(
        Locale.ROOT,
        "# ProfileScaleBenchmark: %,d users, %,d items, %,d events; %d cores, %s %s, max heap %d MiB%n",
        users,
        items,
        events,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    Path dir = Files.createTempDirectory("persona-profiles");
    try {
      long t0 = System.nanoTime();
      Instant start = Instant.now().minusSeconds(30L * 86_400);
      ShopConfig shop = ShopConfig.of(users, items, events, 7).withStart(start);
      try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
        IngestPipeline pipeline =
            new IngestPipeline(
                store.events(),
                PersonaConfig.defaults().eventPolicy(),
                100_000,
                new SimpleMeterRegistry(),
                System::currentTimeMillis);
        Shop.generate(shop).loadInto(new LocalImportSink(pipeline, store), 5_000);
      }
      System.out.printf(
          Locale.ROOT, "generated and stored the shop in %.1f s%n", (System.nanoTime() - t0) / 1e9);

      try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
        long before = usedAfterGc();
        ProfileService service = service();
        long t1 = System.nanoTime();
        service.open(store, noProgress());
        double openSeconds = (System.nanoTime() - t1) / 1e9;
        long held = usedAfterGc() - before;
        int n = service.book().size();
        System.out.printf(
            Locale.ROOT,
            "rebuild from the log: %,d events into %,d profiles in %.1f s = %,.0f events/s"
                + " (catalogue, users and statistics included)%n",
            store.events().count(),
            n,
            openSeconds,
            store.events().count() / openSeconds);
        System.out.printf(
            Locale.ROOT,
            "heap held by profiles and catalogue: %,.0f MB = %,.0f bytes per profile%n",
            held / 1e6,
            held / (double) n);

        long encoded = 0;
        for (Profile p : service.book().profiles()) {
          encoded += ProfileCodec.encode(p).length;
        }
        long t2 = System.nanoTime();
        int written = service.snapshot();
        double snapSeconds = (System.nanoTime() - t2) / 1e9;
        store.flush();
        store.compact();
        long onDisk = store.tableBytes("profiles");
        System.out.printf(
            Locale.ROOT,
            "snapshot of %,d profiles in %.1f s; encoded %,.0f bytes per profile; in the store"
                + " %,.0f MB = %,.0f bytes per profile (LZ4, compacted)%n",
            written,
            snapSeconds,
            encoded / (double) n,
            onDisk / 1e6,
            onDisk / (double) n);

        for (String text : RULES) {
          Rule rule = Rule.parse(text);
          double[] ms = new double[5];
          long count = 0;
          for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            count = service.audience(rule, null, 100).count();
            ms[i] = (System.nanoTime() - t) / 1e6;
          }
          Arrays.sort(ms);
          System.out.printf(
              Locale.ROOT,
              "audience over %,d profiles: median %.0f ms (min %.0f, max %.0f), %,d users: %s%n",
              n,
              ms[2],
              ms[0],
              ms[4],
              count,
              text);
        }
        service.close();
      }

      try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
        ProfileService service = service();
        long t3 = System.nanoTime();
        service.open(store, noProgress());
        System.out.printf(
            Locale.ROOT,
            "restart from the snapshot: %,d profiles ready in %.1f s (no events to replay)%n",
            service.book().size(),
            (System.nanoTime() - t3) / 1e9);
      }
    } finally {
      delete(dir);
    }
  }

  static ProfileService service() {
    return new ProfileService(
        ProfileOptions.defaults(),
        new EventStats(),
        new SimpleMeterRegistry(),
        System::currentTimeMillis,
        List.of());
  }

  static ProfileService.Progress noProgress() {
    return new ProfileService.Progress() {
      @Override
      public void toReplay(long events) {}

      @Override
      public void replayedOne() {}
    };
  }

  static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static void delete(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
