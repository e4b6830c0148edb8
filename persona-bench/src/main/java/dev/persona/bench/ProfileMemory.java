package dev.persona.bench;

import dev.persona.core.model.Item;
import dev.persona.data.synth.Shop;
import dev.persona.data.synth.ShopConfig;
import dev.persona.profile.Profile;
import dev.persona.profile.ProfileConfig;
import dev.persona.profile.ProfileUpdater;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Heap held by in-memory profiles: plays a generated shop (default 100,000 users, 10,000 items,
 * 2,000,000 events) into a map of profiles and reports the heap it holds after a full GC, per user
 * and per event.
 *
 * <p>Run: {@code persona-bench/run ProfileMemory [users items events]}.
 */
public final class ProfileMemory {
  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int items = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    long events = args.length > 2 ? Long.parseLong(args[2]) : 2_000_000;
    Shop shop = Shop.generate(ShopConfig.of(users, items, events, 5));
    Map<String, Item> catalogue = new HashMap<>();
    shop.forEachItem(i -> catalogue.put(i.id(), i));
    ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
    long before = usedAfterGc();
    Map<String, Profile> profiles = new HashMap<>();
    long t0 = System.nanoTime();
    shop.forEachEvent(
        e ->
            profiles.compute(
                e.userId(),
                (k, p) ->
                    updater.apply(p, e, e.itemId() == null ? null : catalogue.get(e.itemId()))));
    double secs = (System.nanoTime() - t0) / 1e9;
    long held = usedAfterGc() - before;
    System.out.printf(
        Locale.ROOT,
        "%,d profiles from %,d events in %.1f s (%,.0f events/s, generation included); heap held"
            + " %,.0f MB = %,.0f bytes per profile, %,.0f per event%n",
        profiles.size(),
        events,
        secs,
        events / secs,
        held / 1e6,
        held / (double) profiles.size(),
        held / (double) events);
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
