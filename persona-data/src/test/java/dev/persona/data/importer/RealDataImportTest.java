package dev.persona.data.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.data.MemorySink;
import dev.persona.data.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Imports the real samples of {@code shared/data}; skipped when they are absent. */
class RealDataImportTest {

  @Test
  void movieLens100k_directory_gives_every_rating_item_and_user() {
    Path dir = SharedData.dataSet("movielens-100k");
    MemorySink sink = new MemorySink();

    ImportReport report = Importers.run(Format.MOVIELENS_100K, List.of(dir), sink);

    assertThat(report.eventsAccepted()).isEqualTo(100_000);
    assertThat(report.items()).isEqualTo(1_682);
    assertThat(report.users()).isEqualTo(943);
    assertThat(report.rejected()).isZero();
    assertThat(report.linesRead()).isEqualTo(100_000 + 1_682 + 943 + 20);
    assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("ignored 18 file(s)"));
    assertThat(sink.events).allSatisfy(e -> assertThat(e.type()).isEqualTo("rate"));
    assertThat(sink.events.stream().map(Event::userId).distinct().count()).isEqualTo(943);
    Item toyStory = sink.items.get("1");
    assertThat(toyStory.title()).isEqualTo("Toy Story (1995)");
    assertThat(toyStory.categories()).containsExactly("Animation", "Children's", "Comedy");
    assertThat(toyStory.createdAt()).isEqualTo(788_918_400_000L); // 01-Jan-1995
    assertThat(toyStory.attributes()).containsEntry("releaseDate", "1995-01-01");
    assertThat(sink.items.get("30").createdAt()).isNull(); // Belle de jour, 1967
    assertThat(sink.items.get("30").attributes()).containsEntry("releaseDate", "1967-01-01");
    assertThat(sink.items.values())
        .anySatisfy(i -> assertThat(i.title()).isEqualTo("Misérables, Les (1995)"));
    assertThat(sink.users.get("1").attributes())
        .containsEntry("age", 24L)
        .containsEntry("gender", "M")
        .containsEntry("occupation", "technician")
        .containsEntry("zip", "85711");
    assertThat(sink.calls.get(0)).startsWith("items:");
  }

  @Test
  void movieLens100k_reimport_counts_only_duplicates() {
    Path data = SharedData.dataSet("movielens-100k").resolve("u.data");
    MemorySink sink = new MemorySink();

    Importers.run(Format.MOVIELENS_100K, List.of(data), sink);
    ImportReport again = Importers.run(Format.MOVIELENS_100K, List.of(data), sink);

    assertThat(again.eventsAccepted()).isZero();
    assertThat(again.eventsDuplicate()).isEqualTo(100_000);
    assertThat(sink.events).hasSize(100_000);
  }

  @Test
  void rees46_crlf_file_with_cut_last_line_gives_17434_events_and_one_rejection() {
    Path file =
        SharedData.dataSet("ecommerce-rees46-2019oct-head")
            .resolve("2019-Oct_head17434_crlf_lastline-partial.csv");
    MemorySink sink = new MemorySink();

    ImportReport report = Importers.run(Format.REES46, List.of(file), sink);

    assertThat(report.eventsAccepted()).isEqualTo(17_434);
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(report.rejections().get(0).reason()).isEqualTo(ImportContext.TRUNCATED_LAST_LINE);
    assertThat(report.rejections().get(0).examples())
        .singleElement()
        .asString()
        .startsWith("2019-Oct_head17434_crlf_lastline-partial.csv:17436: expected 9 fields");
    assertThat(report.items()).isEqualTo(6_493);
    assertThat(sink.itemUpserts).isEqualTo(6_493);
    assertThat(report.skippedLines()).isEqualTo(1);
    assertThat(
            sink.events.stream().collect(Collectors.groupingBy(Event::type, Collectors.counting())))
        .containsEntry("view", 17_055L)
        .containsEntry("cart", 165L)
        .containsEntry("purchase", 214L);
    double spend =
        sink.events.stream()
            .filter(e -> e.type().equals("purchase"))
            .mapToDouble(Event::value)
            .sum();
    assertThat(spend).isCloseTo(59_442.63, org.assertj.core.data.Offset.offset(0.01));
    Event first = sink.events.get(0);
    assertThat(first.timestamp()).isEqualTo(1_569_888_000_000L); // 2019-10-01T00:00:00Z
    assertThat(first.userId()).isEqualTo("541312140");
    assertThat(first.sessionId()).startsWith("72d76fde-");
    Item shiseido = sink.items.get("44600062");
    assertThat(shiseido.brand()).isEqualTo("shiseido");
    assertThat(shiseido.price()).isEqualTo(35.79);
    assertThat(shiseido.attributes()).containsEntry("categoryId", "2103807459595387724");
    assertThat(sink.items.values())
        .anySatisfy(i -> assertThat(i.categories()).containsExactly("electronics/smartphone"));
    // Five rows repeat an earlier row in the original; each occurrence is its own event.
    assertThat(sink.events.stream().filter(e -> !e.id().endsWith("#0")).count()).isEqualTo(5);
  }

  @Test
  void lastFm_gives_play_counts_as_views_and_tags_on_artists() {
    Path dir = SharedData.dataSet("lastfm-hetrec2011-2k");
    MemorySink sink = new MemorySink();

    ImportReport report = Importers.run(Format.LASTFM_HETREC, List.of(dir), sink);

    assertThat(report.eventsAccepted()).isEqualTo(92_834);
    assertThat(report.items()).isEqualTo(17_632);
    assertThat(report.rejected()).isZero();
    assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("user_friends.dat"));
    assertThat(sink.events)
        .allSatisfy(e -> assertThat(e.timestamp()).isEqualTo(LastFmReader.TIMESTAMP));
    assertThat(sink.events.stream().mapToDouble(Event::value).sum()).isEqualTo(69_183_975.0);
    Item gaga = sink.items.get("89");
    assertThat(gaga.title()).isEqualTo("Lady Gaga");
    assertThat(gaga.categories()).containsExactly("pop", "dance", "electronic");
    assertThat(gaga.tags())
        .containsExactly(
            "pop",
            "dance",
            "electronic",
            "female vocalists",
            "lady gaga",
            "female vocalist",
            "electropop",
            "sexy",
            "diva",
            "amazing");
    assertThat(sink.items.values().stream().filter(i -> !i.tags().isEmpty()).count())
        .isEqualTo(12_133);
    Set<String> allTags =
        sink.items.values().stream().flatMap(i -> i.tags().stream()).collect(Collectors.toSet());
    assertThat(allTags).contains("tropicália").noneMatch(t -> t.contains("\uFFFD"));
  }

  @Test
  void movieLensLatestSmall_gives_ratings_movies_and_tags() {
    Path dir = SharedData.dataSet("movielens-latest-small");
    MemorySink sink = new MemorySink();

    ImportReport report = Importers.run(Format.MOVIELENS_LATEST, List.of(dir), sink);

    assertThat(report.eventsAccepted()).isEqualTo(100_836);
    assertThat(report.items()).isEqualTo(9_742);
    assertThat(report.rejected()).isZero();
    assertThat(sink.events.stream().map(Event::userId).distinct().count()).isEqualTo(610);
    Item president = sink.items.get("11");
    assertThat(president.title()).isEqualTo("American President, The (1995)");
    assertThat(president.categories()).containsExactly("Comedy", "Drama", "Romance");
    assertThat(president.attributes()).containsEntry("year", 1995L).containsKey("imdbId");
    assertThat(sink.items.get("296").tags())
        .hasSize(MovieLensLatestReader.MAX_TAGS)
        .startsWith("good dialogue", "great soundtrack", "non-linear", "cult film");
    assertThat(sink.items.values().stream().filter(i -> i.categories().isEmpty()).count())
        .isEqualTo(34);
  }
}
