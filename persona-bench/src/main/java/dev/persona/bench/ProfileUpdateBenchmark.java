package dev.persona.bench;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.data.synth.Shop;
import dev.persona.data.synth.ShopConfig;
import dev.persona.profile.Profile;
import dev.persona.profile.ProfileConfig;
import dev.persona.profile.ProfileUpdater;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one profile update: one event of a generated shop applied to its user's profile (the
 * profiles of 20,000 users grow as the shop's 400,000 events are played in time order, and start
 * again when they run out).
 *
 * <p>Run: {@code persona-bench/run ProfileUpdateBenchmark} (sample mode: reports the median and
 * percentiles of single updates).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProfileUpdateBenchmark {
  private final ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
  private List<Event> events;
  private List<Item> itemOfEvent;
  private Map<String, Profile> profiles;
  private int next;

  @Setup(Level.Trial)
  public void generate() {
    Shop shop = Shop.generate(ShopConfig.of(20_000, 5_000, 400_000, 3));
    Map<String, Item> items = new HashMap<>();
    shop.forEachItem(i -> items.put(i.id(), i));
    events = new ArrayList<>();
    itemOfEvent = new ArrayList<>();
    shop.forEachEvent(
        e -> {
          events.add(e);
          itemOfEvent.add(e.itemId() == null ? null : items.get(e.itemId()));
        });
    profiles = new HashMap<>();
  }

  @Benchmark
  public Profile update() {
    if (next == events.size()) {
      next = 0;
      profiles.clear();
    }
    Event e = events.get(next);
    Item item = itemOfEvent.get(next++);
    Profile updated = updater.apply(profiles.get(e.userId()), e, item);
    profiles.put(e.userId(), updated);
    return updated;
  }

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(args.length > 0 ? args : new String[] {"ProfileUpdateBenchmark"});
  }
}
