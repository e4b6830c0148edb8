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
 * methods. An exception it throws is logged and counted, and the change stays stored: a listener
 * that keeps derived state must catch its own failures and rebuild from the log (Persona's profiles
 * mark their snapshot so that the next start rebuilds them).
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

  /**
   * Some changes reached the store without being reported here (a group of writes failed after part
   * of it was durable). Derived state no longer matches the log and should be rebuilt from it.
   */
  default void diverged(String reason) {}
}
