package dev.persona.core.model;

import dev.persona.core.validate.Ids;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Something that can be recommended.
 *
 * @param id the item id
 * @param title display title, or {@code null}
 * @param categories hierarchical paths such as {@code electronics/phones}; segments separated by
 *     {@code /}, none empty; never {@code null}
 * @param brand brand, or {@code null}
 * @param price price in the shop's currency, not negative, or {@code null}
 * @param tags free tags, never {@code null}
 * @param attributes free-form JSON-like values, never {@code null}
 * @param createdAt when the item appeared, epoch milliseconds, or {@code null}
 * @param available whether it may be recommended now
 */
public record Item(
    String id,
    String title,
    List<String> categories,
    String brand,
    Double price,
    List<String> tags,
    Map<String, Object> attributes,
    Long createdAt,
    boolean available) {

  public static final int MAX_LIST_SIZE = 100;

  public Item {
    categories = categories == null ? List.of() : List.copyOf(categories);
    tags = tags == null ? List.of() : List.copyOf(tags);
    attributes = attributes == null ? Map.of() : attributes;
    List<Violation> violations = new ArrayList<>();
    Ids.check("id", id, true, violations);
    if (title != null && title.length() > Event.MAX_TEXT_LENGTH) {
      violations.add(Violation.of("title", "longer than " + Event.MAX_TEXT_LENGTH + " characters"));
    }
    checkList("categories", categories, violations);
    for (int i = 0; i < categories.size(); i++) {
      String path = categories.get(i);
      if (path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
        violations.add(
            Violation.of("categories[" + i + "]", "has an empty path segment: '" + path + "'"));
      }
    }
    checkList("tags", tags, violations);
    if (brand != null) {
      Ids.check("brand", brand, false, violations);
    }
    if (price != null && (!Double.isFinite(price) || price < 0)) {
      violations.add(Violation.of("price", "must be a finite number >= 0, got " + price));
    }
    if (createdAt != null && createdAt < 0) {
      violations.add(Violation.of("createdAt", "must not be before 1970-01-01"));
    }
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
  }

  /** An available item with just an id, a title and categories. */
  public static Item of(String id, String title, List<String> categories) {
    return new Item(id, title, categories, null, null, List.of(), Map.of(), null, true);
  }

  private static void checkList(String field, List<String> values, List<Violation> out) {
    if (values.size() > MAX_LIST_SIZE) {
      out.add(
          Violation.of(field, "more than " + MAX_LIST_SIZE + " entries (" + values.size() + ")"));
      return;
    }
    for (int i = 0; i < values.size(); i++) {
      String reason = Ids.reason(values.get(i), true);
      if (reason != null) {
        out.add(Violation.of(field + "[" + i + "]", reason));
      }
    }
  }
}
