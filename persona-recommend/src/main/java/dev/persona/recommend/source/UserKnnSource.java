package dev.persona.recommend.source;

import dev.persona.recommend.Candidate;
import dev.persona.recommend.CandidateSource;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecallContext;
import dev.persona.recommend.online.OnlineModel;
import java.util.ArrayList;
import java.util.List;

/**
 * User-to-user: the recent items of the users whose recent items overlap the user's most (see
 * {@link OnlineModel#similarUsers}), each weighted by that overlap and by its place in the
 * neighbour's history.
 */
public final class UserKnnSource implements CandidateSource {
  static final int NEIGHBOURS = 50;
  static final int ITEMS_PER_NEIGHBOUR = 20;

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
    OnlineModel.Similar neighbours = model.similar(q.userId(), NEIGHBOURS);
    Accumulator acc = new Accumulator();
    for (int v = 0; v < neighbours.size(); v++) {
      int[] recent = neighbours.state(v).recent();
      float w = neighbours.score(v);
      for (int i = 0; i < Math.min(ITEMS_PER_NEIGHBOUR, recent.length); i++) {
        acc.add(recent[i], w / (1.0 + 0.1 * i), v);
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
