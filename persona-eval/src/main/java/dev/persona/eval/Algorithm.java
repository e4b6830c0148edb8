package dev.persona.eval;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Something that learns from a split's training part and ranks the catalogue for a user. Persona's
 * sources and blend, the popularity and random floors, and the peer systems (persona-peers)
 * implement it, so every one is scored by the same code.
 */
public interface Algorithm {
  /** The name in reports ({@code persona}, {@code als}, {@code spark-als}). */
  String name();

  /** The settings that were used, for reports. */
  Map<String, Object> settings();

  /**
   * Users to score this algorithm on, when it is too slow for all of them (a seeded sample, marked
   * as such in the report); 0 for all.
   */
  default int sampleUsers() {
    return 0;
  }

  /** Learns from {@code split.train()}; may read {@code split.history()} as request-time input. */
  Model fit(Split split);

  /** A fitted algorithm. */
  interface Model extends AutoCloseable {
    /**
     * The user's best {@code k} items, best first, none of {@code exclude}.
     *
     * @param history what the user did before the request (their training interactions, or their
     *     fold-in part under strong generalisation)
     */
    List<String> rank(String user, List<Interaction> history, Set<String> exclude, int k);

    /**
     * Seconds spent learning, when the model knows them better than the wall time of {@link
     * Algorithm#fit} (which may reuse what a sibling variant learnt); NaN otherwise.
     */
    default double trainingSeconds() {
      return Double.NaN;
    }

    /** Whether {@link #rank} may be called from several threads at once. */
    default boolean concurrent() {
      return true;
    }

    @Override
    default void close() {}
  }
}
