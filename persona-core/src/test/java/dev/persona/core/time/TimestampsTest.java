package dev.persona.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimestampsTest {
  @Test
  void parsesInstantsWithZoneOrOffsetAndFractions() {
    assertThat(Timestamps.parseIso("2026-11-22T10:00:00Z")).isEqualTo(1_795_341_600_000L);
    assertThat(Timestamps.parseIso("2026-11-22T18:00:00+08:00")).isEqualTo(1_795_341_600_000L);
    assertThat(Timestamps.parseIso("2026-11-22T10:00:00.250Z")).isEqualTo(1_795_341_600_250L);
  }

  @Test
  void refusesTextThatIsNotAnInstantQuotingIt() {
    assertThatThrownBy(() -> Timestamps.parseIso("2026-11-22 10:00"))
        .hasMessageContaining("not an ISO-8601 instant")
        .hasMessageContaining("'2026-11-22 10:00'");
    assertThatThrownBy(() -> Timestamps.parseIso("2026-11-22")).hasMessageContaining("ISO-8601");
  }

  @Test
  void formatsAsUtcIso() {
    assertThat(Timestamps.format(1_795_341_600_000L)).isEqualTo("2026-11-22T10:00:00Z");
  }
}
