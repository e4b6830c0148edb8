package dev.persona.recommend.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.core.index.IdIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerAndCodecTest {
  @TempDir Path dir;
  final TrainTestData t = new TrainTestData(300, 60, 12, 9);

  TrainingConfig config(int easeMax, int holdout) {
    return new TrainingConfig(
        new AlsParams(8, 6, 0.1, 1, 2, 3, 42, 2), true, 5, easeMax, holdout, 7);
  }

  @Test
  void trainingMeasuresEachModelOnAHoldoutAndBeatsPopularityOnAPlantedTaste() {
    Snapshot s = new Trainer(config(1000, 200)).train(t.data, t.ids, 1, 99, 123L, m -> {});
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.lastSequence()).isEqualTo(99);
    assertThat(s.items()).isEqualTo(60);
    assertThat(s.models()).extracting(ModelInfo::name).containsExactly("als", "ease");
    assertThat(s.models()).allMatch(ModelInfo::ready);
    ModelInfo als = s.models().get(0);
    assertThat(als.loss()).hasSize(6);
    assertThat(als.holdout().get("users")).isEqualTo(200.0);
    double pop = s.baseline().get("hitRate@10");
    assertThat(als.holdout().get("hitRate@10")).isGreaterThan(pop);
    assertThat(s.models().get(1).holdout().get("hitRate@10")).isGreaterThan(pop);
  }

  @Test
  void easeOverItsLimitIsSkippedWithTheReasonAndAlsStillTrains() {
    Snapshot s = new Trainer(config(10, 0)).train(t.data, t.ids, 2, 1, 1L, m -> {});
    assertThat(s.ease()).isNull();
    ModelInfo ease = s.models().get(1);
    assertThat(ease.status()).isEqualTo("skipped");
    assertThat(ease.reason()).contains("60 items exceed training.ease.maxItems 10");
    assertThat(s.models().get(0).ready()).isTrue();
    assertThat(s.models().get(0).holdout()).isEmpty();
  }

  @Test
  void aSnapshotRoundTripsAndBindsToANewIndex() throws IOException {
    Snapshot s = new Trainer(config(1000, 50)).train(t.data, t.ids, 3, 42, 77L, m -> {});
    Path file = dir.resolve("snapshot-3.bin");
    SnapshotCodec.write(s, file);
    IdIndex fresh = new IdIndex();
    fresh.add("something-else"); // indexes differ after a restart
    Snapshot back = SnapshotCodec.read(file, fresh);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(json.writeValueAsString(SnapshotCodec.metadata(back)))
        .isEqualTo(json.writeValueAsString(SnapshotCodec.metadata(s)));
    assertThat(back.als().itemFactors()).containsExactly(s.als().itemFactors());
    assertThat(back.ease().weights()).containsExactly(s.ease().weights());
    assertThat(back.als().items().ids()).containsExactly(s.als().items().ids());
    int served = fresh.toIndex("i5");
    assertThat(back.als().items().localOf(served))
        .isEqualTo(s.als().items().localOf(t.ids.toIndex("i5")));
    // the same user folds in to the same vector
    int[] h = {back.als().items().localOf(fresh.toIndex("i1"))};
    assertThat(back.als().foldIn(h, new float[] {1}, 1))
        .containsExactly(
            s.als()
                .foldIn(
                    new int[] {s.als().items().localOf(t.ids.toIndex("i1"))}, new float[] {1}, 1));
  }

  @Test
  void aDamagedOrTruncatedSnapshotIsRefused() throws IOException {
    Snapshot s = new Trainer(config(1000, 0)).train(t.data, t.ids, 1, 1, 1L, m -> {});
    Path file = dir.resolve("snapshot-1.bin");
    SnapshotCodec.write(s, file);
    byte[] bytes = Files.readAllBytes(file);
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 0x10;
    Files.write(dir.resolve("flipped.bin"), flipped);
    assertThatThrownBy(() -> SnapshotCodec.read(dir.resolve("flipped.bin"), new IdIndex()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum");
    Files.write(dir.resolve("short.bin"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> SnapshotCodec.read(dir.resolve("short.bin"), new IdIndex()))
        .isInstanceOf(IOException.class);
    // a damaged length is refused before anything that large is allocated
    try (var out = new java.io.DataOutputStream(Files.newOutputStream(dir.resolve("long.bin")))) {
      out.writeInt(0x50534e4d);
      out.writeInt(1);
      out.writeInt(Integer.MAX_VALUE);
    }
    assertThatThrownBy(() -> SnapshotCodec.read(dir.resolve("long.bin"), new IdIndex()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exceeds the file");
    Files.writeString(dir.resolve("text.bin"), "hello, world");
    assertThatThrownBy(() -> SnapshotCodec.read(dir.resolve("text.bin"), new IdIndex()))
        .hasMessageContaining("not a Persona model snapshot");
  }
}
