package dev.persona.core.model;

import dev.persona.core.model.EventType.ValueRule;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The set of event types a deployment accepts. Immutable. */
public final class EventTypes {
  private static final EventTypes DEFAULTS =
      new EventTypes(
          List.of(
              new EventType("view", true, ValueRule.ANY),
              new EventType("click", true, ValueRule.ANY),
              new EventType("cart", true, ValueRule.NON_NEGATIVE),
              new EventType("remove_cart", true, ValueRule.NON_NEGATIVE),
              new EventType("purchase", true, ValueRule.NON_NEGATIVE),
              new EventType("rate", true, ValueRule.REQUIRED),
              new EventType("like", true, ValueRule.ANY),
              new EventType("dislike", true, ValueRule.ANY),
              new EventType("favorite", true, ValueRule.ANY),
              new EventType("share", true, ValueRule.ANY),
              new EventType("comment", true, ValueRule.ANY),
              new EventType("search", false, ValueRule.ANY),
              new EventType("impression", true, ValueRule.ANY)));

  private final Map<String, EventType> byName;

  private EventTypes(Collection<EventType> types) {
    Map<String, EventType> map = new LinkedHashMap<>();
    for (EventType type : types) {
      if (map.put(type.name(), type) != null) {
        throw new IllegalArgumentException("event type '" + type.name() + "' defined twice");
      }
    }
    if (map.isEmpty()) {
      throw new IllegalArgumentException("at least one event type must be configured");
    }
    this.byName = Map.copyOf(map);
    this.ordered = List.copyOf(map.values());
  }

  private final List<EventType> ordered;

  /** The built-in set: view, click, cart, remove_cart, purchase, rate, ..., impression. */
  public static EventTypes defaults() {
    return DEFAULTS;
  }

  /** The built-in set plus {@code extra} (which may redefine a built-in type). */
  public static EventTypes defaultsPlus(Collection<EventType> extra) {
    Map<String, EventType> map = new LinkedHashMap<>();
    DEFAULTS.ordered.forEach(t -> map.put(t.name(), t));
    extra.forEach(t -> map.put(t.name(), t));
    return new EventTypes(map.values());
  }

  public static EventTypes of(Collection<EventType> types) {
    return new EventTypes(types);
  }

  public Optional<EventType> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<EventType> all() {
    return ordered;
  }

  public List<String> names() {
    return ordered.stream().map(EventType::name).toList();
  }
}
