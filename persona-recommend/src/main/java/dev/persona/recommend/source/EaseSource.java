package dev.persona.recommend.source;

import dev.persona.core.topk.TopK;
import dev.persona.recommend.Candidate;
import dev.persona.recommend.CandidateSource;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecallContext;
import dev.persona.recommend.train.EaseModel;
import dev.persona.recommend.train.ItemSpace;
import dev.persona.recommend.train.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * EASE: an item's score is the sum of the learned weights from each item of the user's whole
 * history (or the visit's items, or the one seed item) to it, so the reason names the history item
 * with the largest weight, which is its exact share. Proposes only items outside the history.
 */
public final class EaseSource implements CandidateSource {
  @Override
  public String name() {
    return "ease";
  }

  @Override
  public List<Candidate> recall(Query q, RecallContext c, int limit) {
    Snapshot s = c.trained();
    if (s == null || s.ease() == null || q.kind() == Query.Kind.POPULAR) {
      return List.of();
    }
    EaseModel m = s.ease();
    ItemSpace space = m.items();
    TrainedScores h = TrainedScores.of(c.historyOf(q), space);
    float[] scores = TrainedScores.buffer(space.size());
    long[] top;
    try {
      if (!m.score(h.local, h.count, scores)) {
        return List.of();
      }
      top = h.top(q, c, space, scores, limit);
    } finally {
      TrainedScores.release(scores);
    }
    List<Candidate> out = new ArrayList<>(top.length);
    for (long packed : top) {
      int j = TopK.idOf(packed);
      out.add(
          new Candidate(space.global()[j], TopK.scoreOf(packed), () -> why(q, c, m, space, h, j)));
    }
    return out;
  }

  /** The history item with the largest weight to {@code j}, which is its exact share, in words. */
  private static Candidate.Why why(
      Query q, RecallContext c, EaseModel m, ItemSpace space, TrainedScores h, int j) {
    int anchor = -1;
    float best = 0;
    for (int k = 0; k < h.count; k++) {
      int i = h.local[k];
      if (i >= 0 && m.weight(i, j) > best) {
        best = m.weight(i, j);
        anchor = i;
      }
    }
    if (anchor < 0) {
      return new Candidate.Why("goes with your history", List.of());
    }
    int anchorGlobal = space.global()[anchor];
    String text =
        switch (q.kind()) {
          case USER ->
              "goes with "
                  + c.title(anchorGlobal)
                  + ", which you "
                  + TrainedScores.verb(q, anchorGlobal);
          case SIMILAR -> "chosen by people who chose " + c.title(anchorGlobal);
          default -> "goes with " + c.title(anchorGlobal) + ", seen in this visit";
        };
    return new Candidate.Why(text, List.of(space.ids()[anchor]));
  }
}
