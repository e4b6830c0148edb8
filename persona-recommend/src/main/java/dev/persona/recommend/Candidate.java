package dev.persona.recommend;

import java.util.List;
import java.util.function.Supplier;

/**
 * One item a source proposes, with its score on the source's own scale and why. A source proposes a
 * hundred or more candidates and a list shows ten, so a reason that costs something to put in words
 * (an item's title, the history item behind a latent score) can be given as a {@link Supplier} that
 * runs only if the item is shown. Belongs to one request; not thread-safe.
 */
public final class Candidate {
  /**
   * A reason.
   *
   * @param text in words ("because you viewed 'Trail shoe'")
   * @param evidence ids behind it: items, or users for user-to-user
   */
  public record Why(String text, List<String> evidence) {}

  private final int item;
  private final float score;
  private Why why;
  private Supplier<Why> later;

  /**
   * @param item the item's index
   * @param score larger is better; sources scale differently, the blend normalises
   */
  public Candidate(int item, float score, String text, List<String> evidence) {
    this.item = item;
    this.score = score;
    this.why = new Why(text, evidence);
  }

  /** A candidate whose reason is worked out only when asked for. */
  public Candidate(int item, float score, Supplier<Why> later) {
    this.item = item;
    this.score = score;
    this.later = later;
  }

  public int item() {
    return item;
  }

  public float score() {
    return score;
  }

  public Why why() {
    if (why == null) {
      why = later.get();
      later = null;
    }
    return why;
  }

  public String text() {
    return why().text();
  }

  public List<String> evidence() {
    return why().evidence();
  }

  @Override
  public String toString() {
    return "Candidate[item=" + item + ", score=" + score + "]";
  }
}
