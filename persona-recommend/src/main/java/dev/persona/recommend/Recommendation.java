package dev.persona.recommend;

import java.util.List;

/**
 * A list of recommendations.
 *
 * @param requestId an id for attributing later clicks to this list (send it back in {@code
 *     context.recommendationId})
 * @param model what produced it
 * @param items best first
 */
public record Recommendation(String requestId, String model, List<Recommended> items) {
  /**
   * One recommended item.
   *
   * @param itemId the item
   * @param score the blended score, larger is better (comparable within one list)
   * @param reasons why, strongest first
   */
  public record Recommended(String itemId, double score, List<Reason> reasons) {}

  /**
   * One reason.
   *
   * @param source the candidate source ({@code als}, {@code ease}, {@code item-knn}, {@code
   *     session}, {@code user-knn}, {@code content}, {@code popular}, {@code trending}, {@code
   *     pinned})
   * @param text in words
   * @param evidence the ids behind it (items, or users)
   */
  public record Reason(String source, String text, List<String> evidence) {}
}
