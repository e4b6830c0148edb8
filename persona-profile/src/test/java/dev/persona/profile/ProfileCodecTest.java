package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.core.model.Event;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProfileCodecTest {
  final ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());

  Profile sample() {
    Profile p = null;
    for (int i = 0; i < 10; i++) {
      p =
          updater.apply(
              p,
              Event.of("view", "u1", "shoe", ProfileUpdaterTest.T0 + i * 60_000L),
              ProfileUpdaterTest.SHOE);
    }
    return p;
  }

  @Test
  void anEmptyProfileRoundTrips() {
    Profile empty = ProfileUpdater.empty("u9");
    assertThat(ProfileCodec.decode(ProfileCodec.encode(empty))).isEqualTo(empty);
  }

  @Test
  void aTypicalProfileIsAFewHundredBytes() {
    assertThat(ProfileCodec.encode(sample()).length).isBetween(100, 600);
  }

  @Test
  void anUnknownVersionIsRefused() {
    byte[] bytes = ProfileCodec.encode(sample());
    bytes[0] = 99;
    assertThatThrownBy(() -> ProfileCodec.decode(bytes)).hasMessageContaining("version 99");
  }

  @Test
  void aTruncatedRecordIsRefusedWithAReason() {
    byte[] bytes = ProfileCodec.encode(sample());
    for (int cut : new int[] {1, 5, bytes.length / 2, bytes.length - 1}) {
      byte[] part = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> ProfileCodec.decode(part))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] bytes = ProfileCodec.encode(sample());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThatThrownBy(() -> ProfileCodec.decode(longer)).hasMessageContaining("left over");
  }
}
