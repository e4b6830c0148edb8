package dev.persona.core.model;

import java.util.regex.Pattern;

/**
 * What an event type requires of an event.
 *
 * @param name lower-case name such as {@code view}; letters, digits and underscores
 * @param itemRequired whether the event must name an item ({@code search} does not)
 * @param value what the event's {@code value} may be
 */
public record EventType(String name, boolean itemRequired, ValueRule value) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public EventType {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "event type name must match [a-z][a-z0-9_]{0,63}, got '" + name + "'");
    }
    if (value == null) {
      throw new IllegalArgumentException("value rule of event type '" + name + "' is null");
    }
  }

  /** The constraint an event type puts on {@code value}. Every value must be finite. */
  public enum ValueRule {
    /** Any finite number, or none. */
    ANY,
    /** Zero or more (a quantity or an amount), or none. */
    NON_NEGATIVE,
    /** A finite number must be given (a rating). */
    REQUIRED
  }
}
