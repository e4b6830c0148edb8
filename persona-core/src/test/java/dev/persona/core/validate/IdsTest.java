package dev.persona.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void acceptsOrdinaryAndInternationalIds() {
    assertThat(Ids.reason("u-42", true)).isNull();
    assertThat(Ids.reason("用户-7", true)).isNull();
    assertThat(Ids.reason("emoji-\uD83D\uDE00", true)).as("a paired surrogate is fine").isNull();
    assertThat(Ids.reason("x".repeat(256), true)).isNull();
  }

  @Test
  void namesTheReasonForEachBadId() {
    assertThat(Ids.reason(null, true)).isEqualTo("missing");
    assertThat(Ids.reason(null, false)).isNull();
    assertThat(Ids.reason("", false)).isEqualTo("must not be empty");
    assertThat(Ids.reason("x".repeat(257), true)).isEqualTo("longer than 256 characters (257)");
    assertThat(Ids.reason("a\nb", true)).isEqualTo("contains a control character at position 1");
    assertThat(Ids.reason("a\u0085", true)).contains("control character");
    assertThat(Ids.reason("a\uD83D", true))
        .isEqualTo("contains an unpaired UTF-16 surrogate at position 1");
    assertThat(Ids.reason("\uDE00a", true)).contains("unpaired");
  }

  @Test
  void requireThrowsAViolationNamingTheField() {
    assertThatThrownBy(() -> Ids.require("userId", ""))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .containsExactly(Violation.of("userId", "must not be empty")));
  }

  @Test
  void aViolationPlacedInABatchGetsItsIndexAndPrefix() {
    Violation v = Violation.of("userId", "missing").inBatch("events", 3);

    assertThat(v).isEqualTo(new Violation(3, "events[3].userId", "missing"));
    assertThat(Violation.of("", "must be an object").inBatch("items", 0).field())
        .isEqualTo("items[0]");
  }
}
