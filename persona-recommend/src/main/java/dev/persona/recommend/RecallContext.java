package dev.persona.recommend;

import dev.persona.core.model.Item;
import dev.persona.core.topk.TopK;
import dev.persona.recommend.online.OnlineModel;
import dev.persona.recommend.train.Snapshot;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * What candidate sources read: the online model, the catalogue index, the live catalogue (for
 * titles in reasons), and lists that every request would otherwise recompute (global popularity and
 * trending, kept for at most a second).
 *
 * @param model the online model
 * @param index the catalogue index (a snapshot)
 * @param items the live catalogue by id ({@code null} for an unknown id)
 * @param trained the trained models in use, or {@code null} before the first training
 * @param history users' whole histories, for fold-in
 */
public record RecallContext(
    OnlineModel model,
    CatalogueIndex index,
    Function<String, Item> items,
    Cache cache,
    Snapshot trained,
    UserHistory history) {

  /**
   * What the trained models fold in for a query: the user's history, or a visit's or a seed's items
   * with weight 1.
   */
  public UserHistory.History historyOf(Query q) {
    if (q.kind() == Query.Kind.USER) {
      return q.userId() == null ? UserHistory.History.EMPTY : history.of(q.userId());
    }
    // a visit may name an item twice: once in the history, with its weight summed
    UserHistory.History.Builder b = new UserHistory.History.Builder();
    for (int seed : q.seeds()) {
      b.add(seed, 1);
    }
    return b.build();
  }

  /** The title of an item for reasons, or its id. */
  public String title(int item) {
    String id = model.items().toId(item);
    Item it = items.apply(id);
    return it != null && it.title() != null ? "'" + it.title() + "'" : id;
  }

  /** Ranked global lists, recomputed when older than {@link #TTL_MILLIS}. */
  public static final class Cache {
    static final long TTL_MILLIS = 1_000;
    static final int SIZE = 1_000;

    /** Items best first with their scores, as computed at {@code at}. */
    public record Ranked(long at, int[] ids, float[] scores) {}

    private final AtomicReference<Ranked>[] popular;
    private final AtomicReference<Ranked> trending = new AtomicReference<>();

    @SuppressWarnings("unchecked")
    public Cache() {
      popular = new AtomicReference[OnlineModel.WINDOWS.size()];
      for (int i = 0; i < popular.length; i++) {
        popular[i] = new AtomicReference<>();
      }
    }

    /** The most popular items of a window, best first, with their decayed counts. */
    public Ranked popular(OnlineModel model, CatalogueIndex index, int window, long now) {
      Ranked r = popular[window].get();
      if (r == null || Math.abs(now - r.at()) > TTL_MILLIS) {
        TopK top = new TopK(SIZE);
        double decay = model.decay(window, now);
        for (int i : index.all()) {
          double p = model.scaledPopularity(i, window) * decay;
          if (p > 0) {
            top.offer(i, (float) p);
          }
        }
        r = new Ranked(now, top.ids(), top.scores());
        popular[window].set(r);
      }
      return r;
    }

    /** The most trending items, best first, with their trending scores. */
    public Ranked trending(OnlineModel model, CatalogueIndex index, long now) {
      Ranked r = trending.get();
      if (r == null || Math.abs(now - r.at()) > TTL_MILLIS) {
        TopK top = new TopK(SIZE);
        for (int i : index.all()) {
          double t = model.trending(i, now);
          if (t > 0) {
            top.offer(i, (float) t);
          }
        }
        r = new Ranked(now, top.ids(), top.scores());
        trending.set(r);
      }
      return r;
    }
  }
}
