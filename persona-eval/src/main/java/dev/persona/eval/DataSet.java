package dev.persona.eval;

import java.util.List;

/**
 * Interactions to evaluate on, with what their values mean.
 *
 * @param name the short name on the command line ({@code ml1m})
 * @param description one line: source and counts
 * @param interactions every interaction, in time order when {@code timed}
 * @param minRelevant a held-out interaction counts as relevant when its value is at least this
 *     (ratings of 4 and 5 for explicit data); {@link Double#NEGATIVE_INFINITY} when every
 *     interaction is relevant. Training always sees every interaction.
 * @param timed whether {@link Interaction#time} is a real time (temporal protocols need it)
 * @param given the split the data set comes with, or {@code null}
 */
public record DataSet(
    String name,
    String description,
    List<Interaction> interactions,
    double minRelevant,
    boolean timed,
    Given given) {

  /**
   * A split shipped with the data set (MovieLens 1M implicit's train/test files, MovieLens 100K's
   * u1, the Last.fm 80/10/10 cut of BASELINES.md).
   *
   * @param validation held out of {@code train} for tuning, or {@code null} to draw it at random
   */
  public record Given(
      String name, List<Interaction> train, List<Interaction> validation, List<Interaction> test) {}

  public boolean relevant(Interaction i) {
    return i.value() >= minRelevant;
  }
}
