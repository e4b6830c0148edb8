package dev.persona.eval;

import dev.persona.recommend.RecommendConfig;
import dev.persona.recommend.train.AlsParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One evaluation run over data sets: split, optionally tune on validation, fit and score each
 * algorithm on test, and collect the report. {@code persona evaluate} and the peer comparison of
 * persona-peers both run through here.
 */
public final class Evaluation {
  /** The algorithms {@code --algorithms} knows, besides the peers. */
  public static final List<String> ALGORITHMS;

  static {
    List<String> a = new ArrayList<>(List.of("persona", "popularity", "random"));
    a.addAll(Persona.SOURCES);
    ALGORITHMS = List.copyOf(a);
  }

  /** What {@code persona evaluate} runs when not told. */
  public static final List<String> DEFAULT_ALGORITHMS =
      List.of("persona", "als", "ease", "item-knn", "user-knn", "session", "popularity", "random");

  /**
   * @param protocol a protocol for every data set, or {@code null} for each one's default ({@link
   *     #defaultProtocol})
   * @param tuneUsers validation users scored per tuning trial (0 for all)
   */
  public record Options(
      Path dataDir,
      List<String> datasets,
      String protocol,
      long seed,
      Evaluator.Options evaluator,
      List<String> algorithms,
      boolean tune,
      int tuneUsers,
      int easeMaxItems) {
    public Options {
      datasets = List.copyOf(datasets);
      algorithms = List.copyOf(algorithms);
      for (String d : datasets) {
        if (!DataSets.NAMES.contains(d)) {
          throw new IllegalArgumentException(
              "dataset: unknown '" + d + "'; known: " + String.join(", ", DataSets.NAMES));
        }
      }
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("algorithms: name at least one");
      }
      for (String a : algorithms) {
        if (!ALGORITHMS.contains(a)) {
          throw new IllegalArgumentException(
              "algorithms: unknown '" + a + "'; known: " + String.join(", ", ALGORITHMS));
        }
      }
      if (protocol != null) {
        Protocol.parse(protocol, seed); // refuses a bad one before any work
      }
    }
  }

  /** An algorithm from outside this module (a peer), made per data set. */
  public interface Extra extends Function<DataSet, Algorithm> {}

  private Evaluation() {}

  /** The protocol a data set is evaluated with unless told otherwise. */
  public static String defaultProtocol(DataSet d) {
    return switch (d.name()) {
      case "ml100k", "ml1m" -> "given";
      case "lastfm" -> d.given() != null ? "given" : "random:0.1";
      case "mlsmall" -> "random:0.2";
      case "rees46" -> "temporal:0.2";
      case "diginetica" -> "leave-last:1";
      default -> "random:0.2";
    };
  }

  /** Runs every data set present under the data folder; missing ones are reported and skipped. */
  public static Report run(Options o, List<Extra> extras, String command, Consumer<String> log) {
    Report report = new Report(command);
    for (String name : o.datasets()) {
      if (!DataSets.available(name, o.dataDir())) {
        log.accept("# " + name + ": skipped, no folder " + DataSets.folder(name, o.dataDir()));
        continue;
      }
      DataSet d = DataSets.load(name, o.dataDir());
      report.add(section(d, o, extras, log));
    }
    return report;
  }

  /** One data set. */
  public static Report.Section section(
      DataSet d, Options o, List<Extra> extras, Consumer<String> log) {
    Protocol protocol =
        Protocol.parse(o.protocol() != null ? o.protocol() : defaultProtocol(d), o.seed());
    Split test = protocol.split(d);
    log.accept(
        String.format(
            Locale.ROOT,
            "# %s: %s; %s: %,d training interactions, %,d users evaluated, %,d hidden",
            d.name(),
            d.description(),
            test.name(),
            test.train().size(),
            test.test().size(),
            test.hidden()));
    Persona family = new Persona(o.easeMaxItems());
    List<String> notes = new ArrayList<>();
    long trainedItems = test.train().stream().map(Interaction::item).distinct().count();
    boolean easeFits = trainedItems <= o.easeMaxItems();
    if (!easeFits && (o.algorithms().contains("ease") || o.algorithms().contains("persona"))) {
      String note =
          String.format(
              Locale.ROOT,
              "ease: not run, and not in the blend: %,d trained items exceed --ease-max-items %,d"
                  + " (EASE's time grows with the cube of the catalogue)",
              trainedItems,
              o.easeMaxItems());
      notes.add(note);
      log.accept("# " + note);
    }
    AlsParams als = AlsParams.defaults();
    double lambda = 500;
    Map<String, Double> weights = RecommendConfig.defaults().sourceWeights();
    List<Tuner.Trial> trials = new ArrayList<>();
    List<Algorithm> peers = new ArrayList<>();
    for (Extra e : extras) {
      peers.add(e.apply(d));
    }
    if (o.tune()) {
      Split validation = protocol.validation(d);
      log.accept(
          String.format(
              Locale.ROOT,
              "# tuning on %s: %,d users (%,d scored per trial)",
              validation.name(),
              validation.test().size(),
              o.tuneUsers() == 0
                  ? validation.test().size()
                  : Math.min(o.tuneUsers(), validation.test().size())));
      Evaluator.Options to =
          new Evaluator.Options(List.of(10), o.tuneUsers(), o.seed(), o.evaluator().threads());
      Tuner tuner = new Tuner(d, validation, to, log);
      boolean wantsPersona =
          o.algorithms().stream().anyMatch(a -> a.equals("persona") || Persona.SOURCES.contains(a));
      if (wantsPersona) {
        Tuner.Choice c =
            tuner.persona(
                family,
                als,
                easeFits
                    && (o.algorithms().contains("ease") || o.algorithms().contains("persona")));
        als = c.als();
        lambda = c.easeLambda();
        weights = c.weights();
      }
      List<Algorithm> tuned = new ArrayList<>();
      for (Algorithm p : peers) {
        tuned.add(p instanceof Tuner.Tunable t ? tuner.best(p.name(), t.grid()) : p);
      }
      peers = tuned;
      trials.addAll(tuner.trials());
    }
    List<Algorithm> algorithms = new ArrayList<>();
    if (!easeFits) {
      weights = new java.util.LinkedHashMap<>(weights);
      weights.remove("ease");
    }
    for (String a : o.algorithms()) {
      if (a.equals("ease") && !easeFits) {
        continue;
      }
      algorithms.add(
          switch (a) {
            case "persona" -> family.algorithm("persona", weights, als, lambda);
            case "popularity" -> Floors.popularity();
            case "random" -> Floors.random(o.seed());
            default -> {
              if (!Persona.SOURCES.contains(a)) {
                throw new IllegalArgumentException(
                    "algorithms: unknown '" + a + "'; known: " + String.join(", ", ALGORITHMS));
              }
              yield family.source(a, als, lambda);
            }
          });
    }
    algorithms.addAll(peers);
    List<Evaluator.Result> results = new ArrayList<>();
    for (Algorithm a : algorithms) {
      Evaluator.Result r = Evaluator.evaluate(d, test, a, o.evaluator());
      log.accept(
          String.format(
              Locale.ROOT,
              "| %s | %s | NDCG@10 %.4f | Recall@10 %.4f | Recall_capped@10 %.4f | HitRate@10 %.4f | %,d users | train %.1f s | %.2f ms/user |",
              d.name(),
              a.name(),
              r.mean("ndcg", 10),
              r.mean("recall", 10),
              r.mean("recall_capped", 10),
              r.mean("hit", 10),
              r.users(),
              r.trainSeconds(),
              r.rankMillis()));
      results.add(r);
    }
    return new Report.Section(
        d.name(),
        d.description(),
        test.name(),
        test.test().size(),
        test.hidden(),
        test.catalogue().size(),
        results,
        trials,
        Anchors.of(d, test),
        notes);
  }
}
