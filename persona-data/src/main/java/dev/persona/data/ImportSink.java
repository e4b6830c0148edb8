package dev.persona.data;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.AppendResult;
import java.util.List;

/**
 * Where imported records go: the local ingestion pipeline (an embedded store) or a running server
 * over HTTP. Calls come in batches from one thread; each call returns once the batch is durable.
 */
public interface ImportSink {
  /**
   * Stores a batch of events that passed the importer's own checks.
   *
   * @return how many were new and how many were duplicates of stored ids
   * @throws dev.persona.core.validate.ValidationException when the sink refuses the batch (for
   *     example an event type its configuration does not know); nothing of the batch is stored
   */
  AppendResult events(List<Event> events);

  /** Upserts a batch of items. */
  void items(List<Item> items);

  /** Upserts a batch of users. */
  void users(List<User> users);
}
