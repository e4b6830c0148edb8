package dev.persona.core.validate;

import java.util.List;

/**
 * Thrown when an input breaks the data model's rules. Carries every violation found, so that a
 * caller can fix all of them in one round trip.
 */
public final class ValidationException extends IllegalArgumentException {
  private final transient List<Violation> violations;

  public ValidationException(List<Violation> violations) {
    super(summary(violations));
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a ValidationException needs at least one violation");
    }
    this.violations = List.copyOf(violations);
  }

  public ValidationException(Violation violation) {
    this(List.of(violation));
  }

  public List<Violation> violations() {
    return violations;
  }

  private static String summary(List<Violation> violations) {
    if (violations.isEmpty()) {
      return "invalid input";
    }
    String first = violations.get(0).toString();
    return violations.size() == 1 ? first : first + " (and " + (violations.size() - 1) + " more)";
  }
}
