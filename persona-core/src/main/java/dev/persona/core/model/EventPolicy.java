package dev.persona.core.model;

import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The deployment's rules for events, on top of what {@link Event} checks by itself: the type must
 * be configured, the item present when the type needs one, the value allowed by the type, the
 * timestamp not far in the future, and the properties not too deep or too large.
 *
 * <p>Thread-safe and immutable.
 */
public final class EventPolicy {
  /** Default tolerance for clocks that run ahead of ours. */
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofDays(1);

  /** Default limit on nesting inside {@code properties}: a map in a map in a map... */
  public static final int DEFAULT_MAX_PROPERTY_DEPTH = 5;

  /** Default limit on the number of values inside {@code properties}, at every depth together. */
  public static final int DEFAULT_MAX_PROPERTY_VALUES = 256;

  private final EventTypes types;
  private final Duration maxFutureSkew;
  private final int maxPropertyDepth;
  private final int maxPropertyValues;
  private final Clock clock;

  public EventPolicy(
      EventTypes types,
      Duration maxFutureSkew,
      int maxPropertyDepth,
      int maxPropertyValues,
      Clock clock) {
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must not be negative: " + maxFutureSkew);
    }
    if (maxPropertyDepth < 1) {
      throw new IllegalArgumentException("maxPropertyDepth must be >= 1: " + maxPropertyDepth);
    }
    if (maxPropertyValues < 1) {
      throw new IllegalArgumentException("maxPropertyValues must be >= 1: " + maxPropertyValues);
    }
    this.types = types;
    this.maxFutureSkew = maxFutureSkew;
    this.maxPropertyDepth = maxPropertyDepth;
    this.maxPropertyValues = maxPropertyValues;
    this.clock = clock;
  }

  public static EventPolicy defaults() {
    return new EventPolicy(
        EventTypes.defaults(),
        DEFAULT_MAX_FUTURE_SKEW,
        DEFAULT_MAX_PROPERTY_DEPTH,
        DEFAULT_MAX_PROPERTY_VALUES,
        Clock.systemUTC());
  }

  public EventTypes types() {
    return types;
  }

  public int maxPropertyDepth() {
    return maxPropertyDepth;
  }

  /**
   * Checks {@code event} and returns it with its type in lower case.
   *
   * @throws ValidationException naming every field at fault
   */
  public Event normalise(Event event) {
    Event normal =
        event.type().equals(event.type().toLowerCase(Locale.ROOT))
            ? event
            : event.withType(event.type().toLowerCase(Locale.ROOT));
    List<Violation> violations = violations(normal);
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
    return normal;
  }

  /** The violations of {@code event} against this policy; empty when it is acceptable. */
  public List<Violation> violations(Event event) {
    List<Violation> out = new ArrayList<>(2);
    EventType type = types.find(event.type().toLowerCase(Locale.ROOT)).orElse(null);
    if (type == null) {
      out.add(
          Violation.of(
              "type", "unknown event type '" + event.type() + "'; known: " + types.names()));
    } else {
      if (type.itemRequired() && event.itemId() == null) {
        out.add(Violation.of("itemId", "missing (required for type '" + type.name() + "')"));
      }
      switch (type.value()) {
        case REQUIRED -> {
          if (event.value() == null) {
            out.add(Violation.of("value", "missing (required for type '" + type.name() + "')"));
          }
        }
        case NON_NEGATIVE -> {
          if (event.value() != null && event.value() < 0) {
            out.add(
                Violation.of(
                    "value", "must be >= 0 for type '" + type.name() + "', got " + event.value()));
          }
        }
        case ANY -> {}
      }
    }
    long latest = clock.millis() + maxFutureSkew.toMillis();
    if (event.timestamp() > latest) {
      out.add(
          Violation.of(
              "timestamp",
              "more than "
                  + maxFutureSkew
                  + " in the future ("
                  + java.time.Instant.ofEpochMilli(event.timestamp())
                  + ")"));
    }
    checkProperties(event.properties(), out);
    return out;
  }

  private void checkProperties(Map<String, Object> properties, List<Violation> out) {
    int[] count = {0};
    String problem = walk(properties, 1, count);
    if (problem != null) {
      out.add(Violation.of("properties", problem));
    }
  }

  /** Returns a reason when the tree is too deep, too large or holds an unsupported value. */
  private String walk(Object node, int depth, int[] count) {
    if (node instanceof Map<?, ?> map) {
      if (depth > maxPropertyDepth) {
        return "nested deeper than " + maxPropertyDepth + " levels";
      }
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (++count[0] > maxPropertyValues) {
          return "more than " + maxPropertyValues + " values";
        }
        String problem = walk(entry.getValue(), depth + 1, count);
        if (problem != null) {
          return problem;
        }
      }
    } else if (node instanceof List<?> list) {
      if (depth > maxPropertyDepth) {
        return "nested deeper than " + maxPropertyDepth + " levels";
      }
      for (Object element : list) {
        if (++count[0] > maxPropertyValues) {
          return "more than " + maxPropertyValues + " values";
        }
        String problem = walk(element, depth + 1, count);
        if (problem != null) {
          return problem;
        }
      }
    } else if (node instanceof Double d && !Double.isFinite(d)) {
      return "holds a non-finite number";
    } else if (node instanceof String s && s.length() > Event.MAX_TEXT_LENGTH) {
      return "holds a string longer than " + Event.MAX_TEXT_LENGTH + " characters";
    } else if (!(node == null
        || node instanceof String
        || node instanceof Number
        || node instanceof Boolean)) {
      return "holds an unsupported value of type " + node.getClass().getSimpleName();
    }
    return null;
  }
}
