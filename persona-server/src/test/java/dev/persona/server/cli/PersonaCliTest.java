package dev.persona.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.server.config.PersonaConfig;
import dev.persona.store.rocks.RocksStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonaCliTest {
  @TempDir Path dir;

  /** Runs the command line, capturing what it prints. */
  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = PersonaCli.execute(args);
      return new Run(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "import", "demo", "generate", "train", "evaluate"})
  void everyCommandHasHelp(String command) {
    Run r = run(command, "--help");

    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("Usage: persona " + command);
  }

  @Test
  void serveHelpListsTheFlagsOfTheContract() {
    assertThat(run("serve", "--help").out())
        .contains("--port", "--data", "--config", "--api-key", "--sync");
  }

  @Test
  void aWrongFlagPrintsTheUsageAndExitsWith2() {
    Run r = run("serve", "--prot", "8080");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown options: '--prot'").contains("Usage: persona serve");
  }

  @Test
  void anUnknownFormatIsAUsageErrorListingTheKnownOnes() {
    Run r = run("import", "--format", "csv", "--data", dir.toString(), "x.csv");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("jsonl").contains("rees46");
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertThat(run().status()).isEqualTo(2);
  }

  @Test
  void importWritesJsonlIntoALocalStoreAndReportsCounts() throws Exception {
    Path input = dir.resolve("in");
    Files.createDirectories(input);
    Files.writeString(
        input.resolve("items.jsonl"),
        "{\"id\":\"i1\",\"title\":\"Shoe\",\"categories\":[\"sport/shoes\"]}\n");
    Files.writeString(
        input.resolve("events.jsonl"),
        "{\"id\":\"e1\",\"type\":\"view\",\"userId\":\"u1\",\"itemId\":\"i1\",\"timestamp\":\"2026-01-01T00:00:00Z\"}\n"
            + "{\"id\":\"e2\",\"type\":\"teleport\",\"userId\":\"u1\",\"itemId\":\"i1\"}\n"
            + "{\"id\":\"e1\",\"type\":\"view\",\"userId\":\"u1\",\"itemId\":\"i1\",\"timestamp\":\"2026-01-01T00:00:00Z\"}\n");
    Path store = dir.resolve("store");

    Run r = run("import", "--format", "jsonl", "--data", store.toString(), input.toString());

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("1")
        .containsIgnoringCase("rejected")
        .contains("unknown event type");
    try (RocksStore s = RocksStore.open(store, PersonaConfig.defaults().store())) {
      assertThat(s.events().count()).isEqualTo(1);
      assertThat(s.items().get("i1")).isPresent();
    }
  }

  @Test
  void trainTrainsALocalStoreSavesTheSnapshotAndPrintsTheFigures() throws Exception {
    Path input = dir.resolve("shop");
    Files.createDirectories(input);
    StringBuilder events = new StringBuilder();
    java.util.Random r = new java.util.Random(2);
    for (int u = 0; u < 40; u++) {
      for (int k = 0; k < 6; k++) {
        int item = (u % 2) * 10 + r.nextInt(10);
        events.append(
            "{\"type\":\"view\",\"userId\":\"u%d\",\"itemId\":\"i%d\",\"timestamp\":\"2026-01-01T00:%02d:00Z\"}\n"
                .formatted(u, item, k));
      }
    }
    Files.writeString(input.resolve("events.jsonl"), events);
    Path store = dir.resolve("store");
    assertThat(
            run("import", "--format", "jsonl", "--data", store.toString(), input.toString())
                .status())
        .isZero();

    Run t = run("train", "--data", store.toString());

    assertThat(t.status()).as(t.out() + t.err()).isZero();
    assertThat(t.out())
        .contains("Trained v1 on 40 users, 20 items")
        .contains("als")
        .contains("ease");
    assertThat(store.resolve("models").resolve("snapshot-1.bin")).exists();
    assertThat(run("train", "--data", store.toString()).out()).contains("Trained v2");
  }

  @Test
  void trainOnAnEmptyStoreFailsWithTheReason() {
    Run t = run("train", "--data", dir.resolve("nothing").toString());
    assertThat(t.status()).isEqualTo(1);
    assertThat(t.out()).contains("nothing to train on");
  }
}
