package dev.persona.eval;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one protocol makes of a data set.
 *
 * @param name the protocol and its parameters, for reports ({@code random 0.2, seed 1})
 * @param train what models are fitted on
 * @param test each evaluated user's relevant hidden items (distinct, none of them in the user's
 *     history); users whose hidden part holds nothing relevant are not evaluated
 * @param history each evaluated user's interactions known at request time: their training
 *     interactions, or under strong generalisation their fold-in part (not in {@code train}). These
 *     items are excluded from the user's ranking.
 * @param catalogue every item of the data set: rankings are over all of them
 * @param timed whether interaction times are real times (else positions in the files)
 * @param askedAt under the time-ordered protocols (leave-last, temporal), when each evaluated user
 *     asks: just before their first hidden interaction, when they come back; empty for the others,
 *     where every request is made just after the training log ends
 * @param masked per user, items excluded from the ranking besides the history, without being
 *     history: under {@code random:R:V}, the user's validation part, which the test split leaves
 *     out of training (RecBole masks it at test time too); empty for the other protocols
 */
public record Split(
    String name,
    List<Interaction> train,
    Map<String, List<String>> test,
    Map<String, List<Interaction>> history,
    Set<String> catalogue,
    boolean timed,
    Map<String, Long> askedAt,
    Map<String, Set<String>> masked) {

  public Split {
    askedAt = Map.copyOf(askedAt);
    masked = Map.copyOf(masked);
    train = List.copyOf(train);
    test = Map.copyOf(test);
    history = Map.copyOf(history);
    catalogue = Set.copyOf(catalogue);
  }

  /** How many hidden relevant items there are over all evaluated users. */
  public long hidden() {
    return test.values().stream().mapToLong(List::size).sum();
  }
}
