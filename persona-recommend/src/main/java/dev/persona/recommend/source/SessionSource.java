package dev.persona.recommend.source;

import dev.persona.recommend.Candidate;
import dev.persona.recommend.CandidateSource;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecallContext;
import dev.persona.recommend.online.OnlineModel;
import dev.persona.recommend.online.UserState;
import java.util.ArrayList;
import java.util.List;

/**
 * What comes next in a visit: the items that followed the visit's last items in other visits (a
 * first-order transition model, learned on every event), the last item weighing 1, the one before
 * 1/2, then 1/4. For a user, the visit is their latest items when their last event is under 30
 * minutes old; for an anonymous visitor, the items the request names.
 */
public final class SessionSource implements CandidateSource {
  static final long VISIT = 30 * 60_000L;
  static final int STEPS = 3;

  @Override
  public String name() {
    return "session";
  }

  @Override
  public List<Candidate> recall(Query q, RecallContext c, int limit) {
    List<Integer> visit = new ArrayList<>(); // most recent first
    if (q.kind() == Query.Kind.USER) {
      UserState s = q.state();
      if (s.recent().length == 0 || q.now() - s.lastTime() > VISIT) {
        return List.of();
      }
      for (int i = 0; i < Math.min(STEPS, s.recent().length); i++) {
        visit.add(s.recent()[i]);
      }
    } else if (q.kind() == Query.Kind.SESSION) {
      for (int i = q.seeds().size() - 1; i >= 0 && visit.size() < STEPS; i--) {
        visit.add(q.seeds().get(i));
      }
    } else {
      return List.of();
    }
    OnlineModel model = c.model();
    Accumulator acc = new Accumulator();
    double w = 1;
    for (int a = 0; a < visit.size(); a++, w /= 2) {
      OnlineModel.Neighbours n = model.following(visit.get(a), 50);
      for (int k = 0; k < n.size(); k++) {
        acc.add(n.items()[k], w * n.scores()[k], a);
      }
    }
    List<Candidate> out = new ArrayList<>();
    for (int item : acc.top(limit)) {
      int from = visit.get(acc.anchor(item));
      out.add(
          new Candidate(
              item,
              (float) acc.score(item),
              () ->
                  new Candidate.Why(
                      "often next after " + c.title(from) + " in a visit",
                      List.of(model.items().toId(from)))));
    }
    return out;
  }
}
