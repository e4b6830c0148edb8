package dev.persona.eval;

import dev.persona.recommend.train.AlsParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Light tuning on the validation split (the test split's training part cut again by the same
 * protocol, so the test part is never seen): a small grid per model, scored by NDCG@10, the best
 * kept. Every trial is recorded for the report.
 */
public final class Tuner {
  /** The score tuning maximises. */
  public static final String TARGET = "ndcg@10";

  /** One trial: what was tried and what it scored on validation. */
  public record Trial(
      String dataset, String algorithm, String settings, double score, boolean chosen) {}

  /** What tuning chose for Persona. */
  public record Choice(AlsParams als, double easeLambda, Map<String, Double> weights) {}

  /** An algorithm with a small grid of its own (the peers). */
  public interface Tunable {
    /** The variants to try, each with its settings. */
    List<Algorithm> grid();
  }

  private final DataSet data;
  private final Split validation;
  private final Evaluator.Options options;
  private final Consumer<String> log;
  private final List<Trial> trials = new ArrayList<>();

  /**
   * @param options evaluation options for the trials (their {@code maxUsers} bounds the work)
   */
  public Tuner(DataSet data, Split validation, Evaluator.Options options, Consumer<String> log) {
    this.data = data;
    this.validation = validation;
    this.options = options;
    this.log = log;
  }

  public List<Trial> trials() {
    return List.copyOf(trials);
  }

  private double score(Algorithm a) {
    double s = Evaluator.evaluate(data, validation, a, options).mean("ndcg", 10);
    log.accept(
        String.format(
            java.util.Locale.ROOT, "  validation %s %s: %.4f", a.name(), a.settings(), s));
    return s;
  }

  /** The best of a grid; each trial recorded under {@code name}. */
  public Algorithm best(String name, List<Algorithm> grid) {
    Algorithm best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    int first = trials.size();
    int bestAt = -1;
    for (Algorithm a : grid) {
      double s = score(a);
      trials.add(new Trial(data.name(), name, a.settings().toString(), s, false));
      if (s > bestScore) {
        bestScore = s;
        best = a;
        bestAt = trials.size() - 1;
      }
    }
    if (bestAt >= first) {
      Trial t = trials.get(bestAt);
      trials.set(bestAt, new Trial(t.dataset(), t.algorithm(), t.settings(), t.score(), true));
    }
    return best;
  }

  /**
   * Persona: iALS regularisation and alpha, EASE lambda, then the blend weights by coordinate
   * search from the tuned iALS and EASE.
   */
  public Choice persona(Persona family, AlsParams start, boolean ease) {
    List<Algorithm> alsGrid = new ArrayList<>();
    List<AlsParams> alsParams = new ArrayList<>();
    for (double reg : new double[] {0.03, 0.1, 0.3}) {
      for (double alpha : new double[] {1, 4}) {
        AlsParams p =
            new AlsParams(
                start.factors(),
                start.iterations(),
                reg,
                start.exponent(),
                alpha,
                start.cgSteps(),
                start.seed(),
                start.threads());
        alsParams.add(p);
        alsGrid.add(family.source("als", p, 500));
      }
    }
    AlsParams als = alsParams.get(alsGrid.indexOf(best("als", alsGrid)));
    double lambda = 500;
    if (ease) {
      List<Algorithm> easeGrid = new ArrayList<>();
      double[] lambdas = {100, 300, 1000, 3000};
      for (double l : lambdas) {
        easeGrid.add(family.source("ease", als, l));
      }
      lambda = lambdas[easeGrid.indexOf(best("ease", easeGrid))];
    }
    Map<String, Double> weights = new LinkedHashMap<>(Map.of("als", 1.0));
    if (ease) {
      weights.put("ease", 1.0);
    }
    double bestScore = score(family.algorithm("persona", weights, als, lambda));
    trials.add(new Trial(data.name(), "persona", weights.toString(), bestScore, false));
    for (String source :
        List.of("ease", "item-knn", "session", "user-knn", "popular", "trending")) {
      if (source.equals("ease") && !ease) {
        continue;
      }
      double[] tries =
          source.equals("ease") ? new double[] {0.5, 2} : new double[] {0.05, 0.15, 0.4};
      for (double w : tries) {
        Map<String, Double> trial = new LinkedHashMap<>(weights);
        trial.put(source, w);
        double s = score(family.algorithm("persona", trial, als, lambda));
        trials.add(new Trial(data.name(), "persona", trial.toString(), s, false));
        if (s > bestScore) {
          bestScore = s;
          weights = trial;
        }
      }
    }
    String chosen = weights.toString();
    for (int i = 0; i < trials.size(); i++) {
      Trial t = trials.get(i);
      if (t.algorithm().equals("persona") && t.settings().equals(chosen)) {
        trials.set(i, new Trial(t.dataset(), t.algorithm(), t.settings(), t.score(), true));
        break;
      }
    }
    return new Choice(als, lambda, weights);
  }
}
