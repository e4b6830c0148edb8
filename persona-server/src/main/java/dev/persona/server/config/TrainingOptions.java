package dev.persona.server.config;

import static dev.persona.server.config.PersonaConfig.bool;
import static dev.persona.server.config.PersonaConfig.integer;
import static dev.persona.server.config.PersonaConfig.longValue;
import static dev.persona.server.config.PersonaConfig.onlyKeys;
import static dev.persona.server.config.PersonaConfig.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.recommend.train.AlsParams;
import dev.persona.recommend.train.TrainingConfig;
import java.time.Duration;
import java.util.List;

/**
 * When and how the server trains its models (the {@code training} section).
 *
 * @param config what a training run builds
 * @param every how often the schedule looks for enough new events to retrain; zero turns the
 *     schedule off
 * @param minNewEvents events since the last training that make a scheduled retraining worth it
 * @param onStart whether a server with events and no saved model trains as soon as it is ready
 * @param excludeRiskyUsers whether users the profiles flag as risky (bots, bursts) are left out of
 *     training
 * @param keep snapshots kept on disk (the newest ones)
 */
public record TrainingOptions(
    TrainingConfig config,
    Duration every,
    long minNewEvents,
    boolean onStart,
    boolean excludeRiskyUsers,
    int keep) {

  public TrainingOptions {
    if (every == null || every.isNegative()) {
      throw new IllegalArgumentException("training.every must be zero or positive");
    }
    if (minNewEvents < 1) {
      throw new IllegalArgumentException("training.minNewEvents must be >= 1, got " + minNewEvents);
    }
    if (keep < 1) {
      throw new IllegalArgumentException("training.keep must be >= 1, got " + keep);
    }
  }

  /** Every hour when 1,000 new events arrived, at start when no model is saved, risky users out. */
  public static TrainingOptions defaults() {
    return new TrainingOptions(
        TrainingConfig.defaults(), Duration.ofHours(1), 1_000, true, true, 2);
  }

  static TrainingOptions read(JsonNode t) {
    onlyKeys(
        t,
        "training.",
        List.of(
            "every",
            "minNewEvents",
            "onStart",
            "excludeRiskyUsers",
            "keep",
            "als",
            "ease",
            "holdoutUsers",
            "seed"));
    TrainingOptions d = defaults();
    TrainingConfig dc = d.config();
    AlsParams da = dc.als();
    JsonNode a = t.path("als");
    onlyKeys(
        a,
        "training.als.",
        List.of(
            "factors",
            "iterations",
            "regularization",
            "exponent",
            "alpha",
            "cgSteps",
            "seed",
            "threads"));
    JsonNode e = t.path("ease");
    onlyKeys(e, "training.ease.", List.of("enabled", "lambda", "maxItems"));
    try {
      AlsParams als =
          new AlsParams(
              a.has("factors") ? integer(a, "training.als.factors") : da.factors(),
              a.has("iterations") ? integer(a, "training.als.iterations") : da.iterations(),
              a.has("regularization")
                  ? number(a, "training.als.regularization")
                  : da.regularization(),
              a.has("exponent") ? number(a, "training.als.exponent") : da.exponent(),
              a.has("alpha") ? number(a, "training.als.alpha") : da.alpha(),
              a.has("cgSteps") ? integer(a, "training.als.cgSteps") : da.cgSteps(),
              a.has("seed") ? longValue(a, "training.als.seed") : da.seed(),
              a.has("threads") ? integer(a, "training.als.threads") : da.threads());
      TrainingConfig config =
          new TrainingConfig(
              als,
              e.has("enabled") ? bool(e, "training.ease.enabled") : dc.ease(),
              e.has("lambda") ? number(e, "training.ease.lambda") : dc.easeLambda(),
              e.has("maxItems") ? integer(e, "training.ease.maxItems") : dc.easeMaxItems(),
              t.has("holdoutUsers") ? integer(t, "training.holdoutUsers") : dc.holdoutUsers(),
              t.has("seed") ? longValue(t, "training.seed") : dc.seed());
      return new TrainingOptions(
          config,
          t.has("every") ? Durations.parse("training.every", text(t, "training.every")) : d.every(),
          t.has("minNewEvents") ? longValue(t, "training.minNewEvents") : d.minNewEvents(),
          t.has("onStart") ? bool(t, "training.onStart") : d.onStart(),
          t.has("excludeRiskyUsers")
              ? bool(t, "training.excludeRiskyUsers")
              : d.excludeRiskyUsers(),
          t.has("keep") ? integer(t, "training.keep") : d.keep());
    } catch (IllegalArgumentException x) {
      String m = x.getMessage();
      throw new IllegalArgumentException(m.startsWith("training") ? m : "training: " + m, x);
    }
  }

  private static double number(JsonNode node, String key) {
    JsonNode v = node.get(key.substring(key.lastIndexOf('.') + 1));
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(key + ": must be a number");
    }
    return v.doubleValue();
  }
}
