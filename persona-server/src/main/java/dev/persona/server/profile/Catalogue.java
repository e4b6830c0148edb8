package dev.persona.server.profile;

import dev.persona.core.model.Item;
import dev.persona.core.store.ItemStore;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalogue in memory: every item, loaded from the store at start-up and kept current from its
 * change feed. Profiles, rules and (later) recommenders read items here rather than from disk, and
 * share the items' strings. Thread-safe.
 */
public final class Catalogue {
  private final ConcurrentHashMap<String, Item> items = new ConcurrentHashMap<>();

  public void load(ItemStore store) {
    store.forEach(i -> items.put(i.id(), i));
  }

  public void put(List<Item> batch) {
    batch.forEach(i -> items.put(i.id(), i));
  }

  /** The item, or {@code null} when unknown. */
  public Item get(String id) {
    return items.get(id);
  }

  public Collection<Item> all() {
    return items.values();
  }

  public int size() {
    return items.size();
  }
}
