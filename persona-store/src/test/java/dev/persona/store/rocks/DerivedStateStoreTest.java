package dev.persona.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.Erasure;
import dev.persona.core.store.ProfileStore;
import dev.persona.core.store.StoreListener;
import dev.persona.core.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change feed, profile snapshots and documents: what derived state builds on. */
class DerivedStateStoreTest {
  @TempDir Path dir;

  static Event view(String user, long t) {
    return new Event(null, "view", user, "i1", t, null, null, null, null, null, null);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theListenerSeesEveryChangeInCommitOrderBeforeTheCallerDoes() throws Exception {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      List<Long> sequences = Collections.synchronizedList(new ArrayList<>());
      List<String> threads = Collections.synchronizedList(new ArrayList<>());
      java.util.Set<Long> applied = java.util.concurrent.ConcurrentHashMap.newKeySet();
      store.listen(
          new StoreListener() {
            @Override
            public void eventsAppended(List<StoredEvent> events) {
              events.forEach(e -> sequences.add(e.sequence()));
              events.forEach(e -> applied.add(e.sequence()));
              threads.add(Thread.currentThread().getName());
            }

            @Override
            public void itemsPut(List<Item> items) {
              seen.add("items " + items.size());
            }

            @Override
            public void usersPut(List<User> users) {
              seen.add("users " + users.get(0).id());
            }

            @Override
            public void userErased(String userId, Erasure erasure) {
              seen.add("erased " + userId + " " + erasure.events());
            }
          });
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<CompletableFuture<?>> futures = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        futures.add(
            CompletableFuture.supplyAsync(
                    () ->
                        store
                            .events()
                            .append(List.of(view("u" + n % 7, n), view("u" + n % 5, n)))
                            .join(),
                    pool)
                .thenAccept(
                    r ->
                        // acknowledged means applied: the listener has seen this batch already
                        assertThat(applied).contains(r.firstSequence(), r.firstSequence() + 1)));
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get();
      pool.shutdown();
      List<Long> expected = new ArrayList<>();
      for (long s = 1; s <= 800; s++) {
        expected.add(s);
      }
      assertThat(sequences).isEqualTo(expected);
      assertThat(new java.util.HashSet<>(threads)).hasSize(1);

      store.items().putAll(List.of(Item.of("i1", "x", List.of())));
      store.users().putAll(List.of(User.of("u1")));
      store.eraseUser("u1").join();
      assertThat(seen)
          .containsExactly(
              "items 1", "users u1", "erased u1 137" /* 57 with n % 7 == 1, 80 with n % 5 == 1 */);
    }
  }

  @Test
  void aFailingListenerDoesNotLoseTheWrite() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.listen(
          new StoreListener() {
            @Override
            public void eventsAppended(List<StoredEvent> events) {
              throw new IllegalStateException("boom");
            }
          });
      assertThat(store.events().append(List.of(view("u1", 1))).join().accepted()).isEqualTo(1);
      assertThat(store.events().count()).isEqualTo(1);
      assertThat(store.listenerFailures()).isEqualTo(1);
    }
  }

  @Test
  void profileSnapshotsAndTheirCheckpointSurviveARestart() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      assertThat(store.profiles().checkpoint()).isNull();
      Map<String, byte[]> records = new LinkedHashMap<>();
      records.put("u1", bytes("one"));
      records.put("u2", bytes("two"));
      store.profiles().write(records, new ProfileStore.Checkpoint(42, "v1 config"));
      Map<String, byte[]> update = new HashMap<>();
      update.put("u2", null);
      update.put("u3", bytes("three"));
      store.profiles().write(update, null);
      store.flush();
    }
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      Map<String, String> read = new LinkedHashMap<>();
      store.profiles().forEach((u, b) -> read.put(u, new String(b, StandardCharsets.UTF_8)));
      assertThat(read).containsExactly(Map.entry("u1", "one"), Map.entry("u3", "three"));
      assertThat(store.profiles().checkpoint())
          .isEqualTo(new ProfileStore.Checkpoint(42, "v1 config"));

      store.profiles().clear();
      List<String> left = new ArrayList<>();
      store.profiles().forEach((u, b) -> left.add(u));
      assertThat(left).isEmpty();
      assertThat(store.profiles().checkpoint()).isNull();
    }
  }

  @Test
  void erasingAUserDeletesTheirStoredProfile() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.events().append(List.of(view("u1", 1))).join();
      store.profiles().write(Map.of("u1", bytes("p1"), "u2", bytes("p2")), null);
      store.eraseUser("u1").join();
      List<String> left = new ArrayList<>();
      store.profiles().forEach((u, b) -> left.add(u));
      assertThat(left).containsExactly("u2");
    }
  }

  @Test
  void documentsAreKeptByKindAndName() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.documents().put("segment", "b", bytes("B"));
      store.documents().put("segment", "a", bytes("A"));
      store.documents().put("model", "a", bytes("M"));
      assertThat(store.documents().delete("segment", "b")).isTrue();
      assertThat(store.documents().delete("segment", "b")).isFalse();
    }
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      assertThat(store.documents().all("segment")).containsOnlyKeys("a");
      assertThat(new String(store.documents().get("model", "a").orElseThrow())).isEqualTo("M");
      assertThat(store.documents().get("segment", "zzz")).isEmpty();
    }
  }

  @Test
  void everyUserCanBeStreamed() {
    try (RocksStore store = RocksStore.open(dir, StoreOptions.defaults())) {
      store.users().putAll(List.of(User.of("a"), User.of("b")));
      List<String> ids = new ArrayList<>();
      store.users().forEach(u -> ids.add(u.id()));
      assertThat(ids).containsExactly("a", "b");
    }
  }
}
