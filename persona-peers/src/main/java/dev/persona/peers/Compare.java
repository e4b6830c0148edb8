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
 * the streaming evaluation (real time vs frozen) of each timed data set. Writes the report to
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
}
