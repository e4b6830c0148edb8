package dev.persona.eval;

import java.util.List;

/**
 * The accuracy metrics of one ranked list against one user's relevant hidden items, with binary
 * relevance. {@code hits[r]} says whether the item at rank {@code r + 1} is relevant; {@code
 * relevant} is how many relevant items the user has in all (the list may be shorter than k when the
 * catalogue runs out, which counts as misses). docs/evaluation.md gives each formula.
 */
public final class Metrics {
  /** The accuracy metrics, in the order {@link #accuracy} returns them. */
  public static final List<String> ACCURACY =
      List.of("precision", "recall", "recall_capped", "ndcg", "map", "hit", "mrr");

  private static final double[] DISCOUNT = new double[1025];

  static {
    for (int r = 0; r < DISCOUNT.length; r++) {
      DISCOUNT[r] = 1 / (Math.log(r + 2) / Math.log(2));
    }
  }

  private Metrics() {}

  /** 1 / log2(rank + 1) for the 1-based {@code rank}. */
  static double discount(int rank) {
    return rank <= DISCOUNT.length ? DISCOUNT[rank - 1] : 1 / (Math.log(rank + 1) / Math.log(2));
  }

  /**
   * Every accuracy metric at cutoff {@code k}, in {@link #ACCURACY} order.
   *
   * @throws IllegalArgumentException when {@code k < 1} or {@code relevant < 1}
   */
  public static double[] accuracy(boolean[] hits, int relevant, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (relevant < 1) {
      throw new IllegalArgumentException("a user needs a relevant item, got " + relevant);
    }
    int n = Math.min(k, hits.length);
    int found = 0;
    double dcg = 0;
    double precisionSum = 0;
    double reciprocal = 0;
    for (int r = 0; r < n; r++) {
      if (hits[r]) {
        found++;
        dcg += discount(r + 1);
        precisionSum += found / (double) (r + 1);
        if (reciprocal == 0) {
          reciprocal = 1.0 / (r + 1);
        }
      }
    }
    int capped = Math.min(k, relevant);
    double idcg = 0;
    for (int r = 1; r <= capped; r++) {
      idcg += discount(r);
    }
    return new double[] {
      found / (double) k,
      found / (double) relevant,
      found / (double) capped,
      dcg / idcg,
      precisionSum / capped,
      found > 0 ? 1 : 0,
      reciprocal
    };
  }
}
