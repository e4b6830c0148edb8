package dev.persona.data.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.data.MemorySink;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each format against small invented files with the usual faults: CRLF, ISO-8859-1 bytes, a cut
 * last line, missing and extra columns, non-numbers. Counts and reasons are exact.
 */
class FixtureImportTest {

  private static Map<String, Long> reasons(ImportReport report) {
    return report.rejections().stream()
        .collect(Collectors.toMap(ImportReport.Rejection::reason, ImportReport.Rejection::count));
  }

  @Test
  void movieLens100k_counts_every_bad_line_under_its_reason() {
    MemorySink sink = new MemorySink();

    ImportReport report =
        Importers.run(Format.MOVIELENS_100K, List.of(Fixtures.path("ml100k")), sink);

    assertThat(report.eventsAccepted()).isEqualTo(5);
    assertThat(report.items()).isEqualTo(4);
    assertThat(report.users()).isEqualTo(3);
    assertThat(report.linesRead()).isEqualTo(20);
    assertThat(report.skippedLines()).isEqualTo(1);
    assertThat(reasons(report))
        .containsOnly(
            entry("expected 4 fields", 2L),
            entry("non-numeric rating", 1L),
            entry(ImportContext.TRUNCATED_LAST_LINE, 1L),
            entry("bad genre flag", 1L),
            entry("expected 24 fields", 1L),
            entry("non-numeric age", 1L));
    assertThat(report.rejections())
        .filteredOn(r -> r.reason().equals("non-numeric rating"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.examples())
                    .containsExactly("u.data:5: rating is not a number: 'five'"));
    assertThat(report.rejections())
        .filteredOn(r -> r.reason().equals(ImportContext.TRUNCATED_LAST_LINE))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.examples())
                    .containsExactly("u.data:10: expected 4 fields: got 3 field(s): '5\t30\t4'"));
    assertThat(report.notes()).singleElement().asString().contains("README");

    assertThat(sink.items.get("20").title()).isEqualTo("Misérables, Les (1995)");
    assertThat(sink.items.get("20").categories()).containsExactly("Drama", "War");
    assertThat(sink.items.get("10").attributes())
        .containsEntry("imdbUrl", "http://example.org/toy");
    assertThat(sink.items.get("30").createdAt()).isNull();
    assertThat(sink.items.get("40").categories()).isEmpty();
    assertThat(sink.users.get("4").attributes()).containsEntry("zip", "T8H1N");
    // The repeated line is its own event: the same hash, occurrence #1.
    List<String> ids = sink.events.stream().map(Event::id).toList();
    assertThat(ids.get(2)).startsWith("movielens-100k:").endsWith("#0");
    assertThat(ids.get(3)).isEqualTo(ids.get(2).replace("#0", "#1"));
    assertThat(sink.events.get(0))
        .extracting(Event::type, Event::userId, Event::itemId, Event::value, Event::timestamp)
        .containsExactly("rate", "1", "10", 4.0, 881_250_949_000L);
  }

  @Test
  void movieLensLatest_reads_quoted_titles_tags_and_a_file_without_header() {
    MemorySink sink = new MemorySink();

    ImportReport report =
        Importers.run(Format.MOVIELENS_LATEST, List.of(Fixtures.path("mllatest")), sink);

    assertThat(report.eventsAccepted()).isEqualTo(3);
    assertThat(report.items()).isEqualTo(4);
    assertThat(reasons(report))
        .containsOnly(
            entry("expected 4 fields", 2L),
            entry("non-numeric rating", 1L),
            entry("non-numeric timestamp", 1L),
            entry("unterminated quote", 1L));
    assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("ratings.csv has no header"));
    Item toyStory = sink.items.get("1");
    assertThat(toyStory.tags()).containsExactly("pixar", "fun, for kids", "classic");
    assertThat(toyStory.categories()).containsExactly("Adventure", "Animation", "Children");
    assertThat(toyStory.attributes())
        .containsExactly(entry("year", 1995L), entry("imdbId", "0114709"), entry("tmdbId", "862"));
    assertThat(sink.items.get("2").title()).isEqualTo("American President, The (1995)");
    assertThat(sink.items.get("3").title())
        .isEqualTo(
            "Dr. Strangelove or: How I Learned to Stop Worrying and Love the \"Bomb\" (1964)");
    assertThat(sink.items.get("3").tags()).containsExactly("\"satire\"");
    assertThat(sink.items.get("4").categories()).isEmpty();
    assertThat(sink.events).extracting(Event::value).containsExactly(4.0, 4.5, 0.5);
  }

  @Test
  void rees46_maps_types_upserts_items_on_change_and_rejects_the_cut_last_line() {
    MemorySink sink = new MemorySink();

    ImportReport report =
        Importers.run(Format.REES46, List.of(Fixtures.path("rees46/events.csv")), sink);

    assertThat(report.eventsAccepted()).isEqualTo(7);
    assertThat(report.items()).isEqualTo(4);
    assertThat(sink.itemUpserts).isEqualTo(5);
    assertThat(reasons(report))
        .containsOnly(
            entry("unknown event_type", 1L),
            entry("bad event_time", 1L),
            entry("non-numeric price", 1L),
            entry("missing product_id", 1L),
            entry(ImportContext.TRUNCATED_LAST_LINE, 1L));
    assertThat(sink.events)
        .extracting(Event::type)
        .containsExactly("view", "cart", "purchase", "remove_cart", "view", "view", "view");
    Event purchase = sink.events.get(2);
    assertThat(purchase.value()).isEqualTo(489.07);
    assertThat(purchase.sessionId()).isEqualTo("s-1");
    assertThat(purchase.timestamp()).isEqualTo(1_569_888_009_000L);
    assertThat(sink.events.get(0).value()).isNull();
    assertThat(sink.events.get(4).sessionId()).isNull();
    Item phone = sink.items.get("100");
    assertThat(phone.price()).isEqualTo(450.0);
    assertThat(phone.categories()).containsExactly("electronics/smartphone");
    assertThat(phone.brand()).isEqualTo("acme");
    assertThat(phone.attributes()).containsEntry("categoryId", "2053013555631882655");
    assertThat(sink.items.get("200").categories()).isEmpty();
    assertThat(sink.items.get("200").brand()).isNull();
    assertThat(sink.items.get("300").brand()).isEqualTo("néon");
  }

  @Test
  void rees46_without_header_reads_the_published_column_order() {
    MemorySink sink = new MemorySink();

    ImportReport report =
        Importers.run(Format.REES46, List.of(Fixtures.path("rees46-noheader")), sink);

    assertThat(report.eventsAccepted()).isEqualTo(2);
    assertThat(report.rejected()).isZero();
    assertThat(report.notes()).singleElement().asString().contains("no header row");
    assertThat(sink.events.get(1).value()).isEqualTo(5.0);
  }

  @Test
  void lastFm_turns_play_counts_into_views_and_top_tags_into_categories() {
    MemorySink sink = new MemorySink();

    ImportReport report =
        Importers.run(Format.LASTFM_HETREC, List.of(Fixtures.path("lastfm")), sink);

    assertThat(report.eventsAccepted()).isEqualTo(3);
    assertThat(report.items()).isEqualTo(3);
    assertThat(reasons(report))
        .containsOnly(
            entry("non-numeric weight", 1L),
            entry("expected 3 fields", 1L),
            entry("unknown tagID", 1L));
    assertThat(report.notes()).singleElement().asString().contains("user_friends.dat");
    Item duran = sink.items.get("51");
    assertThat(duran.tags()).containsExactly("80s", "new wave", "pop/rock", "metal");
    assertThat(duran.categories()).containsExactly("80s", "new wave", "pop-rock");
    assertThat(duran.attributes()).containsEntry("pictureUrl", "http://img/1.jpg");
    assertThat(sink.items.get("52").attributes()).doesNotContainKey("pictureUrl");
    assertThat(sink.items.get("53").title()).isEqualTo("Björk");
    assertThat(sink.items.get("53").tags()).containsExactly("tropicália");
    assertThat(sink.events)
        .allSatisfy(e -> assertThat(e.timestamp()).isEqualTo(LastFmReader.TIMESTAMP))
        .extracting(Event::value)
        .containsExactly(12001.0, 10999.0, 7.0);
  }

  @Test
  void jsonl_decides_by_file_name_and_reports_json_and_policy_errors() {
    MemorySink sink = new MemorySink();

    ImportReport report = Importers.run(Format.JSONL, List.of(Fixtures.path("jsonl")), sink);

    assertThat(report.items()).isEqualTo(2);
    assertThat(report.users()).isEqualTo(1);
    assertThat(report.eventsAccepted()).isEqualTo(3);
    assertThat(report.eventsDuplicate()).isEqualTo(1);
    assertThat(report.rejected()).isEqualTo(7);
    assertThat(reasons(report))
        .containsOnly(
            entry("invalid: price: must be a finite number >= 0", 1L),
            entry("invalid: id: missing", 1L),
            entry("invalid: type: unknown event type 'teleport'", 1L),
            entry("invalid: userId: missing", 1L),
            entry("invalid JSON", 1L),
            entry("invalid: value: missing", 1L),
            entry("invalid: timestamp: more than PT24H in the future", 1L));
    assertThat(report.rejections())
        .filteredOn(r -> r.reason().startsWith("invalid: type"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.examples().get(0))
                    .startsWith(
                        "events.jsonl:4: type: unknown event type 'teleport'; known: [view,"));
    assertThat(sink.calls).startsWith("items:2", "users:1");
    assertThat(sink.events.get(0).id()).isEqualTo("e-1");
    assertThat(sink.events.get(1).id()).startsWith("jsonl:").endsWith("#0");
    assertThat(sink.events.get(1).context()).containsEntry("device", "mobile");
    assertThat(sink.events.get(2).type()).isEqualTo("search");
    assertThat(sink.events.get(2).query()).isEqualTo("red shoes");
  }
}
