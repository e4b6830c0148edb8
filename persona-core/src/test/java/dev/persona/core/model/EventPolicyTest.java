package dev.persona.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.core.model.EventType.ValueRule;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPolicyTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  final EventPolicy policy =
      new EventPolicy(
          EventTypes.defaults(), Duration.ofHours(1), 3, 10, Clock.fixed(NOW, ZoneOffset.UTC));

  static Event event(String type, String item, Double value, long time, Map<String, Object> props) {
    return new Event(null, type, "u1", item, time, value, null, null, null, null, props);
  }

  List<String> fields(Event e) {
    return policy.violations(e).stream().map(Violation::field).toList();
  }

  @Test
  void normalisingLowerCasesTheType() {
    Event e = policy.normalise(event("VIEW", "i1", null, 0, null));

    assertThat(e.type()).isEqualTo("view");
  }

  @Test
  void refusesAnUnknownTypeListingTheKnownOnes() {
    assertThat(policy.violations(event("teleport", "i1", null, 0, null)))
        .singleElement()
        .satisfies(
            v -> assertThat(v.reason()).contains("unknown event type 'teleport'").contains("view"));
  }

  @Test
  void appliesEachTypesItemAndValueRules() {
    assertThat(fields(event("view", null, null, 0, null))).containsExactly("itemId");
    assertThat(fields(event("search", null, null, 0, null))).isEmpty();
    assertThat(fields(event("rate", "i", null, 0, null))).containsExactly("value");
    assertThat(fields(event("rate", "i", -1.0, 0, null))).as("ratings may be negative").isEmpty();
    assertThat(fields(event("purchase", "i", -0.01, 0, null))).containsExactly("value");
    assertThat(fields(event("purchase", "i", 0.0, 0, null))).isEmpty();
  }

  @Test
  void allowsClockSkewUpToTheLimitAndNoMore() {
    long limit = NOW.plus(Duration.ofHours(1)).toEpochMilli();

    assertThat(fields(event("view", "i", null, limit, null))).isEmpty();
    assertThat(fields(event("view", "i", null, limit + 1, null))).containsExactly("timestamp");
  }

  @Test
  void limitsPropertyDepthAndSize() {
    Map<String, Object> depth3 = Map.of("a", Map.of("b", List.of(1L)));
    Map<String, Object> depth4 = Map.of("a", Map.of("b", Map.of("c", List.of(1L))));
    Map<String, Object> large = new java.util.HashMap<>();
    for (int i = 0; i < 11; i++) {
      large.put("k" + i, i);
    }

    assertThat(fields(event("view", "i", null, 0, depth3))).isEmpty();
    assertThat(policy.violations(event("view", "i", null, 0, depth4)))
        .singleElement()
        .satisfies(v -> assertThat(v.reason()).isEqualTo("nested deeper than 3 levels"));
    assertThat(policy.violations(event("view", "i", null, 0, large)))
        .singleElement()
        .satisfies(v -> assertThat(v.reason()).isEqualTo("more than 10 values"));
    assertThat(fields(event("view", "i", null, 0, Map.of("x", Double.NaN))))
        .containsExactly("properties");
    assertThat(fields(event("view", "i", null, 0, Map.of("x", new Object()))))
        .containsExactly("properties");
  }

  @Test
  void normaliseThrowsWithEveryViolation() {
    assertThatThrownBy(() -> policy.normalise(event("rate", null, null, Long.MAX_VALUE / 2, null)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactly("itemId", "value", "timestamp"));
  }

  @Test
  void configuredTypesExtendOrRedefineTheBuiltIns() {
    EventTypes types =
        EventTypes.defaultsPlus(
            List.of(
                new EventType("play", true, ValueRule.NON_NEGATIVE),
                new EventType("view", false, ValueRule.ANY)));

    assertThat(types.names()).contains("play", "purchase");
    assertThat(types.find("view").orElseThrow().itemRequired()).isFalse();
    assertThatThrownBy(() -> new EventType("Play!", true, ValueRule.ANY))
        .hasMessageContaining("[a-z]");
    assertThatThrownBy(
            () ->
                EventTypes.of(
                    List.of(
                        new EventType("a", true, ValueRule.ANY),
                        new EventType("a", true, ValueRule.ANY))))
        .hasMessageContaining("defined twice");
  }
}
