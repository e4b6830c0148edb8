package dev.persona.recommend.source;

import dev.persona.core.topk.TopK;
import dev.persona.profile.Profile;
import dev.persona.profile.Reading;
import dev.persona.recommend.Candidate;
import dev.persona.recommend.CandidateSource;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecallContext;
import dev.persona.recommend.online.OnlineModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Popularity: decayed counts of positive interactions in the request's window, within the requested
 * category when there is one. For a user with fewer than {@value #FEW_EVENTS} events the counts of
 * their groups (gender, age band, region, as configured) come first: the cold start.
 */
public final class PopularSource implements CandidateSource {
  static final int FEW_EVENTS = 5;
  static final String[] WINDOW_WORDS = {"today", "this week", "this month"};

  @Override
  public String name() {
    return "popular";
  }

  @Override
  public List<Candidate> recall(Query q, RecallContext c, int limit) {
    OnlineModel model = c.model();
    String when = WINDOW_WORDS[q.window()];
    List<Candidate> out = new ArrayList<>();
    if (q.category() != null) {
      TopK top = new TopK(limit);
      double decay = model.decay(q.window(), q.now());
      for (int i : c.index().items("category", q.category())) {
        double p = model.scaledPopularity(i, q.window()) * decay;
        if (p > 0) {
          top.offer(i, (float) p);
        }
      }
      int[] ids = top.ids();
      float[] scores = top.scores();
      String text = "popular in " + q.category() + " " + when;
      for (int k = 0; k < ids.length; k++) {
        out.add(new Candidate(ids[k], scores[k], text, List.of()));
      }
      return out;
    }
    Profile p = q.profile();
    if (q.kind() == Query.Kind.USER && p != null && p.events() < FEW_EVENTS) {
      List<String> groups = groups(p, model.config().groupAttributes());
      if (!groups.isEmpty()) {
        TopK top = new TopK(limit);
        for (int i : c.index().all()) {
          double sum = 0;
          for (String g : groups) {
            sum += model.groupPopularity(g, i, q.now());
          }
          if (sum > 0) {
            top.offer(i, (float) sum);
          }
        }
        int[] ids = top.ids();
        float[] scores = top.scores();
        for (int k = 0; k < ids.length; k++) {
          String g = groups.get(0);
          double best = -1;
          for (String candidate : groups) { // the group that likes it most, for the reason
            double v = model.groupPopularity(candidate, ids[k], q.now());
            if (v > best) {
              best = v;
              g = candidate;
            }
          }
          out.add(
              new Candidate(
                  ids[k],
                  scores[k],
                  "popular this week with people like you (" + g.replace('=', ' ') + ")",
                  List.of(g)));
        }
        if (out.size() >= limit) {
          return out;
        }
      }
    }
    RecallContext.Cache.Ranked r = c.cache().popular(model, c.index(), q.window(), q.now());
    String text = "popular " + when;
    for (int k = 0; k < Math.min(limit, r.ids().length); k++) {
      out.add(new Candidate(r.ids()[k], r.scores()[k], text, List.of()));
    }
    return out;
  }

  /** The user's groups, such as {@code gender=F}, for the configured attributes. */
  public static List<String> groups(Profile p, List<String> attributes) {
    List<String> out = new ArrayList<>();
    Map<String, Object> attrs = p.attributes();
    for (String a : attributes) {
      Object v = a.equals("ageBand") ? Reading.ageBand(attrs) : attrs.get(a);
      if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        out.add(a + "=" + v);
      }
    }
    return out;
  }
}
