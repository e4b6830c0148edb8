package dev.persona.bench;

import dev.persona.core.json.ModelJson;
import dev.persona.core.model.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Shop-like events for load tests: skewed users and items, mostly views with some carts and
 * purchases, each with an id, a session, a device and a recent timestamp. Seeded.
 */
final class BenchEvents {
  private static final String[] DEVICES = {"mobile", "desktop", "tablet"};
  private final SplittableRandom random;
  private final String run;
  private final int users;
  private final int items;
  private long next;

  BenchEvents(long seed, String run, int users, int items) {
    this.random = new SplittableRandom(seed);
    this.run = run;
    this.users = users;
    this.items = items;
  }

  Event next() {
    long n = next++;
    // squaring a uniform number skews towards small ids: a few heavy users and popular items
    int user = (int) (users * Math.pow(random.nextDouble(), 2));
    int item = (int) (items * Math.pow(random.nextDouble(), 2));
    double p = random.nextDouble();
    String type = p < 0.85 ? "view" : p < 0.95 ? "cart" : "purchase";
    Double value = type.equals("purchase") ? 5 + random.nextInt(300) + 0.99 : null;
    long time = 1_763_000_000_000L + n * 37;
    return new Event(
        eventId(n),
        type,
        "u" + user,
        "i" + item,
        time,
        value,
        "s" + user + "-" + (n / 20),
        null,
        null,
        Map.of("device", DEVICES[user % 3]),
        Map.of());
  }

  /**
   * A random-looking id, as clients that send UUIDs produce: sequential ids would make the id index
   * look cheaper than it is, because RocksDB inserts ordered keys much faster.
   */
  private String eventId(long n) {
    long h = mix(n ^ run.hashCode() * 0x9E3779B97F4A7C15L);
    return run + "-" + Long.toHexString(h) + Long.toHexString(mix(h));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  List<Event> batch(int size) {
    List<Event> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(next());
    }
    return out;
  }

  String json(List<Event> events) {
    StringBuilder b = new StringBuilder(events.size() * 200).append('[');
    for (Event e : events) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(ModelJson.writeEvent(e));
    }
    return b.append(']').toString();
  }
}
