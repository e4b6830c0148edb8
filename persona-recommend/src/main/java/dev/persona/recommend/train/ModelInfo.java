package dev.persona.recommend.train;

import java.util.List;
import java.util.Map;

/**
 * What is known about one trained model: its state, settings, cost and holdout accuracy.
 *
 * @param name {@code als} or {@code ease}
 * @param status {@code ready}, or {@code skipped} with the reason (EASE over its item limit, or
 *     turned off)
 * @param reason why it was skipped, or {@code null}
 * @param params hyper-parameters
 * @param seconds training time
 * @param loss the training loss after each iteration (iALS), empty otherwise
 * @param holdout {@code hitRate@10}, {@code ndcg@10} on the training holdout, with {@code users};
 *     empty without a holdout
 */
public record ModelInfo(
    String name,
    String status,
    String reason,
    Map<String, Object> params,
    double seconds,
    List<Double> loss,
    Map<String, Double> holdout) {

  public ModelInfo {
    params = Map.copyOf(params);
    loss = List.copyOf(loss);
    holdout = Map.copyOf(holdout);
  }

  public boolean ready() {
    return status.equals("ready");
  }

  static ModelInfo skipped(String name, String reason, Map<String, Object> params) {
    return new ModelInfo(name, "skipped", reason, params, 0, List.of(), Map.of());
  }
}
