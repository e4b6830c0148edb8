package dev.persona.core.store;

import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import java.util.List;

/**
 * The store's change feed: what derived state (statistics, profiles, online models) follows. The
 * store calls a listener on one thread, in commit order, once each change is durable and before the
 * caller's future completes, so that a caller who sees its write acknowledged also sees it in
 * derived state, and derived state sees changes in the order of the log. A listener must be quick
 * (it delays every acknowledgement behind it) and must not call back into the store's write
 * methods. An exception it throws is logged and counted; the change stays stored and is applied
 * again from the log at the next start.
 */
public interface StoreListener {
  /** Events newly appended, in sequence order. */
  default void eventsAppended(List<StoredEvent> events) {}

  /** Items stored (each replaces any earlier version). */
  default void itemsPut(List<Item> items) {}

  /** Users stored (each replaces any earlier version). */
  default void usersPut(List<User> users) {}

  /** A user erased: their events, record and stored profile are gone. */
  default void userErased(String userId, Erasure erasure) {}
}
