package dev.persona.data.importer;

import dev.persona.core.validate.Ids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts tag uses per item, case-insensitively, and gives each item's most used tags. Ties go to
 * the tag seen first, so results are deterministic for a given input order.
 */
final class TagTally {
  private final Map<String, LinkedHashMap<String, Tag>> byItem = new HashMap<>();

  private static final class Tag {
    final String text;
    final int order;
    long count;

    Tag(String text, int order) {
      this.text = text;
      this.order = order;
    }
  }

  /**
   * Counts one use of {@code tag} on {@code itemId}.
   *
   * @return false when the tag is not usable (blank, too long, control characters)
   */
  boolean add(String itemId, String tag) {
    String text = tag.strip();
    if (Ids.reason(text, true) != null) {
      return false;
    }
    LinkedHashMap<String, Tag> tags = byItem.computeIfAbsent(itemId, k -> new LinkedHashMap<>());
    Tag t = tags.computeIfAbsent(text.toLowerCase(Locale.ROOT), k -> new Tag(text, tags.size()));
    t.count++;
    return true;
  }

  /** The item's {@code n} most used tags, most used first; empty when it has none. */
  List<String> top(String itemId, int n) {
    LinkedHashMap<String, Tag> tags = byItem.get(itemId);
    if (tags == null) {
      return List.of();
    }
    List<Tag> list = new ArrayList<>(tags.values());
    list.sort(
        (a, b) ->
            a.count != b.count
                ? Long.compare(b.count, a.count)
                : Integer.compare(a.order, b.order));
    List<String> out = new ArrayList<>(Math.min(n, list.size()));
    for (int i = 0; i < list.size() && i < n; i++) {
      out.add(list.get(i).text);
    }
    return out;
  }

  boolean isEmpty() {
    return byItem.isEmpty();
  }

  int items() {
    return byItem.size();
  }
}
