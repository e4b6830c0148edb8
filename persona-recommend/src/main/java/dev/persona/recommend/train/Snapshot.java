package dev.persona.recommend.train;

import java.util.List;
import java.util.Map;

/**
 * One training run's models, immutable: serving holds a reference to the current snapshot and
 * training swaps in the next one whole.
 *
 * @param version increasing from 1, per data directory
 * @param trainedAt when training finished, epoch ms
 * @param lastSequence the last event sequence the training data included
 * @param users users in the training data
 * @param items items with at least one interaction
 * @param pairs distinct (user, item) pairs
 * @param als the iALS item factors
 * @param ease the EASE weights, or {@code null} when skipped
 * @param models what is known about each model, {@code als} first
 * @param baseline the holdout accuracy of popularity (training counts), for comparison
 */
public record Snapshot(
    long version,
    long trainedAt,
    long lastSequence,
    int users,
    int items,
    long pairs,
    AlsModel als,
    EaseModel ease,
    List<ModelInfo> models,
    Map<String, Double> baseline) {

  public Snapshot {
    models = List.copyOf(models);
    baseline = Map.copyOf(baseline);
  }

  /** The name reported with each list, such as {@code als-3}. */
  public String name() {
    return "v" + version;
  }
}
