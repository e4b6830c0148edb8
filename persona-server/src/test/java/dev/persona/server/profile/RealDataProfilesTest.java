package dev.persona.server.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.data.SharedData;
import dev.persona.data.importer.ImportOptions;
import dev.persona.data.importer.Importers;
import dev.persona.profile.Profile;
import dev.persona.profile.segment.Rule;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.ingest.EventStats;
import dev.persona.server.ingest.IngestPipeline;
import dev.persona.server.ingest.LocalImportSink;
import dev.persona.store.rocks.RocksStore;
import dev.persona.store.rocks.StoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles of the real data sets in {@code ../shared/data}, checked against what the raw files say
 * (skipped when the data is absent).
 */
class RealDataProfilesTest {
  @TempDir Path dir;

  ProfileService load(RocksStore store, String format, Path input) {
    PersonaConfig config = PersonaConfig.defaults();
    IngestPipeline pipeline =
        new IngestPipeline(
            store.events(),
            config.eventPolicy(),
            100_000,
            new SimpleMeterRegistry(),
            System::currentTimeMillis);
    Importers.run(
        format,
        List.of(input),
        new LocalImportSink(pipeline, store),
        ImportOptions.defaults().withPolicy(config.eventPolicy()));
    AtomicLong last = new AtomicLong();
    store.events().replay(0, e -> last.accumulateAndGet(e.event().timestamp(), Math::max));
    long now = last.get() + 60_000;
    ProfileService service =
        new ProfileService(
            ProfileOptions.defaults(),
            new EventStats(),
            new SimpleMeterRegistry(),
            () -> now,
            List.of());
    service.open(
        store,
        new ProfileService.Progress() {
          @Override
          public void toReplay(long events) {}

          @Override
          public void replayedOne() {}
        });
    return service;
  }

  @Test
  void movieLensProfilesAgreeWithTheRawFiles() throws Exception {
    Path ml = SharedData.dataSet("movielens-100k");
    Map<String, Integer> ratings = new HashMap<>();
    for (String line : Files.readAllLines(ml.resolve("u.data"))) {
      ratings.merge(line.split("\t")[0], 1, Integer::sum);
    }
    long students = 0;
    for (String line : Files.readAllLines(ml.resolve("u.user"), StandardCharsets.ISO_8859_1)) {
      students += line.split("\\|")[3].equals("student") ? 1 : 0;
    }
    long heavy = ratings.values().stream().filter(n -> n >= 200).count();
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      ProfileService service = load(store, "movielens-100k", ml);

      assertThat(service.book().size()).isEqualTo(943);
      for (var e : ratings.entrySet()) {
        Profile p = service.book().get(e.getKey());
        assertThat(p.count("rate")).as("user " + e.getKey()).isEqualTo((long) e.getValue());
      }
      assertThat(service.audience(Rule.parse("occupation = \"student\""), null, 0).count())
          .isEqualTo(students);
      assertThat(service.audience(Rule.parse("count.rate >= 200"), null, 0).count())
          .isEqualTo(heavy);
      // every user rated some genre above their own mean
      assertThat(service.audience(Rule.parse("interest.category.top = \"Drama\""), null, 0).count())
          .isPositive();
      assertThat(
              service
                  .audience(
                      Rule.parse(
                          "not ageBand in [\"under 18\", \"18-24\", \"25-34\","
                              + " \"35-44\", \"45-54\", \"55-64\", \"65+\"]"),
                      null,
                      0)
                  .count())
          .as("every user has an age")
          .isZero();
    }
  }

  @Test
  void rees46ProfilesAgreeWithTheRawFile() throws Exception {
    Path file =
        SharedData.dataSet("ecommerce-rees46-2019oct-head")
            .resolve("2019-Oct_head17434_crlf_lastline-partial.csv");
    Set<String> users = new HashSet<>();
    Set<String> buyers = new HashSet<>();
    List<String> lines = Files.readAllLines(file);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length != 9) {
        continue; // the cut last line
      }
      users.add(f[7]);
      if (f[1].equals("purchase")) {
        buyers.add(f[7]);
      }
    }
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      ProfileService service = load(store, "rees46", file);

      assertThat(service.book().size()).isEqualTo(users.size()).isEqualTo(4504);
      assertThat(service.audience(Rule.parse("consumption.orders >= 1"), null, 0).count())
          .isEqualTo(buyers.size());
      assertThat(service.audience(Rule.parse("rfm.frequency >= 1"), null, 0).count())
          .as("every buyer has RFM scores")
          .isEqualTo(buyers.size());
      assertThat(service.audience(Rule.parse("lifecycle = \"new\""), null, 0).count())
          .as("three hours of data: everyone is new")
          .isEqualTo(users.size());
    }
  }
}
