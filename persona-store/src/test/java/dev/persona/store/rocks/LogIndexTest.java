package dev.persona.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

  @Test
  @Timeout(60) // a loader that never finishes fails rather than hangs the build
  void theLoaderIndexesWhatAddingOneByOneIndexes() {
    // fingerprints of 12 bits, so that thousands of ids collide: the first event of a fingerprint
    // is the one the table holds and the others go to the exact map, so both show the order
    java.util.function.ToLongFunction<String> narrow = id -> LogIndex.fingerprint(id) & 0xFFF;
    LogIndex one = new LogIndex(narrow);
    LogIndex loaded = new LogIndex(narrow);
    SplittableRandom r = new SplittableRandom(3);
    Map<Long, String> ids = new HashMap<>();
    int n = 3 * LogIndex.Loader.BATCH + 17; // full batches and a part one
    try (LogIndex.Loader loader = loaded.loader()) {
      for (long seq = 1; seq <= n; seq++) {
        String id = r.nextInt(10) == 0 ? null : "e-" + r.nextLong();
        String user = "u" + r.nextInt(300);
        ids.put(seq, id);
        one.addUnlocked(id, user, seq);
        loader.add(id, user, seq);
      }
      loader.finish();
    }

    for (long seq = 1; seq <= n; seq++) {
      String id = ids.get(seq);
      if (id != null) {
        assertThat(loaded.knows(id, ids::get)).as("id of event %d", seq).isTrue();
      }
    }
    for (int q = 0; q < 2000; q++) {
      String never = "x-" + r.nextLong();
      assertThat(loaded.knows(never, ids::get)).isEqualTo(one.knows(never, ids::get)).isFalse();
    }
    for (long fp = 0; fp <= 0xFFF; fp++) {
      assertThat(loaded.tableSequence(fp))
          .as("fingerprint %d", fp)
          .isEqualTo(one.tableSequence(fp));
    }
    assertThat(loaded.collided()).isNotEmpty().isEqualTo(one.collided());
    assertThat(loaded.users()).isEqualTo(one.users());
    for (int u = 0; u < 300; u++) {
      assertThat(loaded.sequencesOf("u" + u)).containsExactly(one.sequencesOf("u" + u));
    }
  }

  /** An index whose fingerprint function fails on the id "bad", as a bug in indexing would. */
  private static LogIndex failingOnBad() {
    return new LogIndex(
        id -> {
          if (id.equals("bad")) {
            throw new IllegalArgumentException("cannot fingerprint " + id);
          }
          return LogIndex.fingerprint(id);
        });
  }

  @Test
  @Timeout(60)
  void aFailureWhileIndexingComesBackFromFinish() {
    try (LogIndex.Loader loader = failingOnBad().loader()) {
      for (long seq = 1; seq < 100; seq++) {
        loader.add("e" + seq, "u1", seq);
      }
      loader.add("bad", "u1", 100);

      assertThatThrownBy(loader::finish).hasMessage("cannot fingerprint bad");
    }
  }

  @Test
  @Timeout(60)
  void aFailureWhileIndexingStopsTheReaderInsteadOfBlockingIt() {
    try (LogIndex.Loader loader = failingOnBad().loader()) {
      loader.add("bad", "u1", 1);
      // more batches than the queue holds: the reader must notice that nothing takes them any more
      assertThatThrownBy(
              () -> {
                for (long seq = 2; seq < 40L * LogIndex.Loader.BATCH; seq++) {
                  loader.add("e" + seq, "u1", seq);
                }
              })
          .hasMessage("cannot fingerprint bad");
    }
  }

  @Test
  @Timeout(60)
  void closingAnUnfinishedLoaderStopsItsThread() throws Exception {
    LogIndex.Loader loader = new LogIndex().loader();
    loader.add("a", "u1", 1);
    loader.close(); // as when reading the log fails half way

    assertThat(loader.thread().isAlive()).isFalse();
  }
}
