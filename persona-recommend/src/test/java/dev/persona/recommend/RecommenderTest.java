package dev.persona.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecommenderTest {
  /** Phones bought together; books apart; a fan of both who has seen one phone. */
  static World shop() {
    World w = new World();
    w.item("p1", "electronics/phones", "Nokia", 300)
        .item("p2", "electronics/phones", "Nokia", 250)
        .item("c1", "electronics/cases", "Nokia", 20)
        .item("b1", "books/fiction", "Pages", 12)
        .item("b2", "books/fiction", "Pages", 15)
        .item("b3", "books/poetry", "Verse", 9);
    for (int u = 0; u < 6; u++) {
      w.event("view", "u" + u, "p1", null).event("view", "u" + u, "p2", null);
      if (u % 2 == 0) {
        w.event("view", "u" + u, "c1", null);
      }
    }
    for (int u = 6; u < 10; u++) {
      w.event("view", "u" + u, "b1", null).event("view", "u" + u, "b2", null);
    }
    return w.reindex();
  }

  @Test
  void itemToItemFollowsWhatTheUserViewedAndSaysWhy() {
    World w = shop().event("view", "me", "p1", null);
    Recommendation r = w.forUser("me", 3);
    assertThat(r.items().get(0).itemId()).isEqualTo("p2");
    Recommendation.Reason reason =
        r.items().get(0).reasons().stream()
            .filter(x -> x.source().equals("item-knn"))
            .findFirst()
            .orElseThrow();
    assertThat(reason.text()).isEqualTo("because you viewed 'Item p1'");
    assertThat(reason.evidence()).containsExactly("p1");
    assertThat(r.model()).isEqualTo(Recommender.MODEL);
    assertThat(r.requestId()).isNotEmpty();
  }

  @Test
  void requestIdsAreDistinctVersion4Uuids() {
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String id = Recommender.requestId();
      java.util.UUID u = java.util.UUID.fromString(id);
      assertThat(u.version()).isEqualTo(4);
      assertThat(u.variant()).isEqualTo(2);
      assertThat(seen.add(id)).isTrue();
    }
  }

  @Test
  void boughtItemsAreNotRecommendedAgainButViewedOnesMayBe() {
    World w = shop().event("purchase", "me", "p2", null);
    assertThat(World.ids(w.forUser("me", 6))).doesNotContain("p2").contains("p1");
  }

  @Test
  void unavailableUnknownAndExcludedItemsAreFiltered() {
    World w = shop().unavailable("p2").event("view", "me", "p1", null);
    w.event("view", "u0", "ghost", null); // an item the catalogue does not know
    List<String> got = World.ids(w.forUser("me", 6));
    assertThat(got).doesNotContain("p2", "ghost");

    Recommendation excluded =
        w.recommender.recommend(
            new Query(
                Query.Kind.USER,
                "me",
                w.model.user("me"),
                w.profiles.get("me"),
                w.context,
                List.of(),
                6,
                null,
                Set.of("c1"),
                1,
                w.now));
    assertThat(World.ids(excluded)).doesNotContain("c1");

    Recommendation books =
        w.recommender.recommend(
            new Query(
                Query.Kind.USER,
                "me",
                w.model.user("me"),
                w.profiles.get("me"),
                w.context,
                List.of(),
                6,
                "books",
                Set.of(),
                1,
                w.now));
    assertThat(World.ids(books)).isNotEmpty().allMatch(id -> id.startsWith("b"));
  }

  @Test
  void excludedCategoriesBoostsAndPinsApply() {
    World base = shop();
    World w =
        new World(
            RecommendConfig.defaults()
                .withRules(
                    Set.of("books/poetry"),
                    0,
                    List.of(new RecommendConfig.Boost("brand", "Pages", 100)),
                    List.of("c1")));
    base.items.values().forEach(i -> w.item(i.id(), i.categories().get(0), i.brand(), i.price()));
    for (int u = 0; u < 6; u++) {
      w.event("view", "u" + u, "p1", null)
          .event("view", "u" + u, "p2", null)
          .event("view", "u" + u, "b3", null);
    }
    for (int u = 6; u < 10; u++) {
      w.event("view", "u" + u, "b1", null).event("view", "u" + u, "b2", null);
    }
    w.reindex().event("view", "me", "p1", null);
    List<String> got = World.ids(w.forUser("me", 5));
    assertThat(got.get(0)).isEqualTo("c1"); // pinned
    assertThat(w.forUser("me", 5).items().get(0).reasons().get(0).source()).isEqualTo("pinned");
    assertThat(got).doesNotContain("b3");
    assertThat(got.get(1)).startsWith("b"); // boosted a hundredfold past the phone
  }

  @Test
  void diversityTradesRelevanceForVarietyAndTheCapBoundsACategory() {
    World strict = new World(RecommendConfig.defaults().withMmrLambda(1.0));
    World varied = new World(RecommendConfig.defaults().withMmrLambda(0.3));
    World capped =
        new World(RecommendConfig.defaults().withRules(Set.of(), 1, List.of(), List.of()));
    for (World w : List.of(strict, varied, capped)) {
      w.item("p1", "electronics/phones", "Nokia", 300)
          .item("p2", "electronics/phones", "Nokia", 250)
          .item("p3", "electronics/phones", "Nokia", 200)
          .item("b1", "books/fiction", "Pages", 12);
      for (int u = 0; u < 8; u++) {
        w.event("view", "u" + u, "p2", null).event("view", "u" + u, "p3", null);
      }
      for (int u = 0; u < 3; u++) {
        w.event("view", "v" + u, "b1", null);
      }
      w.reindex();
    }
    assertThat(World.ids(strict.similar("p1", 3)).subList(0, 2))
        .containsExactlyInAnyOrder("p2", "p3");
    assertThat(World.ids(varied.similar("p1", 2))).contains("b1");
    assertThat(World.ids(capped.similar("p1", 3))).hasSize(2).contains("b1");
  }

  @Test
  void aNewUserGetsWhatTheirGroupLikesAndAnUnknownUserWhatEveryoneLikes() {
    World w = shop();
    w.user("f1", Map.of("gender", "F"))
        .user("f2", Map.of("gender", "F"))
        .user("newcomer", Map.of("gender", "F"));
    w.event("view", "f1", "b3", null)
        .event("view", "f2", "b3", null)
        .event("view", "f2", "b3", null);
    w.event("view", "newcomer", "b1", null).reindex();

    Recommendation r = w.forUser("newcomer", 3);
    assertThat(r.items()).isNotEmpty();
    assertThat(
            r.items().stream().flatMap(i -> i.reasons().stream()).map(Recommendation.Reason::text))
        .anyMatch(t -> t.contains("people like you (gender F)"));

    Recommendation unknown = w.forUser("nobody", 3);
    assertThat(World.ids(unknown)).containsExactlyInAnyOrder("p1", "p2", "b1"); // the 3 most viewed
    assertThat(unknown.items().stream().flatMap(i -> i.reasons().stream()))
        .extracting(Recommendation.Reason::text)
        .contains("popular this week");
  }

  @Test
  void anEmptyShopGivesAnEmptyListNotAnError() {
    World w = new World().reindex();
    assertThat(w.forUser("anyone", 10).items()).isEmpty();
    assertThat(w.similar("nothing", 10).items()).isEmpty();
  }

  @Test
  void contentFromTheProfileFindsANewItemWithoutInteractions() {
    World w = shop().event("view", "me", "b1", null).event("view", "me", "b2", null);
    w.item("b9", "books/fiction", "Pages", 14).reindex(); // new: nobody has touched it
    Recommendation r = w.forUser("me", 10);
    assertThat(World.ids(r)).contains("b9");
    Recommendation.Recommended b9 =
        r.items().stream().filter(i -> i.itemId().equals("b9")).findFirst().orElseThrow();
    assertThat(b9.reasons().get(0).source()).isEqualTo("content");
    assertThat(b9.reasons().get(0).text()).startsWith("matches your interest in");
  }

  @Test
  void aFailingSourceLeavesTheOthersToAnswer() {
    World w = shop().event("view", "me", "p1", null);
    var b = new dev.persona.recommend.train.Interactions.Builder();
    for (int u = 0; u < 6; u++) {
      b.add("u" + u, w.ids.toIndex("p1"), 1);
      b.add("u" + u, w.ids.toIndex("p2"), 1);
    }
    b.items(w.ids.size());
    var config =
        new dev.persona.recommend.train.TrainingConfig(
            new dev.persona.recommend.train.AlsParams(4, 2, 0.1, 1, 1, 3, 1, 1),
            true,
            5,
            100,
            0,
            1);
    var snapshot =
        new dev.persona.recommend.train.Trainer(config).train(b.build(), w.ids, 1, 1, 1, m -> {});
    Recommender broken =
        new Recommender(
            w.config,
            w.model,
            () -> w.index,
            w.items::get,
            () -> snapshot,
            id -> {
              throw new IllegalStateException("the history store is down");
            });
    Recommendation r =
        broken.recommend(
            new Query(
                Query.Kind.USER,
                "me",
                w.model.user("me"),
                null,
                w.context,
                List.of(),
                3,
                null,
                java.util.Set.of(),
                1,
                w.now));
    assertThat(World.ids(r)).contains("p2"); // item-knn and the rest still answer
    assertThat(r.items().get(0).reasons()).noneMatch(x -> x.source().equals("als"));
  }

  @Test
  void diversityPicksWhatThePlainMaximalMarginalRelevanceDefinitionPicks() {
    SplittableRandom random = new SplittableRandom(7);
    for (double lambda : new double[] {1.0, 0.7, 0.3, 0.0}) {
      for (int cap : new int[] {0, 2}) {
        World w =
            new World(
                RecommendConfig.defaults()
                    .withMmrLambda(lambda)
                    .withRules(Set.of(), cap, List.of(), List.of()));
        List<Recommender.Kept> ranked = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          String top = "c" + random.nextInt(4);
          w.item("i" + i, top + "/s" + random.nextInt(3), "b" + random.nextInt(5), 10);
          // few distinct scores, so that ties in value must break the same way
          ranked.add(new Recommender.Kept(i, w.ids.add("i" + i), 1 - random.nextInt(6) / 10.0));
        }
        w.reindex();
        ranked.sort((a, b) -> Double.compare(b.score(), a.score()));
        for (int n : new int[] {1, 5, 10, 13}) {
          assertThat(w.recommender.diversify(ranked, n, w.index))
              .as("lambda %s, cap %d, n %d", lambda, cap, n)
              .isEqualTo(plainMmr(ranked, n, w.index, lambda, cap));
        }
      }
    }
  }

  /** Maximal marginal relevance as defined: each step rescores every left candidate anew. */
  private static List<Recommender.Kept> plainMmr(
      List<Recommender.Kept> ranked, int n, CatalogueIndex index, double lambda, int cap) {
    List<Recommender.Kept> pool =
        new ArrayList<>(ranked.subList(0, Math.min(ranked.size(), 3 * n)));
    List<Recommender.Kept> chosen = new ArrayList<>();
    Map<String, Integer> perCategory = new HashMap<>();
    double top = pool.get(0).score();
    while (chosen.size() < n && !pool.isEmpty()) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < pool.size(); k++) {
        Recommender.Kept g = pool.get(k);
        boolean over = false;
        for (String c : index.topLevels(g.item())) {
          over |= cap > 0 && perCategory.getOrDefault(c, 0) >= cap;
        }
        if (over) {
          continue;
        }
        double similar = 0;
        for (Recommender.Kept c : chosen) {
          similar = Math.max(similar, index.similarity(g.item(), c.item()));
        }
        double value = lambda * g.score() / top - (1 - lambda) * similar;
        if (value > bestValue) {
          bestValue = value;
          best = k;
        }
      }
      if (best < 0) {
        break;
      }
      Recommender.Kept g = pool.remove(best);
      chosen.add(g);
      for (String c : index.topLevels(g.item())) {
        perCategory.merge(c, 1, Integer::sum);
      }
    }
    return chosen;
  }
}
