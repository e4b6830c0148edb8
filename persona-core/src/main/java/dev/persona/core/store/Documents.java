package dev.persona.core.store;

import java.util.Map;
import java.util.Optional;

/**
 * Small named documents that configure derived state and must survive restarts (segment
 * definitions), grouped by kind. Writes are durable when they return. Thread-safe.
 */
public interface Documents {
  void put(String kind, String name, byte[] document);

  Optional<byte[]> get(String kind, String name);

  /** Whether a document was there to delete. */
  boolean delete(String kind, String name);

  /** Every document of a kind, by name in name order. */
  Map<String, byte[]> all(String kind);
}
