package dev.persona.recommend;

import dev.persona.core.index.IdIndex;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.StoredEvent;
import dev.persona.profile.Profile;
import dev.persona.profile.ProfileConfig;
import dev.persona.profile.ProfileContext;
import dev.persona.profile.ProfileUpdater;
import dev.persona.recommend.online.OnlineModel;
import dev.persona.recommend.source.PopularSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small shop for recommendation tests: a catalogue, profiles and the online model. */
final class World {
  static final long T0 = 1_790_000_000_000L;
  final Map<String, Item> items = new HashMap<>();
  final Map<String, Profile> profiles = new HashMap<>();
  final ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
  final ProfileContext context = ProfileContext.of(ProfileConfig.defaults());
  final IdIndex ids = new IdIndex();
  final RecommendConfig config;
  final OnlineModel model;
  CatalogueIndex index = CatalogueIndex.EMPTY;
  final Recommender recommender;
  long seq;
  long now = T0;

  World(RecommendConfig config) {
    this.config = config;
    this.model = new OnlineModel(config, ids);
    this.recommender = new Recommender(config, model, () -> index, items::get);
  }

  World() {
    this(RecommendConfig.defaults());
  }

  World item(String id, String category, String brand, double price) {
    items.put(
        id,
        new Item(
            id, "Item " + id, List.of(category), brand, price, List.of(), Map.of(), null, true));
    return this;
  }

  World unavailable(String id) {
    Item i = items.get(id);
    items.put(
        id,
        new Item(
            i.id(),
            i.title(),
            i.categories(),
            i.brand(),
            i.price(),
            i.tags(),
            i.attributes(),
            null,
            false));
    return this;
  }

  World user(String id, Map<String, Object> attributes) {
    profiles.put(id, updater.withUser(profiles.get(id), new User(id, attributes, Map.of())));
    return this;
  }

  World event(String type, String user, String item, String session) {
    now += 1000;
    StoredEvent e =
        new StoredEvent(
            ++seq,
            now,
            new Event(null, type, user, item, now, null, session, null, null, null, null));
    Profile p = updater.apply(profiles.get(user), e, items.get(item));
    profiles.put(user, p);
    model.observe(e, PopularSource.groups(p, config.groupAttributes()));
    return this;
  }

  World reindex() {
    index =
        CatalogueIndex.build(items.values(), ids, model, ProfileConfig.defaults()::priceBand, now);
    return this;
  }

  Recommendation forUser(String user, int n) {
    return recommender.recommend(
        new Query(
            Query.Kind.USER,
            user,
            model.user(user),
            profiles.get(user),
            context,
            List.of(),
            n,
            null,
            Set.of(),
            1,
            now));
  }

  Recommendation similar(String item, int n) {
    int i = ids.toIndex(item);
    return recommender.recommend(
        new Query(
            Query.Kind.SIMILAR,
            null,
            dev.persona.recommend.online.UserState.EMPTY,
            null,
            context,
            i < 0 ? List.of() : List.of(i),
            n,
            null,
            Set.of(),
            1,
            now));
  }

  static List<String> ids(Recommendation r) {
    return r.items().stream().map(Recommendation.Recommended::itemId).toList();
  }
}
