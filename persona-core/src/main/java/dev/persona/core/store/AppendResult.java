package dev.persona.core.store;

/**
 * The outcome of appending a batch to the event log.
 *
 * @param accepted events newly stored
 * @param duplicates events skipped because an event with the same id was stored before (or earlier
 *     in the same batch)
 * @param firstSequence sequence number of the first accepted event, or -1 when none was accepted;
 *     the accepted events have consecutive sequence numbers from there
 */
public record AppendResult(int accepted, int duplicates, long firstSequence) {
  public AppendResult {
    if (accepted < 0 || duplicates < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: accepted=" + accepted + " duplicates=" + duplicates);
    }
  }
}
