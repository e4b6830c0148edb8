package dev.persona.recommend.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.persona.core.index.IdIndex;
import dev.persona.core.model.Event;
import dev.persona.core.store.StoredEvent;
import dev.persona.profile.ProfileConfig;
import dev.persona.profile.ProfileContext;
import dev.persona.recommend.Candidate;
import dev.persona.recommend.CatalogueIndex;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecallContext;
import dev.persona.recommend.RecommendConfig;
import dev.persona.recommend.UserHistory;
import dev.persona.recommend.online.OnlineModel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UserKnnSourceTest {
  static final long T0 = 1_790_000_000_000L;
  final IdIndex ids = new IdIndex();
  // two recent items per user, so that a user's history reaches further back than their window
  final OnlineModel model = new OnlineModel(RecommendConfig.defaults().withRecentItems(2), ids);
  long seq;

  void view(String user, String item) {
    long t = T0 + 1000 * ++seq;
    model.observe(
        new StoredEvent(
            seq, t, new Event(null, "view", user, item, t, null, null, null, null, null, null)),
        List.of());
  }

  List<Candidate> recall(String user, UserHistory history) {
    RecallContext c =
        new RecallContext(
            model, CatalogueIndex.EMPTY, id -> null, new RecallContext.Cache(), null, history);
    Query q =
        new Query(
            Query.Kind.USER,
            user,
            model.user(user),
            null,
            ProfileContext.of(ProfileConfig.defaults()),
            List.of(),
            10,
            null,
            Set.of(),
            1,
            T0);
    return new UserKnnSource().recall(q, c, 10);
  }

  UserHistory historyOf(String user, String... items) {
    UserHistory.History.Builder b = new UserHistory.History.Builder();
    for (String i : items) {
      b.add(ids.toIndex(i), 1);
    }
    UserHistory.History h = b.build();
    return id -> id.equals(user) ? h : UserHistory.History.EMPTY;
  }

  @Test
  void neighboursComeThroughTheWholeHistoryNotOnlyTheRecentWindow() {
    view("me", "old");
    view("me", "a");
    view("me", "b"); // "old" has left me's two recent items
    view("fan", "old");
    view("fan", "gift");

    // without the history, the recent window shares nothing with anyone
    assertThat(recall("me", UserHistory.NONE)).isEmpty();
    List<Candidate> found = recall("me", historyOf("me", "old", "a", "b"));
    assertThat(found).extracting(x -> ids.toId(x.item())).containsExactlyInAnyOrder("gift", "old");
    assertThat(found.get(0).text()).isEqualTo("chosen by people whose recent choices match yours");
  }

  @Test
  void anItemScoresTheSumOfItsNeighboursSimilaritySquared() {
    view("close", "x");
    view("close", "only-close");
    view("far", "x");
    view("far", "y");
    view("both", "x");
    view("both", "shared");
    view("far", "shared"); // far: [shared, y] has left x; it still lists far as a latest user
    view("me", "x");
    view("me", "y");

    Map<String, Float> sim = model.similarUsers("me", 10);
    Map<String, Float> score =
        recall("me", UserHistory.NONE).stream()
            .collect(Collectors.toMap(x -> ids.toId(x.item()), Candidate::score));
    float close = sim.get("close");
    float far = sim.get("far");
    float both = sim.get("both");
    assertThat(score.get("only-close")).isCloseTo(close * close, within(1e-6f));
    assertThat(score.get("shared")).isCloseTo(far * far + both * both, within(1e-6f));
  }

  @Test
  void aVeryLongHistoryIsSearchedThroughItsLatestItemsOnly() {
    String[] items = new String[OnlineModel.MAX_ANCHORS + 1];
    for (int i = 0; i < items.length; i++) {
      items[i] = "h" + i;
      view("me", items[i]);
    }
    view("oldFan", "h0"); // shares only the oldest item, beyond the latest MAX_ANCHORS
    view("oldFan", "old-gift");
    view("newFan", items[items.length - 1]);
    view("newFan", "new-gift");

    List<String> found =
        recall("me", historyOf("me", items)).stream().map(x -> ids.toId(x.item())).toList();
    assertThat(found).contains("new-gift").doesNotContain("old-gift");
  }
}
