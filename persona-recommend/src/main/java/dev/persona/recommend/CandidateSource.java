package dev.persona.recommend;

import java.util.List;

/**
 * One family of candidates (item-to-item, session, content, popularity, ...): proposes items for a
 * query, each with a score on the source's own scale and a reason. Implementations are stateless
 * readers of the online model and the catalogue index, and thread-safe.
 */
public interface CandidateSource {
  /** The name used in blend weights and in reasons. */
  String name();

  /** Up to {@code limit} candidates, best first. */
  List<Candidate> recall(Query query, RecallContext context, int limit);
}
