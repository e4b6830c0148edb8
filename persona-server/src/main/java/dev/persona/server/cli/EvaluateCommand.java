package dev.persona.server.cli;

import dev.persona.eval.DataSet;
import dev.persona.eval.DataSets;
import dev.persona.eval.Evaluation;
import dev.persona.eval.Evaluator;
import dev.persona.eval.Report;
import dev.persona.server.eval.StreamingEvaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Evaluate Persona's recommender (the blend and each source alone) against popularity and",
      "random on the real data sets, offline over the full catalogue and, with --streaming, by",
      "replaying events through the real ingestion path. Writes report.md, results.csv,",
      "results.json and SVG charts to --out. Protocols and metrics: docs/evaluation.md.",
      "",
      "Data sets: ml100k, mlsmall, ml1m, lastfm, rees46, diginetica (read from --data).",
      "",
      "Protocols (--protocol; each data set has a default, see docs/evaluation.md):",
      "  given          the split the data set ships with (ml100k u1, ml1m, lastfm BASELINES cut)",
      "  random:R[:V]   per user, a random share R of the interactions hidden (seeded); with V,",
      "                 the next share V is validation, left out of training (RecBole RS 8:1:1",
      "                 is random:0.1:0.1)",
      "  leave-last:N   per user, the last N interactions by time hidden",
      "  temporal:F     one global moment: the last share F of the log hidden",
      "  strong:U[:H]   strong generalisation: a share U of users held out of training; each",
      "                 one's share H (default 0.2) hidden, the rest given as fold-in history",
      "Validation (--tune): the training part cut again by the same protocol (or random:R:V's",
      "own validation share); the test part is never seen while tuning.",
      "",
      "Metrics at each --k, mean ± 95%% interval over users: precision, recall (|relevant|),",
      "recall_capped (min(k, |relevant|)), ndcg, map, hit (HitRate), mrr; and coverage,",
      "diversity (intra-list, 1 - cosine of the items' training users), novelty (self-",
      "information) and popularity (share of training users per item)."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "the data sets folder (default ../shared/data)",
      defaultValue = "../shared/data")
  Path data;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      split = ",",
      description = "data sets to run, comma-separated, or all (default all present)",
      defaultValue = "all")
  List<String> datasets;

  @Option(
      names = "--protocol",
      paramLabel = "P",
      description = "one protocol for every data set (default: each data set's own)")
  String protocol;

  @Option(
      names = "--algorithms",
      paramLabel = "A",
      split = ",",
      description =
          "persona, popularity, random, or a source alone: als, ease, item-knn, user-knn,"
              + " session, content, popular, trending (default persona,als,ease,item-knn,user-knn,"
              + "session,popularity,random)")
  List<String> algorithms = new ArrayList<>(Evaluation.DEFAULT_ALGORITHMS);

  @Option(
      names = "--k",
      paramLabel = "K",
      split = ",",
      description = "cutoffs (default 5,10,20)",
      defaultValue = "5,10,20")
  List<Integer> ks;

  @Option(
      names = "--seed",
      description = "seed of splits and samples (default 1)",
      defaultValue = "1")
  long seed;

  @Option(
      names = "--tune",
      description = "tune iALS, EASE and the blend weights on the validation split first")
  boolean tune;

  @Option(
      names = "--tune-users",
      paramLabel = "N",
      description = "validation users scored per tuning trial, 0 for all (default 2000)",
      defaultValue = "2000")
  int tuneUsers;

  @Option(
      names = "--max-users",
      paramLabel = "N",
      description = "score a seeded sample of N test users, reported as a sample (default 0: all)",
      defaultValue = "0")
  int maxUsers;

  @Option(
      names = "--ease-max-items",
      paramLabel = "N",
      description = "skip EASE above this many items (default 5000: its time grows with the cube)",
      defaultValue = "5000")
  int easeMaxItems;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "ranking threads, 0 for one per core (default 0)",
      defaultValue = "0")
  int threads;

  @Option(
      names = "--streaming",
      description =
          "also replay each timed data set through the ingestion path: real time vs frozen")
  boolean streaming;

  @Option(
      names = "--offline",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "run the offline evaluation (default; --no-offline for streaming alone)")
  boolean offline;

  @Option(
      names = "--streaming-targets",
      paramLabel = "N",
      description = "targets scored per data set in streaming, evenly spaced (default 5000)",
      defaultValue = "5000")
  int streamingTargets;

  @Option(
      names = "--streaming-fraction",
      paramLabel = "F",
      description = "share of the log replayed after the cut (default 0.2)",
      defaultValue = "0.2")
  double streamingFraction;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where the report goes (default target/evaluation)",
      defaultValue = "target/evaluation")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    List<String> names = datasets.contains("all") ? DataSets.NAMES : datasets;
    Evaluation.Options o;
    try {
      o =
          new Evaluation.Options(
              data,
              names,
              protocol,
              seed,
              new Evaluator.Options(ks, maxUsers, seed, threads),
              algorithms,
              tune,
              tuneUsers,
              easeMaxItems);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    if (!args.isEmpty() && args.get(0).equals("evaluate")) {
      args.remove(0);
    }
    String command = "persona evaluate " + String.join(" ", args);
    java.util.function.Consumer<String> log =
        line -> {
          w.println(line);
          w.flush();
        };
    StreamingEvaluation.Options so;
    try {
      so =
          new StreamingEvaluation.Options(
              streamingFraction, 10, 10, streamingTargets, easeMaxItems);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!offline && !streaming) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--no-offline needs --streaming: nothing to run");
    }
    Report report =
        offline ? Evaluation.run(o, List.of(), command.strip(), log) : new Report(command.strip());
    if (streaming) {
      for (String name : names) {
        if (!DataSets.available(name, data)) {
          continue;
        }
        DataSet d = DataSets.load(name, data);
        if (!d.timed()) {
          log.accept("# " + name + ": no times, no streaming evaluation");
          continue;
        }
        Report.Streaming s = StreamingEvaluation.run(d, so, log);
        for (var e : s.overall().entrySet()) {
          log.accept(
              String.format(
                  java.util.Locale.ROOT,
                  "| %s | streaming %s | HitRate@10 %.4f | NDCG@10 %.4f |",
                  name,
                  e.getKey(),
                  e.getValue().get("hit").mean(),
                  e.getValue().get("ndcg").mean()));
        }
        report.add(s);
      }
    }
    if (report.sections().isEmpty() && report.streams().isEmpty()) {
      w.println("no data set found under " + data.toAbsolutePath() + "; nothing evaluated");
      return 1;
    }
    report.write(out);
    w.println("report: " + out.resolve("report.md").toAbsolutePath());
    return 0;
  }
}
