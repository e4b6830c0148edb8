package dev.persona.recommend.source;

import dev.persona.recommend.Candidate;
import dev.persona.recommend.CandidateSource;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecallContext;
import dev.persona.recommend.online.OnlineModel;
import dev.persona.recommend.online.UserState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Item-to-item: items that co-occur with the user's recent items (or with the seed item), by the
 * configured similarity, updated on every event. A user's anchors count less the older they are
 * ({@code 1 / (1 + position)}); each candidate's reason names its strongest anchor.
 */
public final class ItemKnnSource implements CandidateSource {
  static final int ANCHORS = 10;
  static final int NEIGHBOURS = 50;

  @Override
  public String name() {
    return "item-knn";
  }

  @Override
  public List<Candidate> recall(Query q, RecallContext c, int limit) {
    OnlineModel model = c.model();
    UserState s = q.state();
    int[] anchors;
    if (q.kind() == Query.Kind.USER) {
      anchors = Arrays.copyOf(s.recent(), Math.min(ANCHORS, s.recent().length));
    } else {
      List<Integer> seeds = q.seeds();
      anchors = new int[Math.min(ANCHORS, seeds.size())];
      for (int a = 0; a < anchors.length; a++) {
        anchors[a] = seeds.get(seeds.size() - 1 - a); // the most recent seed first
      }
    }
    Accumulator acc = new Accumulator(Math.min(anchors.length * NEIGHBOURS, 1024));
    for (int a = 0; a < anchors.length; a++) {
      int anchor = anchors[a];
      double w = 1.0 / (1 + a);
      OnlineModel.Neighbours n = model.neighbours(anchor, NEIGHBOURS);
      for (int k = 0; k < n.size(); k++) {
        acc.add(n.items()[k], w * n.scores()[k], a);
      }
    }
    List<Candidate> out = new ArrayList<>();
    for (int item : acc.top(limit)) {
      int anchor = anchors[acc.anchor(item)];
      out.add(new Candidate(item, (float) acc.score(item), () -> why(q, c, anchor)));
    }
    return out;
  }

  private static Candidate.Why why(Query q, RecallContext c, int anchor) {
    String text =
        switch (q.kind()) {
          case USER -> "because you " + verb(q.state(), anchor) + " " + c.title(anchor);
          case SIMILAR -> "often chosen together with " + c.title(anchor);
          default -> "often chosen with " + c.title(anchor) + ", seen in this visit";
        };
    return new Candidate.Why(text, List.of(c.model().items().toId(anchor)));
  }

  private static String verb(UserState s, int item) {
    for (int i = 0; i < s.recent().length; i++) {
      if (s.recent()[i] == item) {
        return s.verb(i);
      }
    }
    return "viewed";
  }
}
