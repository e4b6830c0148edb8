package dev.persona.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelJsonTest {
  static JsonNode json(String text) throws Exception {
    return Wire.mapper().readTree(text);
  }

  static List<Violation> violations(ThrowingRunnable r) {
    try {
      r.run();
      throw new AssertionError("expected a ValidationException");
    } catch (ValidationException e) {
      return e.violations();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void readsTheEventOfApiMd() throws Exception {
    Event e =
        ModelJson.readEvent(
            json(
                """
                {"id": "e-1", "type": "view", "userId": "u1", "itemId": "i9",
                 "timestamp": "2026-11-22T10:00:00Z", "value": 4.5, "sessionId": "s1",
                 "query": "red shoes", "text": "...", "context": {"device": "mobile", "recommendationId": "r-77"},
                 "properties": {"list": [1, 2.5, "x", true], "n": {"deep": null}}}
                """),
            () -> 0);

    assertThat(e.timestamp()).isEqualTo(1_795_341_600_000L);
    assertThat(e.value()).isEqualTo(4.5);
    assertThat(e.context()).containsEntry("recommendationId", "r-77");
    assertThat(e.properties().get("list")).isEqualTo(List.of(1L, 2.5, "x", true));
  }

  @Test
  void writeThenReadGivesTheSameEvent() throws Exception {
    Event e =
        new Event(
            "e",
            "purchase",
            "u",
            "i",
            1_700_000_000_123L,
            9.5,
            "s",
            null,
            "t",
            Map.of("d", "m"),
            Map.of("k", List.of(1L, "v")));

    Event back = ModelJson.readEvent(json(ModelJson.writeEvent(e).toString()), () -> 0);

    assertThat(back).isEqualTo(e);
  }

  @Test
  void aMissingTimestampTakesTheSuppliedTime() throws Exception {
    assertThat(
            ModelJson.readEvent(
                    json("{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}"), () -> 77)
                .timestamp())
        .isEqualTo(77);
  }

  @Test
  void integerIdsAreReadAsText() throws Exception {
    Event e = ModelJson.readEvent(json("{\"type\":\"view\",\"userId\":42,\"itemId\":7}"), () -> 0);

    assertThat(e.userId()).isEqualTo("42");
    assertThat(e.itemId()).isEqualTo("7");
  }

  @Test
  void wrongJsonTypesAndUnknownFieldsAreNamed() {
    assertThat(
            violations(
                () ->
                    ModelJson.readEvent(
                        json(
                            "{\"type\":1,\"userId\":[],\"value\":\"5\",\"timestamp\":1.5,\"extra\":0}"),
                        () -> 0)))
        .extracting(Violation::field)
        .containsExactly("extra", "type", "userId", "timestamp", "value");
  }

  @Test
  void itemsAndUsersRoundTripAndCheckThePathId() throws Exception {
    Item item =
        new Item(
            "i1",
            "Shoe",
            List.of("a/b"),
            "Acme",
            10.0,
            List.of("t"),
            Map.of("color", "red"),
            1_000L,
            false);
    User user = new User("u1", Map.of("age", 30L), Map.of("profiling", false));

    assertThat(ModelJson.readItem(json(ModelJson.writeItem(item).toString()), null))
        .isEqualTo(item);
    assertThat(ModelJson.readUser(json(ModelJson.writeUser(user).toString()), "u1"))
        .isEqualTo(user);
    assertThat(violations(() -> ModelJson.readUser(json("{\"id\":\"u2\"}"), "u1")))
        .singleElement()
        .satisfies(v -> assertThat(v.reason()).contains("differs from the id in the path"));
    assertThatThrownBy(() -> ModelJson.readItem(json("[1]"), null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("must be an item object, got an array");
  }
}
