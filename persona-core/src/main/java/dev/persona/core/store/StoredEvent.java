package dev.persona.core.store;

import dev.persona.core.model.Event;

/**
 * An event as the log holds it.
 *
 * @param sequence position in the log, strictly increasing in order of acceptance, starting at 1
 * @param receivedAt when the server accepted it, epoch milliseconds
 * @param event the event
 */
public record StoredEvent(long sequence, long receivedAt, Event event) {}
