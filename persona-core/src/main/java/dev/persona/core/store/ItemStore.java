package dev.persona.core.store;

import dev.persona.core.model.Item;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The catalogue. Thread-safe; a put replaces the whole item. */
public interface ItemStore {
  /** Stores the items atomically and durably (under the sync policy) before returning. */
  void putAll(List<Item> items);

  Optional<Item> get(String id);

  long count();

  void forEach(Consumer<Item> consumer);
}
