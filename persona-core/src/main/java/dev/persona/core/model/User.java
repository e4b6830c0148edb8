package dev.persona.core.model;

import dev.persona.core.validate.Ids;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A user as the caller describes them.
 *
 * @param id the user id
 * @param attributes free-form but typed values (gender, age, region, occupation, ...): strings,
 *     numbers, booleans, lists or maps; never {@code null}
 * @param consent named consent flags such as {@code profiling} or {@code recommendation}; an absent
 *     flag means consent was not withdrawn; never {@code null}
 */
public record User(String id, Map<String, Object> attributes, Map<String, Boolean> consent) {
  public User {
    attributes = attributes == null ? Map.of() : attributes;
    consent = consent == null ? Map.of() : Map.copyOf(consent);
    List<Violation> violations = new ArrayList<>();
    Ids.check("id", id, true, violations);
    for (String key : consent.keySet()) {
      Ids.check("consent." + key, key, true, violations);
    }
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
  }

  public static User of(String id) {
    return new User(id, Map.of(), Map.of());
  }

  /** Whether the user has withdrawn the named consent ({@code false} when never stated). */
  public boolean withdrew(String flag) {
    return Boolean.FALSE.equals(consent.get(flag));
  }
}
