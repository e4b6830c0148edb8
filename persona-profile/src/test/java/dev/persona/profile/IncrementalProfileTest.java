package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.StoredEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The profile a live system keeps, updated event by event as users' events interleave, is
 * byte-identical to the profile recomputed from scratch from each user's events alone; and a
 * profile read back from its encoding is the same profile.
 */
class IncrementalProfileTest {
  static final String[] TYPES = {
    "view", "view", "click", "cart", "purchase", "rate", "dislike", "remove_cart", "search"
  };
  static final List<Item> ITEMS =
      List.of(
          new Item("a", null, List.of("x/y/z"), "B1", 5.0, List.of("t1"), Map.of(), null, true),
          new Item(
              "b",
              null,
              List.of("x/w", "v"),
              "B2",
              120.0,
              List.of("t1", "t2"),
              Map.of(),
              null,
              true),
          new Item("c", null, List.of(), null, null, List.of(), Map.of(), null, true));

  /**
   * A random log: several users' events, each user's in their own order, some out of time order.
   */
  static List<StoredEvent> log(Random random, int users) {
    List<List<Event>> byUser = new ArrayList<>();
    long t = 1_790_000_000_000L;
    for (int u = 0; u < users; u++) {
      List<Event> events = new ArrayList<>();
      for (int i = random.nextInt(40); i > 0; i--) {
        String type = TYPES[random.nextInt(TYPES.length)];
        Item item = ITEMS.get(random.nextInt(ITEMS.size()));
        t +=
            random.nextInt(3) == 0
                ? -random.nextInt(3_600_000)
                : random.nextInt(4) == 0 ? random.nextInt(40_000_000) : random.nextInt(60_000);
        Double value = null;
        if (type.equals("rate")) {
          value = 1.0 + random.nextInt(5);
        } else if (type.equals("purchase") && random.nextBoolean()) {
          value = 20.0;
        }
        String session = random.nextBoolean() ? "s" + random.nextInt(4) : null;
        events.add(
            new Event(
                "e" + u + "-" + i,
                type,
                "u" + u,
                type.equals("search") ? null : item.id(),
                Math.max(0, t),
                value,
                session,
                null,
                null,
                Map.of("device", random.nextBoolean() ? "mobile" : "web"),
                Map.of()));
      }
      byUser.add(events);
    }
    // interleave the users at random, keeping each user's order
    List<Integer> slots = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < byUser.get(u).size(); i++) {
        slots.add(u);
      }
    }
    Collections.shuffle(slots, random);
    int[] next = new int[users];
    List<StoredEvent> log = new ArrayList<>();
    for (int u : slots) {
      log.add(new StoredEvent(log.size() + 1, 0, byUser.get(u).get(next[u]++)));
    }
    return log;
  }

  @Property(tries = 200)
  void incrementalEqualsRecomputeInAnyInterleavingOfUsers(@ForAll long seed) {
    Random random = new Random(seed);
    ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
    Map<String, Item> items = new HashMap<>();
    ITEMS.forEach(i -> items.put(i.id(), i));
    List<StoredEvent> log = log(random, 5);
    User withdrawn = new User("u3", Map.of("age", 41L), Map.of("profiling", false));

    Map<String, Profile> live = new HashMap<>();
    live.put("u3", updater.withUser(null, withdrawn));
    for (StoredEvent s : log) {
      Event e = s.event();
      live.compute(
          e.userId(),
          (k, p) -> updater.apply(p, s, e.itemId() == null ? null : items.get(e.itemId())));
    }

    Map<String, List<StoredEvent>> byUser = new LinkedHashMap<>();
    log.forEach(s -> byUser.computeIfAbsent(s.event().userId(), k -> new ArrayList<>()).add(s));
    byUser.forEach(
        (u, events) -> {
          Profile p = u.equals("u3") ? updater.withUser(null, withdrawn) : null;
          for (StoredEvent s : events) {
            Event e = s.event();
            p = updater.apply(p, s, e.itemId() == null ? null : items.get(e.itemId()));
          }
          assertThat(ProfileCodec.encode(live.get(u))).isEqualTo(ProfileCodec.encode(p));
          assertThat(live.get(u)).isEqualTo(p);
        });
  }

  @Property(tries = 200)
  void aDecodedProfileIsTheSameProfile(@ForAll long seed) {
    Random random = new Random(seed);
    ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
    Map<String, Item> items = new HashMap<>();
    ITEMS.forEach(i -> items.put(i.id(), i));
    Map<String, Profile> profiles = new HashMap<>();
    profiles.put(
        "u0",
        updater.withUser(
            null,
            new User(
                "u0",
                Map.of("age", 30L, "tags", List.of("a", 1.5), "nested", Map.of("x", true)),
                Map.of())));
    for (StoredEvent s : log(random, 3)) {
      Event e = s.event();
      profiles.compute(
          e.userId(),
          (k, p) -> updater.apply(p, s, e.itemId() == null ? null : items.get(e.itemId())));
    }
    for (Profile p : profiles.values()) {
      byte[] bytes = ProfileCodec.encode(p);
      Profile back = ProfileCodec.decode(bytes, updater.sharer());
      assertThat(ProfileCodec.encode(back)).isEqualTo(bytes);
      assertThat(back.attributes()).isEqualTo(p.attributes());
      // and it goes on the same way
      Event next = Event.of("view", p.userId(), "a", 1_800_000_000_000L);
      assertThat(updater.apply(back, next, items.get("a")))
          .isEqualTo(updater.apply(p, next, items.get("a")));
    }
  }
}
