package dev.persona.core.store;

import java.util.Map;

/**
 * What erasing a user removed.
 *
 * @param events events removed from the log
 * @param eventsByType the same, by event type, so that derived counts can follow
 * @param userRecord whether a user record was removed
 */
public record Erasure(long events, Map<String, Long> eventsByType, boolean userRecord) {
  public Erasure {
    eventsByType = Map.copyOf(eventsByType);
  }
}
