package dev.persona.data.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.AppendResult;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import dev.persona.data.ImportSink;
import dev.persona.data.MemorySink;
import dev.persona.data.SinkException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportersTest {

  @Test
  void format_names_are_the_documented_ones_and_an_unknown_name_lists_them() {
    assertThat(Format.names())
        .containsExactly("jsonl", "movielens-100k", "movielens-latest", "rees46", "lastfm-hetrec");
    assertThat(Format.byName("MovieLens-100K")).isEqualTo(Format.MOVIELENS_100K);
    assertThatThrownBy(() -> Format.byName("csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown import format 'csv'; known formats: jsonl, movielens-100k, movielens-latest,"
                + " rees46, lastfm-hetrec");
  }

  @Test
  void unusable_paths_fail_before_anything_is_sent(@TempDir Path dir) throws Exception {
    MemorySink sink = new MemorySink();
    Path stray = Files.writeString(dir.resolve("ratings.txt"), "1\t2\t3\t4\n");

    assertThatThrownBy(() -> Importers.run(Format.JSONL, List.of(), sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no input files");
    assertThatThrownBy(() -> Importers.run(Format.REES46, List.of(dir.resolve("nope.csv")), sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> Importers.run(Format.MOVIELENS_100K, List.of(stray), sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot tell what")
        .hasMessageContaining("ratings.txt");
    assertThatThrownBy(() -> Importers.run(Format.MOVIELENS_LATEST, List.of(dir), sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no movielens-latest files found");
    assertThat(sink.calls).isEmpty();
  }

  @Test
  void batches_respect_the_size_and_items_and_users_go_before_events() {
    MemorySink sink = new MemorySink();

    Importers.run(
        Format.MOVIELENS_100K,
        List.of(Fixtures.path("ml100k")),
        sink,
        ImportOptions.defaults().withBatchSize(2));

    assertThat(sink.calls)
        .containsExactly(
            "items:2", "items:2", "users:2", "users:1", "events:2", "events:2", "events:1");
  }

  @Test
  void rees46_items_are_sent_before_the_batch_of_events_that_names_them() {
    List<String> known = new ArrayList<>();
    ImportSink strict =
        new ImportSink() {
          @Override
          public AppendResult events(List<Event> events) {
            for (Event e : events) {
              assertThat(known).contains(e.itemId());
            }
            return new AppendResult(events.size(), 0, -1);
          }

          @Override
          public void items(List<Item> items) {
            items.forEach(i -> known.add(i.id()));
          }

          @Override
          public void users(List<User> users) {}
        };

    ImportReport report =
        Importers.run(
            Format.REES46,
            List.of(Fixtures.path("rees46/events.csv")),
            strict,
            ImportOptions.defaults().withBatchSize(3));

    assertThat(report.eventsAccepted()).isEqualTo(7);
  }

  @Test
  void events_the_sink_refuses_are_rejected_and_the_rest_of_the_batch_is_stored() {
    MemorySink memory = new MemorySink();
    ImportSink refusingItem20 =
        new ImportSink() {
          @Override
          public AppendResult events(List<Event> events) {
            List<Violation> bad = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
              if (events.get(i).itemId().equals("20")) {
                bad.add(Violation.of("itemId", "unknown item").inBatch("events", i));
              }
            }
            if (!bad.isEmpty()) {
              throw new ValidationException(bad);
            }
            return memory.events(events);
          }

          @Override
          public void items(List<Item> items) {}

          @Override
          public void users(List<User> users) {}
        };

    ImportReport report =
        Importers.run(
            Format.MOVIELENS_100K, List.of(Fixtures.path("ml100k/u.data")), refusingItem20);

    assertThat(report.eventsAccepted()).isEqualTo(3);
    assertThat(report.rejected("refused by sink: itemId: unknown item")).isEqualTo(2);
    assertThat(memory.events).extracting(Event::itemId).containsExactly("10", "10", "10");
  }

  @Test
  void a_failing_sink_aborts_the_import_with_its_own_exception() {
    ImportSink down =
        new ImportSink() {
          @Override
          public AppendResult events(List<Event> events) {
            throw new SinkException(503, "not_ready", "replaying", null);
          }

          @Override
          public void items(List<Item> items) {}

          @Override
          public void users(List<User> users) {}
        };

    assertThatThrownBy(
            () -> Importers.run(Format.MOVIELENS_100K, List.of(Fixtures.path("ml100k")), down))
        .isInstanceOf(SinkException.class)
        .hasMessage("replaying");
  }

  @Test
  void progress_ends_at_the_total_size_of_the_files() throws Exception {
    List<long[]> calls = new ArrayList<>();
    Path dir = Fixtures.path("lastfm");

    Importers.run(
        Format.LASTFM_HETREC,
        List.of(dir),
        new MemorySink(),
        ImportOptions.defaults()
            .withProgress((read, total) -> calls.add(new long[] {read, total})));

    long expected =
        Files.size(dir.resolve("user_artists.dat"))
            + Files.size(dir.resolve("artists.dat"))
            + Files.size(dir.resolve("tags.dat"))
            + Files.size(dir.resolve("user_taggedartists.dat"));
    assertThat(calls).isNotEmpty();
    assertThat(calls.get(calls.size() - 1)).containsExactly(expected, expected);
  }

  @Test
  void the_report_renders_counts_reasons_and_examples() {
    ImportReport report =
        Importers.run(Format.LASTFM_HETREC, List.of(Fixtures.path("lastfm")), new MemorySink());

    assertThat(report.render())
        .contains("Imported lastfm-hetrec from 4 file(s)")
        .containsPattern("events accepted +3")
        .containsPattern("rejected +3")
        .contains("non-numeric weight")
        .contains("e.g. user_artists.dat:4: weight is not a number: 'many'")
        .contains("note: ignored 1 file(s)");
    assertThat(report.toString()).isEqualTo(report.render());
  }
}
