package dev.persona.core.validate;

/**
 * One reason why an input was refused.
 *
 * @param index position in a batch, or {@code null} for a single object
 * @param field the path of the offending field as the caller wrote it, for example {@code
 *     events[3].userId}; {@code ""} when the whole input is at fault
 * @param reason a short human-readable reason, for example {@code "missing"}
 */
public record Violation(Integer index, String field, String reason) {
  public Violation {
    if (field == null) {
      throw new IllegalArgumentException("field must not be null");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank");
    }
  }

  public static Violation of(String field, String reason) {
    return new Violation(null, field, reason);
  }

  /** The same violation placed inside a batch: {@code userId} becomes {@code events[3].userId}. */
  public Violation inBatch(String batchField, int position) {
    String prefix = batchField + "[" + position + "]";
    return new Violation(position, field.isEmpty() ? prefix : prefix + "." + field, reason);
  }

  @Override
  public String toString() {
    return (field.isEmpty() ? "input" : field) + ": " + reason;
  }
}
