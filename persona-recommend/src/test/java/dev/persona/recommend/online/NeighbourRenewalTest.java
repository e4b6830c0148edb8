package dev.persona.recommend.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.index.IdIndex;
import dev.persona.core.model.Event;
import dev.persona.core.store.StoredEvent;
import dev.persona.core.topk.TopK;
import dev.persona.recommend.RecommendConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Neighbour lists changed in place when one pairing changes, against computing them again. */
class NeighbourRenewalTest {
  /** The best {@code cap} positive scores, best first, ties to the lower item (as TopK ranks). */
  private static OnlineModel.Neighbours best(Map<Integer, Float> scores, int cap) {
    TopK top = new TopK(cap);
    scores.forEach(
        (item, score) -> {
          if (score > 0) {
            top.offer(item, score);
          }
        });
    return new OnlineModel.Neighbours(top.ids(), top.scores());
  }

  /**
   * Random score tables (few distinct values, so that ties are common; some scores 0 or below), a
   * list of their best, one entry changed or added: the renewed list is the best of the new scores,
   * or unknown only where the list was full, held the item, and its new score does not rank above
   * the list's last entry (what was below the list could now rank above it).
   */
  @Test
  void aRenewedListIsTheBestOfTheNewScoresOrUnknownOnlyWhereTheListCannotTell() {
    SplittableRandom r = new SplittableRandom(3);
    float[] values = {-1, 0, 0.25f, 0.5f, 0.75f, 1, 2, 3.5f};
    int unknown = 0;
    int enteredFull = 0;
    int renewed = 0;
    for (int trial = 0; trial < 20_000; trial++) {
      int cap = new int[] {1, 3, 10, 50}[r.nextInt(4)];
      Map<Integer, Float> scores = new HashMap<>();
      int entries = r.nextInt(0, 70);
      for (int e = 0; e < entries; e++) {
        scores.put(r.nextInt(100), values[r.nextInt(values.length)]);
      }
      OnlineModel.Neighbours list = best(scores, cap);
      int item =
          r.nextBoolean() && list.size() > 0
              ? list.items()[r.nextInt(list.size())]
              : r.nextInt(100);
      float score = values[r.nextInt(values.length)];
      boolean wasIn = contains(list, item);
      scores.put(item, score);
      OnlineModel.Neighbours expected = best(scores, cap);

      OnlineModel.Neighbours got = OnlineModel.renewed(list, item, score, cap);

      if (got == null) {
        unknown++;
        int n = list.size();
        assertThat(n).isEqualTo(cap);
        assertThat(wasIn).isTrue();
        // unknown only where it no longer ranks above the list's last entry (itself, if last)
        assertThat(
                score <= 0
                    || TopK.pack(item, score)
                        <= TopK.pack(list.items()[n - 1], list.scores()[n - 1]))
            .isTrue();
        continue;
      }
      renewed++;
      if (!wasIn && list.size() == cap && contains(got, item)) {
        enteredFull++;
      }
      assertThat(got.items()).as("trial %d", trial).containsExactly(expected.items());
      assertThat(got.scores()).as("trial %d", trial).containsExactly(expected.scores());
    }
    // every branch was taken often
    assertThat(unknown).isGreaterThan(500);
    assertThat(enteredFull).isGreaterThan(500);
    assertThat(renewed).isGreaterThan(10_000);
  }

  private static boolean contains(OnlineModel.Neighbours list, int item) {
    for (int i : list.items()) {
      if (i == item) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every user touches the hub first, then a few of 120 items: each later event pairs the hub with
   * one item and changes that item's count of users, so the hub's list, renewed in place, must be
   * what a full computation over its counts gives, to the bit; with cosine and Jaccard (the
   * log-likelihood ratio also moves with the total of users, which renewal leaves to the drift
   * check), with co-occurrence maps small enough to be pruned (no renewal then), and read after
   * every event or every third (then the cached list is often out of date when the writer comes to
   * renew it, and must be left to be scored again).
   */
  @Test
  void theHubsRenewedListIsWhatAFullComputationGives() {
    for (String measure : List.of("cosine", "jaccard")) {
      for (int kept : new int[] {200, 10}) {
        for (int readEvery : new int[] {1, 3}) {
          hub(measure, kept, readEvery);
        }
      }
    }
  }

  private static void hub(String measure, int kept, int readEvery) {
    String what = measure + ", " + kept + " kept, read every " + readEvery;
    IdIndex ids = new IdIndex();
    OnlineModel model =
        new OnlineModel(
            RecommendConfig.defaults().toBuilder().similarity(measure).neighbours(kept).build(),
            ids);
    SplittableRandom r = new SplittableRandom(9);
    long t = 1_790_000_000_000L;
    long seq = 0;
    int maxRenewals = -1;
    for (int u = 0; u < 400; u++) {
      String user = "u" + u;
      int touches = r.nextInt(1, 20); // the hub stays among the 20 recent items
      for (int k = 0; k <= touches; k++) {
        // the hub first, then items drawn with a skew (low numbers more often)
        String item = k == 0 ? "hub" : "i" + (int) (120 * Math.pow(r.nextDouble(), 2));
        t += 1000;
        model.observe(
            new StoredEvent(
                ++seq,
                t,
                new Event(null, "view", user, item, t, null, null, null, null, null, null)),
            List.of());
        if (seq % readEvery != 0) {
          continue;
        }
        int hub = ids.toIndex("hub");
        OnlineModel.Neighbours served = model.neighbours(hub, OnlineModel.CACHED_NEIGHBOURS);
        OnlineModel.Neighbours fresh = model.computeNeighbours(hub, OnlineModel.CACHED_NEIGHBOURS);
        assertThat(served.items()).as("%s, event %d", what, seq).containsExactly(fresh.items());
        assertThat(served.scores()).as("%s, event %d", what, seq).containsExactly(fresh.scores());
        maxRenewals = Math.max(maxRenewals, model.renewals(hub));
      }
    }
    // the lists were renewed in place, up to the limit, not computed again after each event
    assertThat(maxRenewals).as(what).isGreaterThan(0);
    if (kept == 200 && readEvery == 1) {
      assertThat(maxRenewals).isEqualTo(OnlineModel.RENEWALS);
      // the hub's list was scored afresh far less often than events changed it
      assertThat(model.neighbourScorings()).isLessThan(seq / 3);
      assertThat(model.neighbourRenewals()).isGreaterThan(seq / 2);
    }
  }
}
