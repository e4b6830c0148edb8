package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The profile a live system keeps, updated event by event as users' events interleave, equals the
 * profile recomputed from scratch from each user's events alone.
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

  @Property(tries = 100)
  void incrementalEqualsRecomputeInAnyInterleavingOfUsers(@ForAll long seed) {
    Random random = new Random(seed);
    ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
    Map<String, List<Event>> byUser = new LinkedHashMap<>();
    long t = 1_790_000_000_000L;
    for (int u = 0; u < 5; u++) {
      List<Event> events = new ArrayList<>();
      for (int i = random.nextInt(30); i > 0; i--) {
        String type = TYPES[random.nextInt(TYPES.length)];
        Item item = ITEMS.get(random.nextInt(ITEMS.size()));
        t +=
            random.nextInt(3) == 0
                ? -random.nextInt(3_600_000)
                : random.nextInt(40_000_000); // some out of order
        Double value = null;
        if (type.equals("rate")) {
          value = 1.0 + random.nextInt(5);
        } else if (type.equals("purchase") && random.nextBoolean()) {
          value = 20.0;
        }
        String session = random.nextBoolean() ? "s" + random.nextInt(4) : null;
        events.add(
            new Event(
                null,
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
      byUser.put("u" + u, events);
    }
    Map<String, Item> items = new HashMap<>();
    ITEMS.forEach(i -> items.put(i.id(), i));

    // live: users' events interleaved at random, each user's own order kept
    Map<String, Integer> next = new HashMap<>();
    Map<String, Profile> live = new HashMap<>();
    List<String> pending = new ArrayList<>();
    byUser.forEach((u, events) -> events.forEach(e -> pending.add(u)));
    java.util.Collections.shuffle(pending, random);
    for (String u : pending) {
      Event e = byUser.get(u).get(next.merge(u, 1, Integer::sum) - 1);
      live.compute(
          u,
          (k, p) -> updater.apply(p, e, e.itemId() == null ? null : items.get(e.itemId()), true));
    }

    // recompute: each user's events alone, from scratch
    byUser.forEach(
        (u, events) -> {
          Profile p = null;
          for (Event e : events) {
            p = updater.apply(p, e, e.itemId() == null ? null : items.get(e.itemId()), true);
          }
          assertThat(live.get(u)).isEqualTo(p);
        });
  }
}
