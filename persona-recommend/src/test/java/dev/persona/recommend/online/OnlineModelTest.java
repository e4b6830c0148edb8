package dev.persona.recommend.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.persona.core.index.IdIndex;
import dev.persona.core.model.Event;
import dev.persona.core.store.StoredEvent;
import dev.persona.recommend.RecommendConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnlineModelTest {
  static final long T0 = 1_790_000_000_000L;
  static final long DAY = 86_400_000L;
  final IdIndex ids = new IdIndex();

  @Test
  void anchorsAreSortedOnceEachWithinBounds() {
    assertThat(OnlineModel.sortedDistinct(new int[] {7, -1, 3, 7, 12, 3, 0, 9}, 10))
        .containsExactly(0, 3, 7, 9);
    assertThat(OnlineModel.sortedDistinct(new int[] {5, 5, 5}, 10)).containsExactly(5);
    assertThat(OnlineModel.sortedDistinct(new int[] {-2, 10}, 10)).isEmpty();
    assertThat(OnlineModel.sortedDistinct(new int[0], 10)).isEmpty();
  }

  final OnlineModel model = new OnlineModel(RecommendConfig.defaults(), ids);
  long seq;

  void event(String type, String user, String item, long t, String session) {
    model.observe(
        new StoredEvent(
            ++seq, t, new Event(null, type, user, item, t, null, session, null, null, null, null)),
        List.of());
  }

  @Test
  void itemsViewedByTheSameUsersBecomeNeighboursAtOnce() {
    event("view", "u1", "a", T0, null);
    event("view", "u1", "b", T0 + 1000, null);
    event("view", "u2", "a", T0, null);
    event("view", "u2", "b", T0 + 1000, null);
    event("view", "u3", "a", T0, null);
    event("view", "u3", "c", T0 + 1000, null);

    OnlineModel.Neighbours n = model.neighbours(ids.toIndex("a"), 10);
    assertThat(n.items()).containsExactly(ids.toIndex("b"), ids.toIndex("c"));
    // cosine: co-occurrence / sqrt(users(a) * users(b)) = 2 / sqrt(3 * 2)
    assertThat(n.scores()[0]).isCloseTo((float) (2 / Math.sqrt(6)), within(1e-6f));
    assertThat(model.users(ids.toIndex("a"))).isEqualTo(3);
  }

  @Test
  void reusedNeighbourListsFollowEveryNewPairingAndNewUsersOfTheItem() {
    event("view", "u1", "a", T0, null);
    event("view", "u1", "b", T0 + 1, null);
    int a = ids.toIndex("a");
    OnlineModel.Neighbours first = model.neighbours(a, 10);
    assertThat(first.items()).containsExactly(ids.toIndex("b"));
    assertThat(model.neighbours(a, 10)).isSameAs(first); // reused while nothing changed

    // a brand-new item paired with a: its neighbours show it on the next read
    event("view", "u1", "n", T0 + 2, null);
    assertThat(model.neighbours(a, 10).items()).contains(ids.toIndex("n"));

    // a new user of a alone (no pairing) changes a's count, so the cosine moves at once
    float before = model.neighbours(a, 10).scores()[0];
    event("view", "u9", "a", T0 + 3, null);
    assertThat(model.neighbours(a, 10).scores()[0]).isLessThan(before);
    // asking for fewer than are kept gives the best ones; for more, a fresh computation
    assertThat(model.neighbours(a, 1).items()).hasSize(1);
    assertThat(model.neighbours(a, 500).items()).hasSize(2);
  }

  @Test
  void repeatedViewsOfAnItemCountOnceWhileItIsRecent() {
    event("view", "u1", "a", T0, null);
    event("view", "u1", "b", T0 + 1, null);
    event("view", "u1", "a", T0 + 2, null);
    event("view", "u1", "b", T0 + 3, null);

    assertThat(model.users(ids.toIndex("a"))).isEqualTo(1);
    assertThat(model.neighbours(ids.toIndex("a"), 5).scores()[0]).isEqualTo(1.0f);
  }

  @Test
  void transitionsFollowTheOrderWithinAVisit() {
    event("view", "u1", "a", T0, "s1");
    event("view", "u1", "b", T0 + 1000, "s1");
    event("view", "u2", "a", T0, "s2");
    event("view", "u2", "b", T0 + 1000, "s2");
    event("view", "u3", "a", T0, "s3");
    event("view", "u3", "c", T0 + 1000, "s3");
    event("view", "u3", "d", T0 + 2 * 3_600_000L, "s4"); // another visit: no transition c -> d

    OnlineModel.Neighbours next = model.following(ids.toIndex("a"), 5);
    assertThat(next.items()).containsExactly(ids.toIndex("b"), ids.toIndex("c"));
    assertThat(next.scores()[0]).isCloseTo(2 / 3f, within(1e-6f));
    assertThat(model.following(ids.toIndex("c"), 5).size()).isZero();
    assertThat(model.following(ids.toIndex("b"), 5).size()).isZero();
  }

  @Test
  void boughtAndDislikedItemsAreExcludedForThatUser() {
    event("purchase", "u1", "a", T0, null);
    event("dislike", "u1", "b", T0, null);
    event("view", "u1", "c", T0, null);
    UserState s = model.user("u1");
    assertThat(s.excludes(ids.toIndex("a"))).isTrue();
    assertThat(s.excludes(ids.toIndex("b"))).isTrue();
    assertThat(s.excludes(ids.toIndex("c"))).isFalse();
    assertThat(model.user("u2").excludes(ids.toIndex("a"))).isFalse();
    assertThat(s.verb(1)).isEqualTo("bought");
  }

  @Test
  void popularityDecaysWithEachWindowsHalfLife() {
    event("purchase", "u1", "a", T0, null); // weight 4
    int a = ids.toIndex("a");
    assertThat(model.popularity(a, 0, T0 + DAY)).isCloseTo(2.0, within(1e-9));
    assertThat(model.popularity(a, 1, T0 + 7 * DAY)).isCloseTo(2.0, within(1e-9));
    assertThat(model.popularity(a, 2, T0)).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void similarUsersShareRecentItemsAndErasureForgetsAUser() {
    event("view", "u1", "a", T0, null);
    event("view", "u1", "b", T0, null);
    event("view", "u2", "a", T0, null);
    event("view", "u2", "b", T0, null);
    event("view", "u3", "b", T0, null);
    assertThat(model.similarUsers("u1", 5).keySet()).containsExactly("u2", "u3");

    model.erase("u2");
    assertThat(model.similarUsers("u1", 5).keySet()).containsExactly("u3");
    assertThat(model.user("u2")).isEqualTo(UserState.EMPTY);
  }

  @Test
  void similarUsersComeWithTheirLatestRecentItemsAndAUserBackAfterErasureStartsAfresh() {
    event("view", "u1", "a", T0, null);
    event("view", "u2", "a", T0, null);
    event("view", "u2", "c", T0 + 1, null);
    OnlineModel.Similar found = model.similar("u1", 5);
    assertThat(found.size()).isEqualTo(1);
    assertThat(found.id(0)).isEqualTo("u2");
    // the state as of u2's latest event, newest first
    assertThat(found.recent(0)).containsExactly(ids.toIndex("c"), ids.toIndex("a"));
    assertThat(found.score(0)).isPositive();
    assertThat(model.similar("nobody", 5).size()).isZero();
    assertThat(model.similar("u1", 0).size()).isZero();

    model.erase("u2");
    assertThat(found.id(0)).as("erased after the search: no longer named").isNull();
    event("view", "u2", "b", T0 + 2, null); // a new life: only b
    assertThat(model.similar("u1", 5).size()).isZero();
    assertThat(model.user("u2").recent()).containsExactly(ids.toIndex("b"));
    event("view", "u1", "b", T0 + 3, null);
    assertThat(model.similarUsers("u1", 5).keySet()).containsExactly("u2");
  }

  @Test
  void equallySimilarUsersComeInTheOrderTheModelFirstSawThem() {
    event("view", "u9", "x", T0, null); // u9 seen first, sharing nothing with u1 yet
    event("view", "u3", "a", T0 + 1, null);
    event("view", "u3", "y", T0 + 1, null);
    event("view", "u2", "a", T0 + 2, null);
    event("view", "u2", "z", T0 + 2, null);
    event("view", "u9", "a", T0 + 3, null);
    event("view", "u1", "a", T0 + 4, null);
    assertThat(model.similarUsers("u1", 5).keySet()).containsExactly("u9", "u3", "u2");
    assertThat(model.similarUsers("u1", 2).keySet()).containsExactly("u9", "u3");
  }

  @Test
  void aUserWhoTouchedEverythingIsNotEveryonesClosestNeighbour() {
    for (String item : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i")) {
      event("view", "heavy", item, T0, null);
    }
    event("view", "close", "a", T0 + 1, null);
    event("view", "close", "b", T0 + 1, null);
    event("view", "u1", "a", T0 + 2, null);
    event("view", "u1", "b", T0 + 2, null);
    // both share a and b with u1; "close" has nothing else, "heavy" seven more items
    Map<String, Float> found = model.similarUsers("u1", 5);
    assertThat(found.keySet()).containsExactly("close", "heavy");
    // the same shared items, divided by the square root of each one's number of recent items
    assertThat(found.get("heavy") / found.get("close"))
        .isCloseTo((float) (Math.sqrt(2) / 3), within(1e-5f));
  }

  @Test
  void neighboursFoundThroughGivenItemsBeyondTheRecentOnes() {
    event("view", "u2", "old", T0, null);
    event("view", "u3", "new", T0, null);
    event("view", "u1", "new", T0 + 1, null); // u1's only recent item
    assertThat(model.similarUsers("u1", 5).keySet()).containsExactly("u3");
    int[] history = {ids.toIndex("old"), ids.toIndex("new")};
    assertThat(model.similarUsers("u1", history, 5).keySet()).containsExactlyInAnyOrder("u2", "u3");
    // an id the model never saw finds neighbours through the items alone, never itself
    assertThat(model.similar("stranger", new int[] {ids.toIndex("old")}, 5).id(0)).isEqualTo("u2");
    assertThat(model.similarUsers("u2", new int[] {ids.toIndex("old")}, 5)).isEmpty();
    assertThat(model.similar("u1", new int[0], 5).size()).isZero();
  }

  @Test
  void withMoreCandidatesThanTheShortlistTheBestAreStillFound() {
    // 100 items, each viewed by 31 users who viewed nothing else; then four users, made last,
    // share 5, 4, 3 and 2 of those items: 3,104 candidates, more than the shortlist of 1,000
    int[] anchors = new int[100];
    for (int i = 0; i < 100; i++) {
      for (int j = 0; j < 31; j++) {
        event("view", "s" + i + "_" + j, "p" + i, T0 + i, null);
      }
    }
    int next = 0;
    for (var strong : List.of(Map.entry("five", 5), Map.entry("four", 4), Map.entry("three", 3))) {
      for (int n = 0; n < strong.getValue(); n++) {
        event("view", strong.getKey(), "p" + next++, T0 + 1000, null);
      }
    }
    event("view", "two", "p" + next++, T0 + 1000, null);
    event("view", "two", "p" + next++, T0 + 1000, null);
    for (int i = 0; i < 100; i++) {
      anchors[i] = ids.toIndex("p" + i);
    }
    assertThat(OnlineModel.SHORTLIST).isLessThan(100 * 31);

    Map<String, Float> found = model.similarUsers("nobody", anchors, 6);
    // m shared items of 32 users each, over sqrt(m) recent items; then a one-item user of an item
    // with 31 users (ties to the user seen first)
    assertThat(found.keySet()).containsExactly("five", "four", "three", "two", "s14_0", "s14_1");
    assertThat(found.get("five")).isCloseTo((float) (Math.sqrt(5) / Math.log(34)), within(1e-5f));
    assertThat(found.get("two")).isCloseTo((float) (Math.sqrt(2) / Math.log(34)), within(1e-5f));
    assertThat(found.get("s14_0")).isCloseTo((float) (1 / Math.log(33)), within(1e-5f));
  }

  @Test
  void similarUsersScoresMatchTheirDefinitionForManyAnchors() {
    // 300 users of 8 random items each out of 1,500 (no item list overflows), and 120 anchors: the
    // search's table of anchor weights has shared slots, and must miss no anchor
    java.util.SplittableRandom r = new java.util.SplittableRandom(17);
    Map<String, List<String>> viewed = new java.util.LinkedHashMap<>();
    for (int u = 0; u < 300; u++) {
      List<String> items = new java.util.ArrayList<>();
      while (items.size() < 8) {
        String item = "x" + r.nextInt(1_500);
        if (!items.contains(item)) {
          items.add(item);
          event("view", "v" + u, item, T0 + u, null);
        }
      }
      viewed.put("v" + u, items);
    }
    java.util.Set<String> anchorIds = new java.util.HashSet<>();
    while (anchorIds.size() < 120) {
      anchorIds.add("x" + r.nextInt(1_500));
    }
    int[] anchors = anchorIds.stream().mapToInt(ids::toIndex).filter(i -> i >= 0).toArray();
    Map<String, Float> found = model.similarUsers("nobody", anchors, 300);
    int expectedCount = 0;
    for (var e : viewed.entrySet()) {
      double score = 0;
      for (String item : e.getValue()) {
        if (anchorIds.contains(item)) {
          score += (float) (1 / Math.log(2 + model.users(ids.toIndex(item))));
        }
      }
      score /= Math.sqrt(e.getValue().size());
      if (score > 0) {
        expectedCount++;
        assertThat(found.get(e.getKey())).as(e.getKey()).isCloseTo((float) score, within(1e-5f));
      } else {
        assertThat(found).doesNotContainKey(e.getKey());
      }
    }
    assertThat(found).hasSize(expectedCount);
    assertThat(expectedCount).isGreaterThan(100); // most users share an anchor
  }

  @Test
  void latestUsersOfAnItemAreNewestFirstAndForgetTheErased() {
    event("view", "u1", "a", T0, null);
    event("view", "u2", "a", T0 + 1, null);
    event("view", "u1", "a", T0 + 2, null); // still among u1's recent items: not listed again
    event("view", "u3", "a", T0 + 3, null);
    int a = model.items().toIndex("a");

    assertThat(model.latestUsers(a, 10)).containsExactly("u3", "u2", "u1");
    assertThat(model.latestUsers(a, 2)).containsExactly("u3", "u2");
    model.erase("u2");
    assertThat(model.latestUsers(a, 10)).containsExactly("u3", "u1");
    assertThat(model.latestUsers(-1, 10)).isEmpty();
    for (int i = 0; i < 40; i++) {
      event("view", "w" + i, "a", T0 + 10 + i, null);
    }
    assertThat(model.latestUsers(a, 100)).hasSize(32).startsWith("w39", "w38");
    for (int i = 0; i < 40; i++) { // w0 comes back after the item left their recent items
      event("view", "w0", "b" + i, T0 + 100 + i, null);
    }
    event("view", "w0", "a", T0 + 200, null);
    assertThat(model.latestUsers(a, 100)).startsWith("w0", "w39").doesNotHaveDuplicates();
  }

  @Test
  void theLogLikelihoodRatioMatchesAHandComputedTable() {
    // k11 = 10, k12 = 10, k21 = 10, k22 = 970 (n = 1000): G^2 = 2 * sum k log(k * n / (row * col))
    double k11 = 10, k12 = 10, k21 = 10, k22 = 970, n = 1000;
    double r1 = k11 + k12, r2 = k21 + k22, c1 = k11 + k21, c2 = k12 + k22;
    double g2 =
        2
            * (k11 * Math.log(k11 * n / (r1 * c1))
                + k12 * Math.log(k12 * n / (r1 * c2))
                + k21 * Math.log(k21 * n / (r2 * c1))
                + k22 * Math.log(k22 * n / (r2 * c2)));
    assertThat(OnlineModel.llr(k11, r1, c1, n)).isCloseTo(g2, within(1e-9));
    assertThat(OnlineModel.llr(0.2, 20, 10, 1000)).as("less than chance").isZero();
  }
}
