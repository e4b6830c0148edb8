package dev.persona.profile;

import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.data.synth.Shop;
import dev.persona.data.synth.ShopConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Profiles of a generated shop, built with the default configuration; shared by tests. */
final class ShopProfiles {
  final Shop shop;
  final Map<String, Item> items = new HashMap<>();
  final Map<String, Profile> profiles = new LinkedHashMap<>();
  final ProfileUpdater updater;
  final ProfileContext context;
  final long now;

  private static final Map<ShopConfig, ShopProfiles> CACHE = new HashMap<>();

  private ShopProfiles(ShopConfig config, ProfileConfig profileConfig) {
    shop = Shop.generate(config);
    updater = new ProfileUpdater(profileConfig);
    shop.forEachItem(i -> items.put(i.id(), i));
    shop.forEachUser((User u) -> profiles.put(u.id(), updater.withUser(null, u)));
    shop.forEachEvent(
        e ->
            profiles.compute(
                e.userId(),
                (k, p) -> updater.apply(p, e, e.itemId() == null ? null : items.get(e.itemId()))));
    now = config.start().toEpochMilli() + config.days() * 86_400_000L;
    context =
        ProfileContext.of(profileConfig)
            .withPopulation(
                Population.compute(profiles.values(), items.values(), profileConfig, now));
  }

  /** The shop of the ground-truth tests: 4,000 users, 1,000 items, 240,000 events, seed 11. */
  static synchronized ShopProfiles standard() {
    return CACHE.computeIfAbsent(
        ShopConfig.of(4000, 1000, 240_000, 11), c -> new ShopProfiles(c, ProfileConfig.defaults()));
  }

  static synchronized ShopProfiles of(ShopConfig config, ProfileConfig profileConfig) {
    return new ShopProfiles(config, profileConfig);
  }

  Reading read(String userId) {
    return new Reading(profiles.get(userId), context, now);
  }
}
