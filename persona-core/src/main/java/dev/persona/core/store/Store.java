package dev.persona.core.store;

/**
 * One durable store: the event log, the catalogue and the users. The embedded implementation lives
 * in {@code persona-store}; nothing above this interface knows which engine is used.
 */
public interface Store extends AutoCloseable {
  EventLog events();

  ItemStore items();

  UserStore users();

  /** Bytes the store occupies on disk now (approximate for engines that compact lazily). */
  long diskBytes();

  /** Flushes and closes. Appends still queued are completed first. */
  @Override
  void close();
}
