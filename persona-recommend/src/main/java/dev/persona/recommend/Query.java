package dev.persona.recommend;

import dev.persona.profile.Profile;
import dev.persona.profile.ProfileContext;
import dev.persona.recommend.online.UserState;
import java.util.List;
import java.util.Set;

/**
 * One request for recommendations, with everything the sources read.
 *
 * @param kind what is asked: a user's list, items similar to one, a visit's next items, popular
 * @param userId the user, or {@code null} (an anonymous visit, similar items, popular)
 * @param state the user's online state ({@link UserState#EMPTY} when unknown)
 * @param profile the user's profile, or {@code null}
 * @param context what the profile is read against
 * @param seeds the item(s) the request is about: the item for similar items, the visit's items
 *     (most recent last) for a session
 * @param n how many items to return
 * @param category only items in this category path (or under it), or {@code null}
 * @param exclude item ids not to return
 * @param window the popularity window: an index into {@code OnlineModel.WINDOWS}
 * @param now the moment of the request, epoch ms
 */
public record Query(
    Kind kind,
    String userId,
    UserState state,
    Profile profile,
    ProfileContext context,
    List<Integer> seeds,
    int n,
    String category,
    Set<String> exclude,
    int window,
    long now) {

  /** What is asked. */
  public enum Kind {
    USER,
    SIMILAR,
    SESSION,
    POPULAR
  }

  public Query {
    seeds = List.copyOf(seeds);
    exclude = Set.copyOf(exclude);
    if (n < 1 || n > Recommender.MAX_N) {
      throw new IllegalArgumentException("n must be in 1.." + Recommender.MAX_N + ", got " + n);
    }
  }

  /**
   * How many candidates each source proposes: enough for the list after the rules remove what this
   * user may not get (so a user with a long purchase history still gets a full list).
   */
  int recall() {
    return recallFor(n) + exclude.size() + state.excluded().length;
  }

  /**
   * Candidates per source for a list of {@code n} before the rules' removals: {@code max(50, 5n)}.
   * With 50 rather than 100 the ML-1M blend's NDCG@10 moved from 0.4421 to 0.4418 and a list cost
   * about a fifth less (BENCHMARKS.md).
   */
  public static int recallFor(int n) {
    return Math.max(50, 5 * n);
  }
}
