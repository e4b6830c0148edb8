package dev.persona.recommend.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.core.index.IdIndex;
import dev.persona.core.model.Event;
import dev.persona.core.store.StoredEvent;
import dev.persona.recommend.RecommendConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The online model's snapshot: a model read back from one, then fed the same later events as the
 * original, answers every read as the original does; a snapshot that does not fit is refused with
 * its reason and leaves the model as it was.
 */
class OnlineSnapshotTest {
  static final long T0 = 1_790_000_000_000L;
  static final RecommendConfig CONFIG =
      RecommendConfig.defaults().toBuilder().groupAttributes(List.of("gender")).build();
  static final String[] TYPES = {"view", "view", "view", "click", "cart", "purchase", "rate"};

  final SplittableRandom random = new SplittableRandom(5);
  long seq;
  long time = T0;

  /** Random events over 1,500 items (past the arrays' first size) and 300 users, with visits. */
  List<StoredEvent> events(int n) {
    List<StoredEvent> out = new ArrayList<>();
    for (int e = 0; e < n; e++) {
      time += random.nextInt(120_000);
      String type = TYPES[random.nextInt(TYPES.length)];
      Double value = type.equals("rate") ? (double) (1 + random.nextInt(5)) : null;
      int item = (int) (Math.pow(random.nextDouble(), 2) * 1_500); // popular items first
      String user = "u" + random.nextInt(300);
      String session = random.nextInt(4) == 0 ? null : "s" + (time / 1_800_000);
      Event ev =
          new Event(null, type, user, "i" + item, time, value, session, null, null, null, null);
      out.add(new StoredEvent(++seq, time, ev));
    }
    return out;
  }

  static void feed(OnlineModel m, List<StoredEvent> events) {
    for (StoredEvent e : events) {
      String user = e.event().userId();
      m.observe(e, List.of("gender=" + (user.hashCode() % 2 == 0 ? "F" : "M")));
    }
  }

  /** What every read of the model answers, in one comparable text. */
  static List<String> reads(OnlineModel m, long now) {
    List<String> out = new ArrayList<>();
    IdIndex ids = m.items();
    out.add("users " + m.userCount() + " learned " + m.learned() + " last " + m.lastSequence());
    for (int u = 0; u < 300; u++) {
      String id = "u" + u;
      UserState s = m.user(id);
      out.add(
          id
              + Arrays.toString(s.recent())
              + Arrays.toString(s.types())
              + s.session()
              + s.lastTime()
              + Arrays.toString(s.excluded())
              + m.similarUsers(id, 20));
    }
    for (int i = 0; i < ids.size(); i++) {
      OnlineModel.Neighbours n = m.neighbours(i, 20);
      OnlineModel.Neighbours f = m.following(i, 10);
      out.add(
          ids.toId(i)
              + Arrays.toString(n.items())
              + Arrays.toString(n.scores())
              + Arrays.toString(f.items())
              + Arrays.toString(f.scores())
              + m.users(i)
              + m.latestUsers(i, 32)
              + m.popularity(i, 0, now)
              + "/"
              + m.popularity(i, 2, now)
              + "/"
              + m.trending(i, now)
              + "/"
              + m.groupPopularity("gender=F", i, now));
    }
    return out;
  }

  static byte[] snapshot(OnlineModel m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.writeSnapshot(bytes);
    return bytes.toByteArray();
  }

  @Test
  void aModelReadFromItsSnapshotAnswersAndLearnsAsTheOriginal() throws IOException {
    OnlineModel original = new OnlineModel(CONFIG, new IdIndex());
    feed(original, events(6_000));
    original.erase("u7");
    original.eventsErased(20);
    byte[] bytes = snapshot(original);

    OnlineModel restored = new OnlineModel(CONFIG, new IdIndex());
    restored.readSnapshot(new ByteArrayInputStream(bytes), seq, bytes.length);
    assertThat(restored.lastSequence()).isEqualTo(6_000);
    assertThat(restored.learned()).isEqualTo(6_000 - 20);
    assertThat(restored.user("u7").recent()).isEmpty();
    assertThat(restored.user("u8").recent()).isNotEmpty();
    assertThat(reads(restored, time)).isEqualTo(reads(original, time));

    // the counters behind the reads came back too: the same later events keep the two equal
    List<StoredEvent> later = events(3_000);
    feed(original, later);
    feed(restored, later);
    assertThat(reads(restored, time)).isEqualTo(reads(original, time));
  }

  @Test
  void anEmptyModelRoundTrips() throws IOException {
    OnlineModel restored = new OnlineModel(CONFIG, new IdIndex());
    byte[] empty = snapshot(new OnlineModel(CONFIG, new IdIndex()));
    restored.readSnapshot(new ByteArrayInputStream(empty), -1, empty.length);
    assertThat(restored.userCount()).isZero();
    assertThat(restored.lastSequence()).isEqualTo(-1);
  }

  @Test
  void aSnapshotThatDoesNotFitIsRefusedWithItsReasonAndChangesNothing() throws IOException {
    OnlineModel original = new OnlineModel(CONFIG, new IdIndex());
    feed(original, events(2_000));
    byte[] bytes = snapshot(original);

    IdIndex ids = new IdIndex();
    OnlineModel target = new OnlineModel(CONFIG, ids);
    assertThatThrownBy(
            () -> target.readSnapshot(new ByteArrayInputStream(bytes), 1_999, bytes.length))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("events up to 2000 but the log ends at 1999");
    byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> target.readSnapshot(new ByteArrayInputStream(cut), seq, cut.length))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cut short");
    byte[] tail = Arrays.copyOf(bytes, bytes.length);
    tail[tail.length - 9] ^= 1; // the end marker, before the eight bytes of the checksum
    assertThatThrownBy(() -> target.readSnapshot(new ByteArrayInputStream(tail), seq, tail.length))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no end marker");
    // a value changed on disk that leaves the structure whole: only the checksum can tell
    // (the count of learned events, which nothing else in the file bounds)
    int learnedAt = 12 + CONFIG.onlineFingerprint().getBytes(StandardCharsets.UTF_8).length + 8;
    byte[] flipped = Arrays.copyOf(bytes, bytes.length);
    flipped[learnedAt + 7] ^= 0x10;
    assertThatThrownBy(
            () -> target.readSnapshot(new ByteArrayInputStream(flipped), seq, flipped.length))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum does not match");
    byte[] sum = Arrays.copyOf(bytes, bytes.length);
    sum[sum.length - 1] ^= 1; // the checksum itself
    assertThatThrownBy(() -> target.readSnapshot(new ByteArrayInputStream(sum), seq, sum.length))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum does not match");
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(
            () -> target.readSnapshot(new ByteArrayInputStream(longer), seq, longer.length))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("after the end marker");
    assertThatThrownBy(() -> target.readSnapshot(new ByteArrayInputStream(new byte[5]), seq, 5))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cut short");
    byte[] notOne = Arrays.copyOf(bytes, bytes.length);
    notOne[0] = 'X';
    assertThatThrownBy(
            () -> target.readSnapshot(new ByteArrayInputStream(notOne), seq, notOne.length))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not an online model snapshot");
    // a length the file cannot hold is refused before anything that size is allocated
    byte[] huge = Arrays.copyOf(bytes, bytes.length);
    int idCount = 12 + CONFIG.onlineFingerprint().getBytes(StandardCharsets.UTF_8).length + 16;
    ByteBuffer.wrap(huge).putInt(idCount, Integer.MAX_VALUE - 8);
    assertThatThrownBy(() -> target.readSnapshot(new ByteArrayInputStream(huge), seq, huge.length))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("damaged")
        .hasMessageContaining("item ids");
    assertThat(target.userCount()).isZero();
    assertThat(ids.size()).isZero();
    assertThat(target.lastSequence()).isEqualTo(-1);

    OnlineModel otherSettings =
        new OnlineModel(CONFIG.toBuilder().recentItems(30).build(), new IdIndex());
    assertThatThrownBy(
            () -> otherSettings.readSnapshot(new ByteArrayInputStream(bytes), seq, bytes.length))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("other settings")
        .hasMessageContaining("recent=30");

    // a snapshot fills a new model only; a reset one is new again
    target.readSnapshot(new ByteArrayInputStream(bytes), seq, bytes.length);
    assertThatThrownBy(
            () -> target.readSnapshot(new ByteArrayInputStream(bytes), seq, bytes.length))
        .isInstanceOf(IllegalStateException.class);
    target.reset();
    assertThat(target.userCount()).isZero();
    assertThat(target.neighbours(0, 10).size()).isZero();
    assertThat(target.lastSequence()).isEqualTo(-1);
  }
}
