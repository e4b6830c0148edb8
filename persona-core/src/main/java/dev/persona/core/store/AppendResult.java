package dev.persona.core.store;

import java.util.List;

/**
 * The outcome of appending a batch to the event log.
 *
 * @param accepted events newly stored
 * @param duplicates events skipped because an event with the same id was stored before (or earlier
 *     in the same batch)
 * @param firstSequence sequence number of the first accepted event, or -1 when none was accepted;
 *     the accepted events have consecutive sequence numbers from there
 * @param stored the accepted events as stored, in order; what derived state (statistics, profiles,
 *     online models) must apply. Empty when the producer of the result does not know them (an
 *     import over HTTP).
 */
public record AppendResult(
    int accepted, int duplicates, long firstSequence, List<StoredEvent> stored) {
  public AppendResult {
    if (accepted < 0 || duplicates < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: accepted=" + accepted + " duplicates=" + duplicates);
    }
    stored = List.copyOf(stored);
  }

  /** A result that knows the counts but not the stored events. */
  public AppendResult(int accepted, int duplicates, long firstSequence) {
    this(accepted, duplicates, firstSequence, List.of());
  }
}
