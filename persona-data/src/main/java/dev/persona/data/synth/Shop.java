package dev.persona.data.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.json.Wire;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.AppendResult;
import dev.persona.data.ImportSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A synthetic shop that behaves like a real one, for demos, tests and benchmarks: users with hidden
 * tastes that their events really follow, and the ground truth to check profiles against. Entry
 * point of {@code persona generate}.
 *
 * <pre>{@code
 * Shop shop = Shop.generate(ShopConfig.of(1_000_000, 100_000, 10_000_000, 7));
 * ShopSummary summary = shop.writeTo(Path.of("/tmp/shop"));   // files
 * Shop.generate(ShopConfig.demo()).loadInto(sink, 1_000);      // or straight into a sink
 * }</pre>
 *
 * <p><b>What is generated</b> (details in the package-private classes): a catalogue over a fixed
 * three-level category tree ({@code electronics/phones/smartphones}, 15 top-level categories) with
 * brands tied to categories, log-normal prices per category and Zipf popularity ({@code
 * Catalogue}); users with gender, age and region, 3 to 5 preferred categories with weights, one or
 * two preferred brands, a price sensitivity and a power-law activity, plus a share of bots ({@code
 * Population}); sessions with a daily rhythm, devices, searches and the funnel view, cart, purchase
 * ({@code SessionPlan}, {@code SessionSim}). {@link UserTruth} defines the truth exactly.
 *
 * <p><b>Memory and order.</b> Generating does not hold events: it builds the catalogue, the users
 * and a plan of every session (start, user, length; about 28 bytes a session) sorted by start, and
 * {@link #forEachEvent} then merges the sessions' event streams by time with a priority queue of
 * the sessions under way, generating each session's events as they come due. Memory is therefore
 * about 60 bytes per user, a few hundred per item, 28 per session, and the sessions in flight at
 * one moment. Events come out in time order (ties: the session that started first).
 *
 * <p><b>Determinism.</b> Every random choice comes from a SplitMix64 stream keyed by the seed and
 * what it is for, so the same {@link ShopConfig} gives the same shop, and byte-identical files, on
 * any machine. Instances are immutable and may be read from several threads, each call of a {@code
 * forEach} method playing the shop anew.
 */
public final class Shop {
  static final List<String> TYPES = List.of("view", "cart", "remove_cart", "purchase", "search");

  private final ShopConfig config;
  private final Catalogue catalogue;
  private final Population population;
  private final SessionPlan plan;

  private Shop(ShopConfig config) {
    this.config = config;
    this.catalogue = new Catalogue(config);
    this.population = new Population(config, catalogue);
    this.plan = new SessionPlan(config, population);
  }

  /** Generates the catalogue, the users and the session plan; events are played on demand. */
  public static Shop generate(ShopConfig config) {
    return new Shop(config);
  }

  public ShopConfig config() {
    return config;
  }

  /** Items in id order ({@code i0}, {@code i1}, ...). */
  public void forEachItem(Consumer<Item> action) {
    for (int j = 0; j < catalogue.size; j++) {
      action.accept(catalogue.item(j));
    }
  }

  /** Users in id order ({@code u0}, {@code u1}, ...), with gender, age and region. */
  public void forEachUser(Consumer<User> action) {
    for (int u = 0; u < population.size; u++) {
      action.accept(population.user(u));
    }
  }

  /** The truth of every user, in id order. */
  public void forEachTruth(Consumer<UserTruth> action) {
    for (int u = 0; u < population.size; u++) {
      action.accept(population.truth(u));
    }
  }

  /** The truth of one user ({@code u0} .. {@code u<users-1>}). */
  public UserTruth truth(String userId) {
    int u = userIndex(userId);
    return population.truth(u);
  }

  private int userIndex(String userId) {
    try {
      int u = userId.startsWith("u") ? Integer.parseInt(userId.substring(1)) : -1;
      if (u >= 0 && u < population.size) {
        return u;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("no user '" + userId + "' in this shop");
  }

  /** All items, in id order. Convenient for small shops; large ones should stream. */
  public List<Item> items() {
    List<Item> items = new ArrayList<>(catalogue.size);
    forEachItem(items::add);
    return items;
  }

  /**
   * Plays every event in time order, with deterministic ids ({@code <userId>-s<n>-<k>}: the k-th
   * event of the user's n-th session).
   */
  public void forEachEvent(Consumer<Event> action) {
    PriorityQueue<SessionSim> active =
        new PriorityQueue<>(
            (a, b) ->
                a.nextTime() != b.nextTime()
                    ? Long.compare(a.nextTime(), b.nextTime())
                    : Integer.compare(a.position, b.position));
    int next = 0;
    int sessions = plan.size();
    while (next < sessions || !active.isEmpty()) {
      if (next < sessions
          && (active.isEmpty() || plan.start(plan.index(next)) < active.peek().nextTime())) {
        SessionSim s = new SessionSim(config, catalogue, population, plan, next++);
        if (!s.done()) {
          active.add(s);
        }
        continue;
      }
      SessionSim s = active.poll();
      action.accept(s.next());
      if (!s.done()) {
        active.add(s);
      }
    }
  }

  /** The result of {@link #loadInto}. */
  public record LoadResult(int items, int users, long eventsAccepted, long eventsDuplicate) {}

  /**
   * Sends the shop to a sink: items, then users, then events in time order, in batches.
   *
   * @param batchSize records per call, at least 1
   */
  public LoadResult loadInto(ImportSink sink, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    List<Item> items = new ArrayList<>(batchSize);
    forEachItem(
        i -> {
          items.add(i);
          if (items.size() == batchSize) {
            sink.items(List.copyOf(items));
            items.clear();
          }
        });
    if (!items.isEmpty()) {
      sink.items(List.copyOf(items));
    }
    List<User> users = new ArrayList<>(batchSize);
    forEachUser(
        u -> {
          users.add(u);
          if (users.size() == batchSize) {
            sink.users(List.copyOf(users));
            users.clear();
          }
        });
    if (!users.isEmpty()) {
      sink.users(List.copyOf(users));
    }
    List<Event> events = new ArrayList<>(batchSize);
    long[] counts = new long[2];
    Runnable flush =
        () -> {
          AppendResult r = sink.events(List.copyOf(events));
          counts[0] += r.accepted();
          counts[1] += r.duplicates();
          events.clear();
        };
    forEachEvent(
        e -> {
          events.add(e);
          if (events.size() == batchSize) {
            flush.run();
          }
        });
    if (!events.isEmpty()) {
      flush.run();
    }
    return new LoadResult(catalogue.size, population.size, counts[0], counts[1]);
  }

  /**
   * Writes {@code items.jsonl}, {@code users.jsonl}, {@code events.jsonl} (time order), {@code
   * truth.jsonl} (one {@link UserTruth} per line) and {@code shop.json} (the {@link ShopSummary})
   * into {@code dir}, creating it if needed and replacing those files. The first three are in the
   * API shapes and read back with the {@code jsonl} importer.
   */
  public ShopSummary writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (JsonLines out = new JsonLines(dir.resolve("items.jsonl"))) {
      forEachItem(i -> write(() -> out.item(i)));
    }
    try (JsonLines out = new JsonLines(dir.resolve("users.jsonl"))) {
      forEachUser(u -> write(() -> out.user(u)));
    }
    Map<String, Long> byType = new LinkedHashMap<>();
    TYPES.forEach(t -> byType.put(t, 0L));
    long[] span = {Long.MAX_VALUE, Long.MIN_VALUE, 0};
    try (JsonLines out = new JsonLines(dir.resolve("events.jsonl"))) {
      forEachEvent(
          e -> {
            write(() -> out.event(e));
            byType.merge(e.type(), 1L, Long::sum);
            span[0] = Math.min(span[0], e.timestamp());
            span[1] = Math.max(span[1], e.timestamp());
            span[2]++;
          });
    }
    try (JsonLines out = new JsonLines(dir.resolve("truth.jsonl"))) {
      forEachTruth(t -> write(() -> out.truth(t)));
    }
    Map<String, Long> files = new LinkedHashMap<>();
    for (String name : List.of("items.jsonl", "users.jsonl", "events.jsonl", "truth.jsonl")) {
      files.put(name, Files.size(dir.resolve(name)));
    }
    ShopSummary summary =
        new ShopSummary(
            config,
            catalogue.size,
            population.size,
            config.bots(),
            span[2],
            plan.size(),
            byType,
            span[2] == 0 ? null : Instant.ofEpochMilli(span[0]),
            span[2] == 0 ? null : Instant.ofEpochMilli(span[1]),
            files);
    Files.writeString(dir.resolve("shop.json"), summaryJson(summary) + "\n");
    return summary;
  }

  private static String summaryJson(ShopSummary s) throws IOException {
    ObjectNode root = Wire.object();
    root.put("generator", "persona synthetic shop v1");
    ObjectNode c = root.putObject("config");
    c.put("users", s.config().users());
    c.put("items", s.config().items());
    c.put("events", s.config().events());
    c.put("seed", s.config().seed());
    c.put("start", s.config().start().toString());
    c.put("days", s.config().days());
    c.put("botShare", s.config().botShare());
    ObjectNode counts = root.putObject("counts");
    counts.put("items", s.items());
    counts.put("users", s.users());
    counts.put("bots", s.bots());
    counts.put("events", s.events());
    counts.put("sessions", s.sessions());
    ObjectNode types = counts.putObject("eventsByType");
    s.eventsByType().forEach(types::put);
    root.put("firstEvent", s.firstEvent() == null ? null : s.firstEvent().toString());
    root.put("lastEvent", s.lastEvent() == null ? null : s.lastEvent().toString());
    ObjectNode files = root.putObject("files");
    s.files().forEach(files::put);
    ArrayNode categories = root.putArray("topCategories");
    for (Taxonomy.Top t : Taxonomy.TOPS) {
      categories.add(t.name());
    }
    return Wire.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  private static void write(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
