package dev.persona.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordsTest {
  static List<String> fields(Runnable construct) {
    try {
      construct.run();
      return List.of();
    } catch (ValidationException e) {
      return e.violations().stream().map(Violation::field).toList();
    }
  }

  @Test
  void anEventReportsEveryBadFieldAtOnce() {
    assertThat(
            fields(
                () ->
                    new Event(
                        "",
                        null,
                        null,
                        "",
                        -1,
                        Double.POSITIVE_INFINITY,
                        "",
                        "q".repeat(10_001),
                        null,
                        null,
                        null)))
        .containsExactly(
            "id", "type", "userId", "itemId", "sessionId", "timestamp", "value", "query");
  }

  @Test
  void anEventDefaultsItsMapsToEmpty() {
    Event e = Event.of("view", "u", "i", 1);

    assertThat(e.context()).isEmpty();
    assertThat(e.properties()).isEmpty();
  }

  @Test
  void anItemChecksCategoriesTagsPriceAndTime() {
    assertThat(
            fields(
                () ->
                    new Item(
                        "i",
                        null,
                        List.of("a/b", "/a", "a//b", "a/"),
                        null,
                        -1.0,
                        List.of(""),
                        null,
                        -5L,
                        true)))
        .containsExactly(
            "categories[1]", "categories[2]", "categories[3]", "tags[0]", "price", "createdAt");
    assertThat(
            fields(
                () ->
                    new Item(
                        "i",
                        null,
                        java.util.Collections.nCopies(101, "x"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        true)))
        .containsExactly("categories");
    assertThat(fields(() -> Item.of("i", "t", List.of("sports/running/shoes")))).isEmpty();
  }

  @Test
  void aUserKnowsWhichConsentWasWithdrawn() {
    User u = new User("u", Map.of("age", 31L), Map.of("profiling", false, "recommendation", true));

    assertThat(u.withdrew("profiling")).isTrue();
    assertThat(u.withdrew("recommendation")).isFalse();
    assertThat(u.withdrew("marketing")).as("never stated is not withdrawn").isFalse();
    assertThatThrownBy(() -> User.of("")).isInstanceOf(ValidationException.class);
  }
}
