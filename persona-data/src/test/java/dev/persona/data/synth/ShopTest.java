package dev.persona.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.json.ModelJson;
import dev.persona.core.json.Wire;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.data.MemorySink;
import dev.persona.data.importer.Format;
import dev.persona.data.importer.ImportReport;
import dev.persona.data.importer.Importers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopTest {
  private static final ShopConfig SMALL = ShopConfig.of(400, 120, 12_000, 5);

  @Test
  void the_same_config_writes_byte_identical_files(@TempDir Path dir) throws IOException {
    Shop.generate(SMALL).writeTo(dir.resolve("a"));
    Shop.generate(SMALL).writeTo(dir.resolve("b"));
    Shop.generate(SMALL.withSeed(6)).writeTo(dir.resolve("c"));

    for (String name :
        List.of("items.jsonl", "users.jsonl", "events.jsonl", "truth.jsonl", "shop.json")) {
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(name)))
          .as(name)
          .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(name)));
    }
    assertThat(Files.readAllBytes(dir.resolve("c").resolve("events.jsonl")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("a").resolve("events.jsonl")));
  }

  @Test
  void files_hold_the_requested_counts_and_events_in_time_order(@TempDir Path dir)
      throws IOException {
    ShopSummary summary = Shop.generate(SMALL).writeTo(dir);

    assertThat(Files.readAllLines(dir.resolve("items.jsonl"))).hasSize(120);
    assertThat(Files.readAllLines(dir.resolve("users.jsonl"))).hasSize(400);
    assertThat(Files.readAllLines(dir.resolve("truth.jsonl"))).hasSize(400);
    List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
    assertThat(lines).hasSize(12_000);
    long previous = Long.MIN_VALUE;
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      Event e = ModelJson.readEvent(Wire.mapper().readTree(line), () -> 0);
      assertThat(e.timestamp()).isGreaterThanOrEqualTo(previous);
      previous = e.timestamp();
      ids.add(e.id());
    }
    assertThat(ids).hasSize(12_000);
    assertThat(summary.events()).isEqualTo(12_000);
    assertThat(summary.eventsByType().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(12_000);
    assertThat(summary.firstEvent()).isAfterOrEqualTo(ShopConfig.DEFAULT_START);
    JsonNode shop = Wire.mapper().readTree(dir.resolve("shop.json").toFile());
    assertThat(shop.path("counts").path("events").asLong()).isEqualTo(12_000);
    assertThat(shop.path("config").path("seed").asLong()).isEqualTo(5);
    assertThat(summary.render()).contains("12,000 events");
  }

  @Test
  void the_jsonl_importer_reads_a_written_shop_without_rejections(@TempDir Path dir)
      throws IOException {
    Shop.generate(SMALL).writeTo(dir);
    MemorySink sink = new MemorySink();

    ImportReport report = Importers.run(Format.JSONL, List.of(dir), sink);

    assertThat(report.rejected()).isZero();
    assertThat(report.items()).isEqualTo(120);
    assertThat(report.users()).isEqualTo(400);
    assertThat(report.eventsAccepted()).isEqualTo(12_000);
    assertThat(report.files()).hasSize(3);
  }

  @Test
  void written_lines_are_exactly_what_ModelJson_writes(@TempDir Path dir) throws IOException {
    Shop shop = Shop.generate(SMALL);
    shop.writeTo(dir);
    List<Event> events = new ArrayList<>();
    shop.forEachEvent(events::add);
    List<User> users = new ArrayList<>();
    shop.forEachUser(users::add);

    List<String> eventLines = Files.readAllLines(dir.resolve("events.jsonl"));
    List<String> itemLines = Files.readAllLines(dir.resolve("items.jsonl"));
    List<String> userLines = Files.readAllLines(dir.resolve("users.jsonl"));
    for (int i = 0; i < 500; i++) {
      assertThat(eventLines.get(i))
          .isEqualTo(Wire.mapper().writeValueAsString(ModelJson.writeEvent(events.get(i))));
    }
    List<Item> items = shop.items();
    for (int j = 0; j < items.size(); j++) {
      assertThat(itemLines.get(j))
          .isEqualTo(Wire.mapper().writeValueAsString(ModelJson.writeItem(items.get(j))));
    }
    assertThat(userLines.get(7))
        .isEqualTo(Wire.mapper().writeValueAsString(ModelJson.writeUser(users.get(7))));
  }

  @Test
  void loading_into_a_sink_sends_everything_in_batches() {
    MemorySink sink = new MemorySink();

    Shop.LoadResult result = Shop.generate(SMALL).loadInto(sink, 1_000);

    assertThat(result).isEqualTo(new Shop.LoadResult(120, 400, 12_000, 0));
    assertThat(sink.calls).startsWith("items:120", "users:400", "events:1000");
    assertThat(sink.calls).hasSize(2 + 12);
  }

  @Test
  void the_event_total_is_exact_even_with_more_users_than_events() {
    for (long total : new long[] {0, 1, 7, 999}) {
      long[] count = {0};
      Shop.generate(ShopConfig.of(1_000, 10, total, 1)).forEachEvent(e -> count[0]++);
      assertThat(count[0]).isEqualTo(total);
    }
  }

  @Test
  void bots_make_up_the_configured_share_and_behave_like_machines() {
    ShopConfig config = ShopConfig.of(2_000, 300, 40_000, 11).withBotShare(0.02);
    Shop shop = Shop.generate(config);
    Map<String, UserTruth> truth = new HashMap<>();
    shop.forEachTruth(t -> truth.put(t.userId(), t));
    Map<String, List<Event>> bySession = new HashMap<>();
    shop.forEachEvent(
        e -> {
          if (truth.get(e.userId()).bot()) {
            bySession.computeIfAbsent(e.sessionId(), k -> new ArrayList<>()).add(e);
          }
        });

    List<UserTruth> bots = truth.values().stream().filter(UserTruth::bot).toList();
    assertThat(bots).hasSize(40);
    assertThat(bots).extracting(UserTruth::botKind).contains("crawler", "buyer");
    Map<String, List<long[]>> intervals = new HashMap<>();
    for (List<Event> session : bySession.values()) {
      for (int i = 2; i < session.size(); i++) {
        long gap = session.get(i).timestamp() - session.get(i - 1).timestamp();
        long first = session.get(1).timestamp() - session.get(0).timestamp();
        assertThat(Math.abs(gap - first)).as("machine-regular gaps").isLessThanOrEqualTo(4);
      }
      intervals
          .computeIfAbsent(session.get(0).userId(), k -> new ArrayList<>())
          .add(
              new long[] {session.get(0).timestamp(), session.get(session.size() - 1).timestamp()});
    }
    // Every bot with several sessions runs some of them at the same time.
    for (Map.Entry<String, List<long[]>> entry : intervals.entrySet()) {
      List<long[]> list = entry.getValue();
      if (list.size() > 1) {
        list.sort((a, b) -> Long.compare(a[0], b[0]));
        boolean overlap = false;
        long maxEnd = list.get(0)[1];
        for (int i = 1; i < list.size(); i++) {
          overlap |= list.get(i)[0] < maxEnd;
          maxEnd = Math.max(maxEnd, list.get(i)[1]);
        }
        assertThat(overlap).as("parallel sessions of " + entry.getKey()).isTrue();
      }
    }
    double humanMean =
        truth.values().stream()
            .filter(t -> !t.bot())
            .mapToLong(UserTruth::events)
            .average()
            .orElse(0);
    double botMean = bots.stream().mapToLong(UserTruth::events).average().orElse(0);
    assertThat(botMean).isGreaterThan(5 * humanMean);
  }

  @Test
  void config_values_out_of_range_are_refused() {
    assertThatThrownBy(() -> ShopConfig.of(0, 1, 1, 1)).hasMessageContaining("users");
    assertThatThrownBy(() -> ShopConfig.of(1, 0, 1, 1)).hasMessageContaining("items");
    assertThatThrownBy(() -> ShopConfig.of(1, 1, -1, 1)).hasMessageContaining("events");
    assertThatThrownBy(() -> ShopConfig.demo().withDays(400)).hasMessageContaining("days");
    assertThatThrownBy(() -> ShopConfig.demo().withBotShare(0.5)).hasMessageContaining("botShare");
    assertThatThrownBy(() -> Shop.generate(SMALL).truth("x9")).hasMessageContaining("no user");
  }
}
