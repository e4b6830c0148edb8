package dev.persona.core.validate;

import java.util.List;

/**
 * The rule for external ids (users, items, events, sessions): 1 to 256 characters, no control
 * characters, no unpaired UTF-16 surrogates (they cannot be stored as UTF-8).
 */
public final class Ids {
  public static final int MAX_LENGTH = 256;

  private Ids() {}

  /**
   * Adds a violation to {@code out} when {@code id} breaks the rule.
   *
   * @param required whether {@code null} is a violation ({@code "missing"}) or allowed
   * @return true when the id is acceptable
   */
  public static boolean check(String field, String id, boolean required, List<Violation> out) {
    String reason = reason(id, required);
    if (reason != null) {
      out.add(Violation.of(field, reason));
      return false;
    }
    return true;
  }

  /** The reason {@code id} is not acceptable, or {@code null} when it is. */
  public static String reason(String id, boolean required) {
    if (id == null) {
      return required ? "missing" : null;
    }
    if (id.isEmpty()) {
      return "must not be empty";
    }
    if (id.length() > MAX_LENGTH) {
      return "longer than " + MAX_LENGTH + " characters (" + id.length() + ")";
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c)) {
        return "contains a control character at position " + i;
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < id.length()
                && Character.isLowSurrogate(id.charAt(i + 1));
        if (!paired) {
          return "contains an unpaired UTF-16 surrogate at position " + i;
        }
        i++;
      }
    }
    return null;
  }

  /** Throws {@link ValidationException} when {@code id} is not a valid required id. */
  public static String require(String field, String id) {
    String reason = reason(id, true);
    if (reason != null) {
      throw new ValidationException(Violation.of(field, reason));
    }
    return id;
  }
}
