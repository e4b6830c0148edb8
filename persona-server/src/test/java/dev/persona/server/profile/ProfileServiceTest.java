package dev.persona.server.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.store.ProfileStore;
import dev.persona.core.store.StoredEvent;
import dev.persona.profile.ProfileCodec;
import dev.persona.server.ingest.EventStats;
import dev.persona.store.rocks.RocksStore;
import dev.persona.store.rocks.StoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up, snapshots and failure handling of the live profiles, on a real store. */
class ProfileServiceTest {
  static final long T0 = 1_790_000_000_000L;
  @TempDir Path dir;

  static ProfileService service(List<Consumer<StoredEvent>> appliers) {
    return new ProfileService(
        ProfileOptions.defaults(),
        new EventStats(),
        new SimpleMeterRegistry(),
        () -> T0 + 3_600_000,
        appliers);
  }

  static final ProfileService.Progress QUIET =
      new ProfileService.Progress() {
        @Override
        public void toReplay(long events) {}

        @Override
        public void replayedOne() {}
      };

  static Event view(String user, String item, long t) {
    return new Event(null, "view", user, item, t, null, null, null, null, null, null);
  }

  @Test
  void aFailedApplyMakesTheNextStartRebuildInsteadOfTrustingTheSnapshot() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.items().putAll(List.of(Item.of("i1", "one", List.of("books"))));
      ProfileService live =
          service(
              List.of(
                  e -> {
                    if (e.sequence() == 2) {
                      throw new IllegalStateException("a bug in derived state");
                    }
                  }));
      live.open(store, QUIET);
      store.events().append(List.of(view("u1", "i1", T0))).join();
      store.events().append(List.of(view("u1", "i1", T0 + 1000))).join();
      store.events().append(List.of(view("u1", "i1", T0 + 2000))).join();
      // the failing applier ran after the profile was updated, so the profile has all three;
      // what matters is that the checkpoint no longer vouches for the snapshot
      live.close();
      assertThat(store.profiles().checkpoint().fingerprint()).startsWith("rebuild:");
    }
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      ProfileService restarted = service(List.of());
      restarted.open(store, QUIET);
      assertThat(restarted.profile("u1").orElseThrow().events()).isEqualTo(3);
      assertThat(restarted.checkpoint()).as("rebuilt from the log, no snapshot loaded").isZero();
      restarted.close();
      assertThat(store.profiles().checkpoint().fingerprint())
          .isEqualTo(ProfileOptions.defaults().config().fingerprint());
    }
  }

  @Test
  void aSnapshotAheadOfTheLogIsNotTrusted() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.events().append(List.of(view("u1", "i1", T0))).join();
      ProfileService s = service(List.of());
      s.open(store, QUIET);
      s.close();
      // pretend the snapshot went further than the log (a log tail lost)
      store
          .profiles()
          .write(
              Map.of(),
              new ProfileStore.Checkpoint(99, ProfileOptions.defaults().config().fingerprint()));
    }
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      ProfileService s = service(List.of());
      s.open(store, QUIET);
      assertThat(s.checkpoint()).isZero();
      assertThat(s.profile("u1").orElseThrow().events()).isEqualTo(1);
    }
  }

  @Test
  void anUnreadableStoredProfileLeadsToARebuildNotAFailedStart() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.events().append(List.of(view("u1", "i1", T0), view("u2", "i1", T0))).join();
      ProfileService s = service(List.of());
      s.open(store, QUIET);
      s.close();
      byte[] good = ProfileCodec.encode(s.profile("u1").orElseThrow());
      byte[] bad = good.clone();
      bad[bad.length / 2] = (byte) 0xFF;
      bad[bad.length / 2 + 1] = (byte) 0xFF;
      store.profiles().write(Map.of("u1", bad), null);
    }
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      ProfileService s = service(List.of());
      s.open(store, QUIET);
      assertThat(s.profile("u1").orElseThrow().events()).isEqualTo(1);
      assertThat(s.profile("u2").orElseThrow().events()).isEqualTo(1);
    }
  }

  @Test
  void anErasedUserLeavesEverySegmentAndTheSnapshot() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      ProfileService s = service(List.of());
      s.open(store, QUIET);
      store.events().append(List.of(view("u1", "i1", T0), view("u2", "i1", T0))).join();
      s.defineSegment("viewers", "count.view >= 1", null);
      assertThat(s.segments().info("viewers").orElseThrow().size()).isEqualTo(2);
      s.snapshot();

      s.erase("u1");
      s.refresh();
      s.snapshot();

      assertThat(s.segments().info("viewers").orElseThrow().size()).isEqualTo(1);
      assertThat(s.segments().members("viewers", null, 10).orElseThrow().users())
          .containsExactly("u2");
      List<String> stored = new java.util.ArrayList<>();
      store.profiles().forEach((u, b) -> stored.add(u));
      assertThat(stored).containsExactly("u2");
    }
  }
}
