package dev.persona.core.store;

import dev.persona.core.model.User;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Users as described by the caller. Thread-safe; a put replaces the whole user. A user is removed
 * with {@link Store#eraseUser}, which removes their events too.
 */
public interface UserStore {
  /** Stores the users atomically and durably (under the sync policy) before returning. */
  void putAll(List<User> users);

  Optional<User> get(String id);

  long count();

  /** Streams every user. */
  void forEach(Consumer<User> consumer);
}
