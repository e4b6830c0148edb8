package dev.persona.recommend.source;

import dev.persona.core.topk.TopK;
import dev.persona.recommend.Candidate;
import dev.persona.recommend.CandidateSource;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecallContext;
import dev.persona.recommend.train.AlsModel;
import dev.persona.recommend.train.ItemSpace;
import dev.persona.recommend.train.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Implicit ALS with fold-in: the user's vector is solved from their whole history (read fresh,
 * including the event sent a moment ago) against the trained item factors, then every item is
 * scored. A visit folds in its items; similar items are those whose factors are closest to the
 * item's. Proposes only items outside the user's history (discovery); each candidate that a list
 * shows names the interaction with the largest exact share of its score.
 */
public final class AlsSource implements CandidateSource {
  /**
   * How many candidates the 8-bit search finds for the exact scores to choose {@code limit} from:
   * half as many again. On the 200,000-user latency benchmark the exact best 100 of 150 rough
   * candidates were the exact best 100 over every item for all of 1,000 users, as of 300
   * (BENCHMARKS.md); the search for 150 takes about half the time.
   */
  public static int roughCandidates(int limit) {
    return limit + limit / 2;
  }

  /** Interactions considered as the named reason. */
  static final int ANCHORS = 200;

  @Override
  public String name() {
    return "als";
  }

  @Override
  public List<Candidate> recall(Query q, RecallContext c, int limit) {
    Snapshot s = c.trained();
    if (s == null || s.als() == null || q.kind() == Query.Kind.POPULAR) {
      return List.of();
    }
    AlsModel m = s.als();
    ItemSpace space = m.items();
    TrainedScores h = TrainedScores.of(c.historyOf(q), space);
    AlsModel.Folded folded = null;
    float[] x;
    if (q.kind() == Query.Kind.SIMILAR) {
      if (h.count == 0 || h.local[0] < 0) {
        return List.of();
      }
      x = m.itemVector(h.local[0]);
    } else {
      folded = m.fold(h.local, h.weights, h.count);
      if (folded == null) {
        return List.of();
      }
      x = folded.x();
    }
    // candidates from the 8-bit codes (a search that stops once no further item can enter),
    // then the exact scores of the best of them
    long[] rough = m.candidates(x, h.skipped(q, c, space), roughCandidates(limit));
    TopK exact = new TopK(limit);
    for (long packed : rough) {
      int j = TopK.idOf(packed);
      float e = m.exact(x, j);
      if (e > 0) {
        exact.offer(j, e);
      }
    }
    long[] top = exact.packedDescending();
    List<Candidate> out = new ArrayList<>(top.length);
    AlsModel.Folded user = folded;
    for (long packed : top) {
      int j = TopK.idOf(packed);
      int global = space.global()[j];
      float score = TopK.scoreOf(packed);
      if (q.kind() == Query.Kind.SIMILAR) {
        int seed = h.local[0];
        out.add(
            new Candidate(
                global,
                score,
                () ->
                    new Candidate.Why(
                        "liked by the same people as " + c.title(space.global()[seed]),
                        List.of(space.ids()[seed]))));
        continue;
      }
      // the named reason is worked out only for the items a list shows
      out.add(new Candidate(global, score, () -> explain(q, c, space, user, h, j)));
    }
    return out;
  }

  private static Candidate.Why explain(
      Query q, RecallContext c, ItemSpace space, AlsModel.Folded folded, TrainedScores h, int j) {
    int anchor = strongest(folded, h, j);
    if (anchor < 0) {
      return new Candidate.Why("suits the taste your history shows", List.of());
    }
    int anchorGlobal = space.global()[anchor];
    String text =
        q.kind() == Query.Kind.USER
            ? "suits the taste you showed when you "
                + TrainedScores.verb(q, anchorGlobal)
                + " "
                + c.title(anchorGlobal)
            : "suits the taste this visit shows with " + c.title(anchorGlobal);
    return new Candidate.Why(text, List.of(space.ids()[anchor]));
  }

  /**
   * The history item with the largest share of item {@code j}'s score among the latest {@value
   * #ANCHORS} interactions, or -1.
   */
  static int strongest(AlsModel.Folded folded, TrainedScores h, int j) {
    int start = Math.max(0, h.count - ANCHORS);
    int from = 0; // known interactions before the window
    for (int q = 0; q < start; q++) {
      from += h.local[q] >= 0 ? 1 : 0;
    }
    double[] shares = folded.shares(j, from);
    int best = -1;
    double bestShare = 0;
    for (int q = start, p = 0; q < h.count; q++) {
      int i = h.local[q];
      if (i < 0) {
        continue;
      }
      double share = shares[p++];
      if (share > bestShare) {
        bestShare = share;
        best = i;
      }
    }
    return best;
  }
}
