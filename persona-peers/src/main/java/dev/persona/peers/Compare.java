package dev.persona.peers;

import dev.persona.eval.DataSet;
import dev.persona.eval.DataSets;
import dev.persona.eval.Evaluation;
import dev.persona.eval.Evaluator;
import dev.persona.eval.Report;
import dev.persona.server.eval.StreamingEvaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison of BENCHMARKS.md in one command: on every data set present, Persona (the blend and
 * each source), Spark MLlib ALS, Mahout item-based, popularity and random, all tuned on the
 * validation split and scored on the test split with the same protocol, metrics and machine; then
 * Last.fm a second time on RecBole's per-user random 8:1:1 split, beside the published figures;
 * then the streaming evaluation (real time vs frozen) of each timed data set. Writes the report to
 * {@code --out} (default persona-bench/target/comparison).
 *
 * <p>Run: {@code persona-bench/run-peers Compare [--data DIR] [--datasets a,b] [--out DIR]
 * [--no-tune] [--mahout-users N] [--no-streaming]}. About half an hour on 2 cores.
 */
public final class Compare {
  public static void main(String[] args) throws Exception {
    Path data = Path.of("../shared/data");
    List<String> datasets = DataSets.NAMES;
    Path out = Path.of("persona-bench/target/comparison");
    boolean tune = true;
    boolean streaming = true;
    int mahoutUsers = 500;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--datasets" -> datasets = List.of(args[++i].split(","));
        case "--out" -> out = Path.of(args[++i]);
        case "--no-tune" -> tune = false;
        case "--no-streaming" -> streaming = false;
        case "--mahout-users" -> mahoutUsers = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (datasets.contains("lastfm") && DataSets.available("lastfm", data)) {
      lastfmSplit(data);
    }
    int mahout = mahoutUsers;
    List<Evaluation.Extra> peers = new ArrayList<>();
    peers.add(d -> new SparkAls(64, 15, 0.1, 1));
    peers.add(d -> new MahoutItemBased(mahout));
    Evaluation.Options o =
        new Evaluation.Options(
            data,
            datasets,
            null,
            1,
            new Evaluator.Options(List.of(5, 10, 20), 0, 1, 0),
            Evaluation.DEFAULT_ALGORITHMS,
            tune,
            1000,
            5000);
    String command = "persona-bench/run-peers Compare " + String.join(" ", args);
    System.out.printf(
        Locale.ROOT,
        "# %s; %d cores, %s %s%n",
        command.strip(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    Report report = Evaluation.run(o, peers, command.strip(), System.out::println);
    report.write(out);
    if (datasets.contains("lastfm") && DataSets.available("lastfm", data)) {
      // the published RecBole-GNN figures are on a per-user random 8:1:1 split: a second section
      Evaluation.Options recbole =
          new Evaluation.Options(
              o.dataDir(),
              List.of("lastfm"),
              "random:0.1:0.1",
              o.seed(),
              o.evaluator(),
              o.algorithms(),
              o.tune(),
              o.tuneUsers(),
              o.easeMaxItems());
      report.add(
          Evaluation.section(DataSets.load("lastfm", data), recbole, peers, System.out::println));
      report.write(out);
    }
    if (streaming) {
      for (String name : datasets) {
        if (!DataSets.available(name, data)) {
          continue;
        }
        DataSet d = DataSets.load(name, data);
        if (d.timed()) {
          report.add(
              StreamingEvaluation.run(
                  d, StreamingEvaluation.Options.defaults(), System.out::println));
          report.write(out);
        }
      }
    }
    System.out.println("# report: " + out.resolve("report.md").toAbsolutePath());
    System.exit(0); // Spark's threads
  }

  /**
   * Cuts Last.fm 80/10/10 as BASELINES.md does (numpy's seeded permutation, so the script is the
   * reference) unless the cut is already there; without python3 and numpy, Last.fm falls back to a
   * per-user random split, which the report names.
   */
  private static void lastfmSplit(Path data) throws InterruptedException {
    Path split =
        Path.of(System.getProperty(DataSets.LASTFM_SPLIT, "persona-bench/target/lastfm-split"));
    if (java.nio.file.Files.exists(split.resolve("train.tsv"))) {
      return;
    }
    try {
      Process p =
          new ProcessBuilder(
                  "python3",
                  "persona-bench/scripts/lastfm_split.py",
                  DataSets.folder("lastfm", data).toString())
              .inheritIO()
              .start();
      if (p.waitFor() == 0) {
        return;
      }
    } catch (java.io.IOException e) {
      System.out.println("# " + e.getMessage());
    }
    System.out.println(
        "# lastfm: persona-bench/scripts/lastfm_split.py failed (needs python3 and numpy); "
            + "Last.fm uses a per-user random split instead of the BASELINES cut");
  }
}
