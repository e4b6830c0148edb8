package dev.persona.core.store;

import java.util.concurrent.CompletableFuture;

/**
 * One durable store: the event log, the catalogue and the users. The embedded implementation lives
 * in {@code persona-store}; nothing above this interface knows which engine is used.
 */
public interface Store extends AutoCloseable {
  EventLog events();

  ItemStore items();

  UserStore users();

  /** Snapshots of profiles, so that a restart replays only the log's tail. */
  ProfileStore profiles();

  /** Durable definitions such as segments. */
  Documents documents();

  /**
   * Sets the listener that receives every change from now on (see {@link StoreListener}); set it
   * before the first write. Replaces any earlier one.
   */
  void listen(StoreListener listener);

  /**
   * Erases a user: every event of theirs leaves the log, and their record and stored profile are
   * deleted, in one write. The ids of the erased events stay known, so that a client's retry of an
   * old request does not bring them back.
   *
   * @return completes once durable, with what was removed
   */
  CompletableFuture<Erasure> eraseUser(String userId);

  /** Bytes the store occupies on disk now (approximate for engines that compact lazily). */
  long diskBytes();

  /** Flushes and closes. Appends still queued are completed first. */
  @Override
  void close();
}
