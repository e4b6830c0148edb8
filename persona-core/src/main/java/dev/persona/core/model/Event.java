package dev.persona.core.model;

import dev.persona.core.validate.Ids;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One thing a user did. The unit of the event log, from which everything else is derived.
 *
 * <p>The record checks what holds for every deployment (ids, finite value, non-negative time).
 * Whether the type is known, whether it needs an item and what its value may be depend on the
 * configured {@link EventTypes} and are checked by {@link EventPolicy}.
 *
 * @param id caller's id for idempotency, or {@code null}; an event whose id was already accepted is
 *     a duplicate and is not applied again
 * @param type event type name, for example {@code view}
 * @param userId the user; required
 * @param itemId the item, or {@code null} for types that need none (search)
 * @param timestamp when it happened, epoch milliseconds, not negative
 * @param value rating, quantity or amount, or {@code null}; finite when given
 * @param sessionId the visit, or {@code null}
 * @param query search text, or {@code null}
 * @param text free text such as a comment, or {@code null}
 * @param context flat string map (device, page, recommendationId), never {@code null}; at most 32
 *     entries, keys following the id rules, values at most 1,000 characters
 * @param properties free-form JSON-like values (strings, numbers, booleans, lists, maps), never
 *     {@code null}
 */
public record Event(
    String id,
    String type,
    String userId,
    String itemId,
    long timestamp,
    Double value,
    String sessionId,
    String query,
    String text,
    Map<String, String> context,
    Map<String, Object> properties) {

  /** Longest accepted {@code query} or {@code text}, in characters. */
  public static final int MAX_TEXT_LENGTH = 10_000;

  /** Most entries in {@code context}. */
  public static final int MAX_CONTEXT_ENTRIES = 32;

  /** Longest value in {@code context}, in characters. */
  public static final int MAX_CONTEXT_VALUE_LENGTH = 1_000;

  public Event {
    context = context == null ? Map.of() : Map.copyOf(context);
    properties = properties == null ? Map.of() : properties;
    List<Violation> violations = new ArrayList<>();
    Ids.check("id", id, false, violations);
    if (type == null) {
      violations.add(Violation.of("type", "missing"));
    } else if (type.isEmpty()) {
      violations.add(Violation.of("type", "must not be empty"));
    }
    Ids.check("userId", userId, true, violations);
    Ids.check("itemId", itemId, false, violations);
    Ids.check("sessionId", sessionId, false, violations);
    if (timestamp < 0) {
      violations.add(
          Violation.of("timestamp", "must not be before 1970-01-01 (" + timestamp + ")"));
    }
    if (value != null && !Double.isFinite(value)) {
      violations.add(Violation.of("value", "must be a finite number, got " + value));
    }
    checkContext(context, violations);
    checkText("query", query, violations);
    checkText("text", text, violations);
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
  }

  /** A minimal event: no id, value, session or extras. */
  public static Event of(String type, String userId, String itemId, long timestamp) {
    return new Event(null, type, userId, itemId, timestamp, null, null, null, null, null, null);
  }

  public Event withType(String newType) {
    return new Event(
        id, newType, userId, itemId, timestamp, value, sessionId, query, text, context, properties);
  }

  private static void checkContext(Map<String, String> context, List<Violation> out) {
    if (context.size() > MAX_CONTEXT_ENTRIES) {
      out.add(
          Violation.of(
              "context", "more than " + MAX_CONTEXT_ENTRIES + " entries (" + context.size() + ")"));
      return;
    }
    for (Map.Entry<String, String> entry : context.entrySet()) {
      String keyReason = Ids.reason(entry.getKey(), true);
      if (keyReason != null) {
        out.add(Violation.of("context", "a key " + keyReason));
      } else if (entry.getValue() != null && entry.getValue().length() > MAX_CONTEXT_VALUE_LENGTH) {
        out.add(
            Violation.of(
                "context." + entry.getKey(),
                "longer than " + MAX_CONTEXT_VALUE_LENGTH + " characters"));
      }
    }
  }

  private static void checkText(String field, String value, List<Violation> out) {
    if (value != null && value.length() > MAX_TEXT_LENGTH) {
      out.add(
          Violation.of(
              field, "longer than " + MAX_TEXT_LENGTH + " characters (" + value.length() + ")"));
    }
  }
}
