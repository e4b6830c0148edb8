package dev.persona.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogIndexTest {
  /** The ids stored in a pretend log, by sequence. */
  private final Map<Long, String> log = Map.of(1L, "a", 2L, "b", 3L, "c");

  @Test
  void idsThatShareAFingerprintAreToldApartByTheLog() {
    LogIndex index = new LogIndex(id -> 42L); // every id collides
    index.addUnlocked("a", "u1", 1);
    index.addUnlocked("b", "u1", 2);

    assertThat(index.knows("a", log::get)).isTrue();
    assertThat(index.knows("b", log::get)).isTrue();
    assertThat(index.knows("z", log::get)).as("same fingerprint, never stored").isFalse();
  }

  @Test
  void anUnknownFingerprintIsNotKnown() {
    LogIndex index = new LogIndex();
    index.addUnlocked("a", "u1", 1);

    assertThat(index.knows("a", log::get)).isTrue();
    assertThat(index.knows("b", log::get)).isFalse();
  }

  @Test
  void erasedIdsStayKnownAndTheUsersSequencesAreGone() {
    LogIndex index = new LogIndex();
    index.added(
        new String[] {"a", null, "c"}, new String[] {"u1", "u1", "u2"}, new long[] {1, 2, 3}, 3);
    assertThat(index.sequencesOf("u1")).containsExactly(1, 2);

    index.erased("u1", new long[] {LogIndex.fingerprint("a")});

    assertThat(index.sequencesOf("u1")).isEmpty();
    assertThat(index.knows("a", seq -> null))
        .as("the event is gone, its id is still known")
        .isTrue();
    assertThat(index.sequencesOf("u2")).containsExactly(3);
  }

  @Test
  void fingerprintsSpreadSimilarIds() {
    assertThat(LogIndex.fingerprint("e-1")).isNotEqualTo(LogIndex.fingerprint("e-2"));
    assertThat(LogIndex.fingerprint("e-1")).isEqualTo(LogIndex.fingerprint("e-1"));
  }
}
