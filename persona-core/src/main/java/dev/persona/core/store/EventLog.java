package dev.persona.core.store;

import dev.persona.core.model.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The append-only event log: the source of truth from which profiles and models are rebuilt.
 *
 * <p>Implementations are thread-safe. Appends from many threads are group-committed: the returned
 * future completes once the batch is durable under the configured sync policy, and a batch is
 * stored atomically (all of its new events or none). Erasure is on {@link Store#eraseUser}, since
 * it also removes the user's record.
 */
public interface EventLog {
  /**
   * Appends {@code events} (already validated), skipping any whose id was stored before.
   *
   * @return completes when the batch is durable; fails with {@link StoreOverloadedException} when
   *     too many events wait to be written (nothing was stored), or with {@link StoreException}
   *     when the store cannot write (the batch may or may not have been stored: retrying it with
   *     the same ids is safe)
   */
  CompletableFuture<AppendResult> append(List<Event> events);

  /**
   * Streams stored events with sequence {@code >= fromSequence} in sequence order to {@code
   * consumer}, on the calling thread. Events appended during the call may or may not be seen.
   *
   * @return the number of events streamed
   */
  long replay(long fromSequence, Consumer<StoredEvent> consumer);

  /** Streams one user's stored events in sequence order. */
  long replayUser(String userId, Consumer<StoredEvent> consumer);

  /**
   * Streams one user's latest stored events, newest first: at most {@code limit} of those with a
   * sequence below {@code beforeSequence} (pass {@link Long#MAX_VALUE} for the newest). Reads only
   * the events it streams, so that a timeline of a long history stays cheap.
   *
   * @return the number of events streamed
   */
  long recentOfUser(String userId, long beforeSequence, int limit, Consumer<StoredEvent> consumer);

  /** Whether an event with this id has been accepted. */
  boolean containsId(String eventId);

  /** Number of events stored now. */
  long count();

  /** Highest sequence number assigned so far, 0 when none. */
  long lastSequence();
}
