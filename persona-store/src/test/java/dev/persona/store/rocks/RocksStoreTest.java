package dev.persona.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.AppendResult;
import dev.persona.core.store.Erasure;
import dev.persona.core.store.StoreException;
import dev.persona.core.store.StoredEvent;
import dev.persona.core.store.SyncPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RocksStoreTest {
  @TempDir Path dir;

  private static Event view(String id, String user, String item, long t) {
    return new Event(id, "view", user, item, t, null, null, null, null, null, null);
  }

  private static AppendResult counts(AppendResult r) {
    return new AppendResult(r.accepted(), r.duplicates(), r.firstSequence());
  }

  private static List<StoredEvent> all(RocksStore store) {
    List<StoredEvent> out = new ArrayList<>();
    store.events().replay(0, out::add);
    return out;
  }

  @Test
  void appendAssignsConsecutiveSequencesAndReplaysInOrder() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      AppendResult first =
          store.events().append(List.of(view("a", "u1", "i1", 1), view("b", "u2", "i2", 2))).join();
      AppendResult second = store.events().append(List.of(view(null, "u1", "i3", 3))).join();

      assertThat(counts(first)).isEqualTo(new AppendResult(2, 0, 1));
      assertThat(counts(second)).isEqualTo(new AppendResult(1, 0, 3));
      assertThat(first.stored()).extracting(StoredEvent::sequence).containsExactly(1L, 2L);
      assertThat(all(store))
          .extracting(StoredEvent::sequence, s -> s.event().itemId())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1L, "i1"),
              org.assertj.core.groups.Tuple.tuple(2L, "i2"),
              org.assertj.core.groups.Tuple.tuple(3L, "i3"));
      assertThat(store.events().count()).isEqualTo(3);
      assertThat(store.events().lastSequence()).isEqualTo(3);
    }
  }

  @Test
  void repeatedIdsAreDuplicatesWithinABatchAndAcrossBatches() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      AppendResult first =
          store.events().append(List.of(view("a", "u1", "i1", 1), view("a", "u1", "i9", 2))).join();
      AppendResult again = store.events().append(List.of(view("a", "u1", "i1", 1))).join();

      assertThat(counts(first)).isEqualTo(new AppendResult(1, 1, 1));
      assertThat(first.stored()).extracting(s -> s.event().itemId()).containsExactly("i1");
      assertThat(counts(again)).isEqualTo(new AppendResult(0, 1, -1));
      assertThat(all(store))
          .singleElement()
          .satisfies(s -> assertThat(s.event().itemId()).isEqualTo("i1"));
    }
  }

  @Test
  void eventsCountersAndIdsSurviveReopening() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.events().append(List.of(view("a", "u1", "i1", 1), view("b", "u1", "i2", 2))).join();
      store.items().putAll(List.of(Item.of("i1", "One", List.of("x/y"))));
      store.users().putAll(List.of(User.of("u1")));
    }
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      assertThat(store.events().count()).isEqualTo(2);
      assertThat(store.items().count()).isEqualTo(1);
      assertThat(store.users().count()).isEqualTo(1);
      assertThat(store.events().append(List.of(view("b", "u1", "i2", 2))).join().duplicates())
          .isEqualTo(1);
      assertThat(store.events().append(List.of(view("c", "u1", "i2", 2))).join().firstSequence())
          .isEqualTo(3);
      assertThat(store.items().get("i1")).contains(Item.of("i1", "One", List.of("x/y")));
    }
  }

  @Test
  void erasingAUserRemovesOnlyTheirEventsAndKeepsTheirIdsKnown() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store
          .events()
          .append(
              List.of(view("a", "u1", "i1", 1), view("b", "u2", "i1", 2), view("c", "u1", "i2", 3)))
          .join();
      store.users().putAll(List.of(User.of("u1"), User.of("u2")));

      Erasure erasure = store.eraseUser("u1").join();

      assertThat(erasure.events()).isEqualTo(2);
      assertThat(erasure.eventsByType()).containsExactly(java.util.Map.entry("view", 2L));
      assertThat(erasure.userRecord()).isTrue();
      assertThat(all(store)).extracting(s -> s.event().userId()).containsExactly("u2");
      assertThat(store.events().replayUser("u1", e -> {})).isZero();
      assertThat(store.events().count()).isEqualTo(1);
      assertThat(store.users().count()).isEqualTo(1);
      assertThat(store.users().get("u1")).isEmpty();
      assertThat(store.events().append(List.of(view("a", "u1", "i1", 1))).join().duplicates())
          .as("a retried old request must not bring erased events back")
          .isEqualTo(1);
    }
  }

  @Test
  void recentOfUserStreamsTheLatestEventsNewestFirstAndPagesBackwards() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      List<Event> events = new ArrayList<>();
      for (int i = 1; i <= 7; i++) {
        events.add(view("e" + i, i % 2 == 0 ? "u2" : "u1", "i" + i, i));
      }
      store.events().append(events).join(); // u1 holds sequences 1, 3, 5, 7
      List<StoredEvent> newest = new ArrayList<>();
      List<StoredEvent> older = new ArrayList<>();
      List<StoredEvent> none = new ArrayList<>();

      long n = store.events().recentOfUser("u1", Long.MAX_VALUE, 3, newest::add);
      store.events().recentOfUser("u1", 5, 10, older::add);
      store.events().recentOfUser("nobody", Long.MAX_VALUE, 10, none::add);

      assertThat(n).isEqualTo(3);
      assertThat(newest).extracting(StoredEvent::sequence).containsExactly(7L, 5L, 3L);
      assertThat(older).extracting(s -> s.event().id()).containsExactly("e3", "e1");
      assertThat(none).isEmpty();
    }
  }

  @Test
  void erasedIdsAndEachUsersEventsAreRebuiltWhenTheStoreReopens() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store
          .events()
          .append(
              List.of(view("a", "u1", "i1", 1), view("b", "u2", "i1", 2), view("c", "u2", "i2", 3)))
          .join();
      store.eraseUser("u1").join();
    }
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      List<StoredEvent> u2 = new ArrayList<>();
      store.events().replayUser("u2", u2::add);

      assertThat(u2).extracting(s -> s.event().id()).containsExactly("b", "c");
      assertThat(store.events().containsId("a")).as("erased, still known").isTrue();
      assertThat(store.events().containsId("c")).isTrue();
      assertThat(store.events().containsId("d")).isFalse();
      assertThat(
              store
                  .events()
                  .append(List.of(view("a", "u1", "i1", 1), view("c", "u2", "i2", 3)))
                  .join()
                  .duplicates())
          .isEqualTo(2);
    }
  }

  @Test
  void userCountStaysRightWhenADeleteAndAPutOfTheSameUserShareAGroup() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.users().putAll(List.of(User.of("u1")));
      // A large append keeps the writer busy, so that the next operations queue up into one group.
      List<Event> many = new ArrayList<>();
      for (int i = 0; i < 40_000; i++) {
        many.add(view("m" + i, "u" + (i % 100), "i", i));
      }
      CompletableFuture<AppendResult> busy = store.events().append(many);
      CompletableFuture<Erasure> erase = store.eraseUser("u1");
      CompletableFuture<Void> put =
          CompletableFuture.runAsync(() -> store.users().putAll(List.of(User.of("u1"))));
      busy.join();
      erase.join();
      put.join();

      assertThat(store.users().get("u1")).isPresent();
      assertThat(store.users().count()).isEqualTo(1);
    }
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      assertThat(store.users().count()).as("the persisted count too").isEqualTo(1);
    }
  }

  @Test
  void appendsQueuedAroundAnErasureInOneGroupAreAllAppliedInOrder() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      CompletableFuture<AppendResult> before =
          store.events().append(List.of(view("a", "u1", "i1", 1), view("b", "u2", "i1", 2)));
      CompletableFuture<Erasure> erase = store.eraseUser("u1");
      CompletableFuture<AppendResult> after =
          store.events().append(List.of(view("c", "u1", "i2", 3), view("a", "u1", "i1", 1)));

      assertThat(before.join().accepted()).isEqualTo(2);
      assertThat(erase.join().events()).isEqualTo(1);
      assertThat(after.join().accepted())
          .as("c is new; a was erased and stays a duplicate")
          .isEqualTo(1);
      List<StoredEvent> u1 = new ArrayList<>();
      store.events().replayUser("u1", u1::add);
      assertThat(u1).extracting(s -> s.event().id()).containsExactly("c");
      assertThat(store.events().count()).isEqualTo(2);
    }
  }

  @Test
  void erasingAnUnknownUserRemovesNothing() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.events().append(List.of(view("a", "u1", "i1", 1))).join();

      Erasure erasure = store.eraseUser("nobody").join();

      assertThat(erasure).isEqualTo(new Erasure(0, java.util.Map.of(), false));
      assertThat(store.events().count()).isEqualTo(1);
    }
  }

  @Test
  void readsAfterCloseFailWithAStoreExceptionInsteadOfTouchingTheClosedDatabase() {
    RocksStore store = RocksStore.open(dir, StoreOptions.defaults());
    store.close();

    assertThatThrownBy(() -> store.items().get("i")).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.events().replay(0, e -> {})).isInstanceOf(StoreException.class);
  }

  @Test
  void userIdThatPrefixesAnotherDoesNotLeakIntoItsReplay() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.events().append(List.of(view(null, "u1", "i1", 1), view(null, "u10", "i2", 2))).join();

      List<StoredEvent> u1 = new ArrayList<>();
      store.events().replayUser("u1", u1::add);

      assertThat(u1).extracting(s -> s.event().itemId()).containsExactly("i1");
    }
  }

  @Test
  void upsertingAnItemReplacesItAndCountsItOnce() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store
          .items()
          .putAll(List.of(Item.of("i1", "Old", List.of()), Item.of("i1", "Newer", List.of())));
      store.items().putAll(List.of(Item.of("i1", "Newest", List.of())));

      assertThat(store.items().count()).isEqualTo(1);
      assertThat(store.items().get("i1")).map(Item::title).contains("Newest");
    }
  }

  @ParameterizedTest
  @EnumSource(SyncPolicy.class)
  void concurrentAppendsAreAllStoredOnceUnderEachSyncPolicy(SyncPolicy policy) throws Exception {
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults().withSync(policy))) {
      List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            CompletableFuture.supplyAsync(
                () ->
                    IntStream.range(0, perThread)
                        .mapToObj(
                            i ->
                                store
                                    .events()
                                    .append(
                                        List.of(
                                            view(thread + "-" + i % 400, "u" + thread, "i" + i, i)))
                                    .join())
                        .reduce(
                            new AppendResult(0, 0, -1),
                            (x, y) ->
                                new AppendResult(
                                    x.accepted() + y.accepted(),
                                    x.duplicates() + y.duplicates(),
                                    -1)),
                pool));
      }
      int accepted = 0;
      int duplicates = 0;
      for (CompletableFuture<AppendResult> f : futures) {
        accepted += f.get().accepted();
        duplicates += f.get().duplicates();
      }

      assertThat(accepted).isEqualTo(threads * 400);
      assertThat(duplicates).isEqualTo(threads * 100);
      Set<Long> sequences = new HashSet<>();
      store.events().replay(0, s -> sequences.add(s.sequence()));
      assertThat(sequences).hasSize(threads * 400);
      assertThat(store.events().lastSequence()).isEqualTo(threads * 400L);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectoryFailsWithAClearMessage() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      assertThatThrownBy(() -> RocksStore.open(dir, StoreOptions.defaults()))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("in use by another process");
    }
  }

  @Test
  void writesAfterCloseFailWithAStoreException() {
    RocksStore store = RocksStore.open(dir, StoreOptions.defaults());
    store.close();

    assertThat(store.events().append(List.of(view("a", "u", "i", 1))))
        .failsWithin(java.time.Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(StoreException.class);
  }

  @Test
  void propertiesAndContextRoundTripThroughTheLog() {
    Event rich =
        new Event(
            "x",
            "purchase",
            "u",
            "i",
            5,
            19.5,
            "s1",
            null,
            "great",
            Map.of("device", "mobile"),
            Map.of("coupon", "SAVE10", "qty", 2L, "nested", Map.of("a", List.of(1L, 2L))));
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.events().append(List.of(rich)).join();
      assertThat(all(store)).singleElement().satisfies(s -> assertThat(s.event()).isEqualTo(rich));
    }
  }
}
