package dev.persona.server.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.index.IdIndex;
import dev.persona.recommend.online.OnlineModel;
import dev.persona.recommend.online.UserState;
import dev.persona.server.TestServer;
import dev.persona.server.TestServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online model across restarts of a real server: a clean shutdown writes its snapshot, the next
 * start reads it instead of replaying the log, a crash after more events replays only the log after
 * the snapshot, and an erasure that the snapshot predates sends the start back to the whole log.
 */
class OnlineSnapshotRestartTest {
  @TempDir Path dir;
  TestServer server;
  final Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
  final Random random = new Random(9);
  int clock;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  void postEvents(int n) {
    StringBuilder batch = new StringBuilder("[");
    for (int e = 0; e < n; e++) {
      clock += 1 + random.nextInt(90);
      String type = random.nextInt(8) == 0 ? "purchase" : "view";
      batch.append(
          ("{\"type\": \"%s\", \"userId\": \"u%d\", \"itemId\": \"i%d\", \"sessionId\": \"s%d\","
                  + " \"timestamp\": \"%s\"},")
              .formatted(
                  type,
                  random.nextInt(25),
                  random.nextInt(40),
                  clock / 1800,
                  start.plusSeconds(clock)));
    }
    batch.setCharAt(batch.length() - 1, ']');
    Response r = server.postJson("/v1/events", batch.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  OnlineModel model() {
    return server.server().recommendations().model();
  }

  long restoredUpTo() {
    return server.server().recommendations().restoredUpTo();
  }

  /** What the model answers about every user and item, by id. */
  List<String> reads() {
    OnlineModel m = model();
    IdIndex ids = m.items();
    long now = start.plus(1, ChronoUnit.DAYS).toEpochMilli();
    List<String> out = new ArrayList<>();
    out.add("users " + m.userCount() + " learned " + m.learned() + " last " + m.lastSequence());
    for (int u = 0; u < 25; u++) {
      UserState s = m.user("u" + u);
      List<String> recent = new ArrayList<>();
      for (int i : s.recent()) {
        recent.add(ids.toId(i));
      }
      out.add("u" + u + recent + Arrays.toString(s.types()) + s.session() + s.lastTime());
    }
    for (int i = 0; i < 40; i++) {
      int item = ids.toIndex("i" + i);
      if (item < 0) {
        out.add("i" + i + " never seen");
        continue;
      }
      OnlineModel.Neighbours n = m.neighbours(item, 10);
      List<String> near = new ArrayList<>();
      for (int k = 0; k < n.size(); k++) {
        near.add(ids.toId(n.items()[k]) + "=" + n.scores()[k]);
      }
      out.add(
          "i" + i + near + m.users(item) + m.latestUsers(item, 32) + m.popularity(item, 1, now));
    }
    return out;
  }

  @Test
  void theModelComesBackFromItsSnapshotAndTheLogAfterIt() throws Exception {
    Path snapshot = dir.resolve("online-model.snapshot");
    server = TestServer.start(dir);
    postEvents(300);
    List<String> first = reads();
    assertThat(model().learned()).isEqualTo(300);
    server.close();
    assertThat(snapshot).isRegularFile();
    Path kept = dir.resolve("kept.snapshot");
    Files.copy(snapshot, kept);

    // a clean restart reads the snapshot: nothing to replay, the same answers
    server = TestServer.start(dir);
    assertThat(restoredUpTo()).isEqualTo(300);
    assertThat(reads()).isEqualTo(first);

    // more events, then a crash (the snapshot on disk is still the first one): the start reads it
    // and replays the 200 events after it
    postEvents(200);
    List<String> second = reads();
    assertThat(second).isNotEqualTo(first);
    server.close();
    Files.copy(kept, snapshot, StandardCopyOption.REPLACE_EXISTING);
    server = TestServer.start(dir);
    assertThat(restoredUpTo()).isEqualTo(300);
    assertThat(reads()).isEqualTo(second);
    assertThat(model().learned()).isEqualTo(500);

    // an erasure deletes the snapshot, which holds the user's traces, and none is written until a
    // start has rebuilt the model (the erased events still count in the live model's popularity
    // and co-occurrence)
    Response erased = server.send("DELETE", "/v1/users/u3", null, null, null);
    assertThat(erased.status()).isEqualTo(204);
    assertThat(snapshot).doesNotExist();
    long left = server.eventCount();
    assertThat(left).isLessThan(500);
    assertThat(model().learned()).isEqualTo(left);
    server.close();
    assertThat(snapshot).doesNotExist();
    server = TestServer.start(dir);
    assertThat(restoredUpTo()).isEqualTo(-1);
    assertThat(model().learned()).isEqualTo(left);
    assertThat(model().user("u3").recent()).isEmpty();
    assertThat(model().user("u4").recent()).isNotEmpty();
    List<String> rebuilt = reads();
    server.close();
    assertThat(snapshot).isRegularFile(); // the rebuilt model's

    // had a crash kept the old snapshot, the start finds the log short of what it learned and
    // rebuilds from the whole log: the erased user's events do not come back
    Files.copy(kept, snapshot, StandardCopyOption.REPLACE_EXISTING);
    server = TestServer.start(dir);
    assertThat(restoredUpTo()).isEqualTo(-1);
    assertThat(reads()).isEqualTo(rebuilt);
    // the rebuild was counted as a second replay, of the whole log, from 0 (the first replayed
    // the events after the kept snapshot, about 200)
    assertThat(server.server().readiness().toReplay()).isEqualTo(left);
    assertThat(server.server().readiness().replayed()).isEqualTo(left);
  }

  @Test
  void aDamagedSnapshotIsDeletedAndTheModelRebuiltFromTheLog() throws Exception {
    Path snapshot = dir.resolve("online-model.snapshot");
    server = TestServer.start(dir);
    postEvents(100);
    List<String> before = reads();
    server.close();
    byte[] bytes = Files.readAllBytes(snapshot);
    Files.write(snapshot, Arrays.copyOf(bytes, bytes.length / 3));

    server = TestServer.start(dir);
    assertThat(restoredUpTo()).isEqualTo(-1);
    assertThat(snapshot).doesNotExist(); // set aside for good: the next shutdown writes a new one
    assertThat(reads()).isEqualTo(before);
    server.close();
    assertThat(snapshot).isRegularFile();
    server = TestServer.start(dir);
    assertThat(restoredUpTo()).isEqualTo(100);
    assertThat(reads()).isEqualTo(before);
  }
}
