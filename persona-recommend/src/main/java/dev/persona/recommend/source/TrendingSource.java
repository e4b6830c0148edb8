package dev.persona.recommend.source;

import dev.persona.recommend.Candidate;
import dev.persona.recommend.CandidateSource;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecallContext;
import java.util.ArrayList;
import java.util.List;

/** Trending: items taken up faster now than over the week ({@code OnlineModel#trending}). */
public final class TrendingSource implements CandidateSource {
  @Override
  public String name() {
    return "trending";
  }

  @Override
  public List<Candidate> recall(Query q, RecallContext c, int limit) {
    if (q.category() != null) {
      return List.of(); // popularity within the category covers it
    }
    RecallContext.Cache.Ranked r = c.cache().trending(c.model(), c.index(), q.now());
    List<Candidate> out = new ArrayList<>();
    for (int k = 0; k < Math.min(limit, r.ids().length); k++) {
      out.add(new Candidate(r.ids()[k], r.scores()[k], "trending now", List.of()));
    }
    return out;
  }
}
