package dev.persona.core.store;

/** Too many writes are waiting; the caller should retry later. Nothing was stored. */
public final class StoreOverloadedException extends StoreException {
  public StoreOverloadedException(String message) {
    super(message);
  }
}
