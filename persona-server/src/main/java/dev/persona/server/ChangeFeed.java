package dev.persona.server;

import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.Erasure;
import dev.persona.core.store.StoreListener;
import dev.persona.core.store.StoredEvent;
import java.util.List;

/**
 * The store's one listener, passing each change to the derived state in a fixed order: profiles
 * first (recommendations read a user's profile), then the online recommendation model. One
 * follower's failure does not keep the change from the next.
 */
final class ChangeFeed implements StoreListener {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChangeFeed.class);
  private final List<StoreListener> followers;

  ChangeFeed(List<StoreListener> followers) {
    this.followers = List.copyOf(followers);
  }

  private void each(java.util.function.Consumer<StoreListener> call) {
    for (StoreListener f : followers) {
      try {
        call.accept(f);
      } catch (RuntimeException e) {
        log.error("{} failed to follow a change", f.getClass().getSimpleName(), e);
        f.diverged(e.toString());
      }
    }
  }

  @Override
  public void eventsAppended(List<StoredEvent> events) {
    each(f -> f.eventsAppended(events));
  }

  @Override
  public void itemsPut(List<Item> items) {
    each(f -> f.itemsPut(items));
  }

  @Override
  public void usersPut(List<User> users) {
    each(f -> f.usersPut(users));
  }

  @Override
  public void userErased(String userId, Erasure erasure) {
    each(f -> f.userErased(userId, erasure));
  }

  @Override
  public void diverged(String reason) {
    each(f -> f.diverged(reason));
  }
}
