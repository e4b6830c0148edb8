package dev.persona.recommend.source;

import dev.persona.recommend.Candidate;
import dev.persona.recommend.CandidateSource;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecallContext;
import dev.persona.recommend.online.OnlineModel;
import java.util.ArrayList;
import java.util.List;

/**
 * User-to-user: the recent items of the 100 users whose recent items overlap the user's whole
 * history most (their recent items when the history is not known; see {@link
 * OnlineModel#similar(String, int[], int)}), each item scored by the sum over the neighbours who
 * have it of their similarity squared. A neighbour's recent items follow their every event, so a
 * neighbour's new click counts at once.
 */
public final class UserKnnSource implements CandidateSource {
  static final int NEIGHBOURS = 100;

  @Override
  public String name() {
    return "user-knn";
  }

  @Override
  public List<Candidate> recall(Query q, RecallContext c, int limit) {
    if (q.kind() != Query.Kind.USER || q.userId() == null) {
      return List.of();
    }
    OnlineModel model = c.model();
    int[] history = c.historyOf(q).items();
    OnlineModel.Similar neighbours =
        history.length > 0
            ? model.similar(q.userId(), history, NEIGHBOURS)
            : model.similar(q.userId(), NEIGHBOURS);
    int added = 0;
    for (int v = 0; v < neighbours.size(); v++) {
      added += neighbours.recent(v).length;
    }
    // neighbours share many items; the reason names no neighbour, so no anchors
    Accumulator acc = Accumulator.sumsOnly(Math.min(added, 1024));
    for (int v = 0; v < neighbours.size(); v++) {
      int[] recent = neighbours.recent(v);
      float similarity = neighbours.score(v);
      double w = similarity * similarity; // the closest neighbours count for much more
      for (int item : recent) {
        acc.add(item, w, v);
      }
    }
    List<Candidate> out = new ArrayList<>();
    for (int item : acc.top(limit)) {
      out.add(
          new Candidate(
              item,
              (float) acc.score(item),
              "chosen by people whose recent choices match yours",
              List.of()));
    }
    return out;
  }
}
