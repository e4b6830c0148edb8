package dev.persona.core.store;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Snapshots of derived per-user state (profiles), so that a restart loads them and replays only the
 * log's tail instead of the whole log. The records are opaque bytes (their codec belongs to whoever
 * derives them) and may always be rebuilt from the log, so writes are not synced: a crash loses the
 * latest snapshot writes, never an event. Thread-safe.
 */
public interface ProfileStore {
  /**
   * What the stored records reflect.
   *
   * @param sequence every event up to this log sequence is in the records (an event after it may be
   *     too: each record says how far it goes)
   * @param fingerprint the configuration the records were derived with; a different one means they
   *     must be rebuilt
   */
  record Checkpoint(long sequence, String fingerprint) {}

  /** Streams every record: user id and bytes. */
  void forEach(BiConsumer<String, byte[]> consumer);

  /** The checkpoint last written, or {@code null} when there is none. */
  Checkpoint checkpoint();

  /**
   * Writes records in one atomic batch: a {@code null} value deletes the user's record. With a
   * checkpoint, the batch also records it.
   */
  void write(Map<String, byte[]> records, Checkpoint checkpoint);

  /** Removes every record and the checkpoint. */
  void clear();

  /** Records stored (an estimate for engines that only estimate). */
  long count();
}
