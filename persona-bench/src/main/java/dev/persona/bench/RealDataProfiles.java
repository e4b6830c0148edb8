package dev.persona.bench;

import dev.persona.data.importer.ImportOptions;
import dev.persona.data.importer.Importers;
import dev.persona.profile.Profile;
import dev.persona.profile.ProfileView;
import dev.persona.profile.live.Segments;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.ingest.EventStats;
import dev.persona.server.ingest.IngestPipeline;
import dev.persona.server.ingest.LocalImportSink;
import dev.persona.server.profile.ProfileOptions;
import dev.persona.server.profile.ProfileService;
import dev.persona.store.rocks.RocksStore;
import dev.persona.store.rocks.StoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Real profiles for {@code docs/profiles.md}: imports the REES46 head and MovieLens 100K from
 * {@code ../shared/data} into temporary stores, builds profiles through the server's start-up path,
 * reads them at the moment of each data set's last event, defines example segments, and prints
 * markdown: segment sizes, and a few profiles (the most active users, and one chosen by a seeded
 * draw).
 *
 * <p>Run: {@code persona-bench/run RealDataProfiles [../shared/data]}.
 */
public final class RealDataProfiles {
  record DataSet(String title, String format, String path, Map<String, String> segments) {}

  static final List<DataSet> SETS =
      List.of(
          new DataSet(
              "REES46 (first 17,434 events of October 2019, about three hours)",
              "rees46",
              "ecommerce-rees46-2019oct-head/2019-Oct_head17434_crlf_lastline-partial.csv",
              segments(
                  "smartphone-shoppers", "interest.category[\"electronics/smartphone\"] > 0.5",
                  "cart-abandoners", "count.cart >= 1 and count.purchase = 0",
                  "buyers", "consumption.orders >= 1",
                  "premium-browsers", "consumption.level = \"high\"",
                  "samsung-or-apple", "interest.brand.top in [\"samsung\", \"apple\"]",
                  "returning-in-the-hour", "sessions >= 2",
                  "suspected-bots", "risk.flagged")),
          new DataSet(
              "MovieLens 100K (ratings 1997-1998)",
              "movielens-100k",
              "movielens-100k",
              segments(
                  "young-sci-fi", "age < 25 and interest.category[\"Sci-Fi\"] > 0.15",
                  "women-who-like-drama", "gender = \"F\" and interest.category[\"Drama\"] > 0.25",
                  "heavy-raters", "count.rate >= 200",
                  "students", "occupation = \"student\"",
                  "dislike-horror", "negative.category[\"Horror\"] > 0.2",
                  "dormant", "lifecycle in [\"dormant\", \"churned\"]",
                  "suspected-bots", "risk.flagged")));

  static Map<String, String> segments(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    for (DataSet set : SETS) {
      Path input = data.resolve(set.path());
      if (!Files.exists(input)) {
        System.out.println("(skipped " + set.title() + ": " + input + " is absent)");
        continue;
      }
      Path dir = Files.createTempDirectory("persona-real");
      try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
        PersonaConfig config = PersonaConfig.defaults();
        IngestPipeline pipeline =
            new IngestPipeline(
                store.events(),
                config.eventPolicy(),
                100_000,
                new SimpleMeterRegistry(),
                System::currentTimeMillis);
        Importers.run(
            set.format(),
            List.of(input),
            new LocalImportSink(pipeline, store),
            ImportOptions.defaults().withPolicy(config.eventPolicy()));
        AtomicLong last = new AtomicLong();
        store.events().replay(0, e -> last.accumulateAndGet(e.event().timestamp(), Math::max));
        long now = last.get() + 60_000; // read as of just after the last event
        ProfileService service =
            new ProfileService(
                ProfileOptions.defaults(),
                new EventStats(),
                new SimpleMeterRegistry(),
                () -> now,
                List.of());
        service.open(store, ProfileScaleBenchmark.noProgress());
        service.cluster();
        report(set, service, store.events().count());
      } finally {
        ProfileScaleBenchmark.delete(dir);
      }
    }
  }

  static void report(DataSet set, ProfileService service, long events) {
    System.out.printf(
        Locale.ROOT,
        "%n### %s%n%n%,d events, %,d profiles.%n%n| segment | rule | users |%n| --- | --- | ---: |%n",
        set.title(),
        events,
        service.book().size());
    for (var e : set.segments().entrySet()) {
      Segments.Info info = service.defineSegment(e.getKey(), e.getValue(), null);
      Segments.Definition d = info.definition();
      long size = info.size();
      System.out.printf(Locale.ROOT, "| %s | `%s` | %,d |%n", d.name(), d.rule(), size);
    }
    service
        .segments()
        .members("suspected-bots", null, 5)
        .orElseThrow()
        .users()
        .forEach(
            u ->
                System.out.printf(
                    Locale.ROOT,
                    "%nFlagged: user %s (%d events): %s%n",
                    u,
                    service.book().get(u).events(),
                    service.view(u, 1, false, 1).orElseThrow().risk().flags().stream()
                        .map(f -> f.name() + " (" + f.reason() + ")")
                        .collect(Collectors.joining("; "))));
    List<Profile> busiest =
        service.book().profiles().stream()
            .sorted(
                Comparator.comparingLong(Profile::events).reversed().thenComparing(Profile::userId))
            .limit(2)
            .toList();
    List<Profile> all =
        service.book().profiles().stream()
            .filter(p -> p.events() >= 5)
            .sorted(Comparator.comparing(Profile::userId))
            .toList();
    Profile drawn = all.get(new java.util.Random(7).nextInt(all.size()));
    for (Profile p : List.of(busiest.get(0), busiest.get(1), drawn)) {
      ProfileView v = service.view(p.userId(), 4, true, 1).orElseThrow();
      System.out.printf(
          Locale.ROOT,
          "%n**User %s** (%s): %d events over %d sessions; lifecycle %s; attributes %s.%n%n",
          v.userId(),
          p == drawn ? "drawn at random among users with 5+ events" : "among the most active",
          v.activity().events(),
          v.session().count(),
          v.lifecycle().stage(),
          v.attributes());
      System.out.println("| part | value |\n| --- | --- |");
      for (var dim : v.interests().entrySet()) {
        System.out.printf(
            Locale.ROOT,
            "| interests: %s | %s |%n",
            dim.getKey(),
            dim.getValue().stream()
                .map(i -> String.format(Locale.ROOT, "%s %.0f%%", i.key(), 100 * i.share()))
                .collect(Collectors.joining(", ")));
      }
      for (var dim : v.negative().entrySet()) {
        System.out.printf(
            Locale.ROOT,
            "| negative: %s | %s |%n",
            dim.getKey(),
            dim.getValue().stream()
                .map(i -> String.format(Locale.ROOT, "%s %.0f%%", i.key(), 100 * i.share()))
                .collect(Collectors.joining(", ")));
      }
      System.out.printf(
          Locale.ROOT,
          "| counters | %s |%n",
          v.counters().entrySet().stream()
              .map(c -> c.getKey() + " " + c.getValue().get("all"))
              .collect(Collectors.joining(", ")));
      var c = v.consumption();
      System.out.printf(
          Locale.ROOT,
          "| consumption | spend %.2f, orders %d, level %s%s, RFM %s |%n",
          c.spend(),
          c.orders(),
          c.level() == null ? "none (no priced items)" : c.level(),
          c.priceRatio() == null
              ? ""
              : String.format(Locale.ROOT, " (%.2f x median, %s)", c.priceRatio(), c.levelBasis()),
          c.rfm().segment()
              + (c.rfm().recency() == null
                  ? ""
                  : " (R"
                      + c.rfm().recency()
                      + " F"
                      + c.rfm().frequency()
                      + " M"
                      + c.rfm().monetary()
                      + ")"));
      System.out.printf(
          Locale.ROOT,
          "| segments, cluster | %s; %s |%n",
          v.segments().isEmpty()
              ? "none"
              : v.segments().stream()
                  .map(ProfileView.SegmentRef::name)
                  .collect(Collectors.joining(", ")),
          v.cluster() == null
              ? "none"
              : "cluster " + v.cluster().id() + " (" + v.cluster().label() + ")");
      System.out.printf(
          Locale.ROOT,
          "| risk | %.2f%s |%n",
          v.risk().score(),
          v.risk().flags().isEmpty()
              ? ""
              : " "
                  + v.risk().flags().stream()
                      .map(f -> f.name() + ": " + f.reason())
                      .collect(Collectors.joining("; ")));
      var top = v.interests().values().stream().findFirst();
      if (top.isPresent() && !top.get().isEmpty() && v.evidence() != null) {
        String dim = v.interests().keySet().iterator().next();
        String key = top.get().get(0).key();
        var ev = v.evidence().get(dim).get(key);
        if (ev != null && !ev.isEmpty()) {
          var e = ev.get(0);
          System.out.printf(
              Locale.ROOT,
              "| evidence for %s %s | strongest: %s of %s at %s, still worth %.2f |%n",
              dim,
              key,
              e.type(),
              e.itemId(),
              e.timestamp(),
              e.weight());
        }
      }
    }
  }
}
