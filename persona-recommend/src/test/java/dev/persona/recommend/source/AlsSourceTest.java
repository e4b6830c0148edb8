package dev.persona.recommend.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.recommend.UserHistory;
import dev.persona.recommend.train.AlsModel;
import dev.persona.recommend.train.AlsParams;
import dev.persona.recommend.train.ItemSpace;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlsSourceTest {
  static final int ITEMS = 500;

  /**
   * The named reason is the interaction with the largest share among the latest {@value
   * AlsSource#ANCHORS}, as a plain search with {@link AlsModel.Folded#share} finds it: for a long
   * history (Cholesky fold-in) with items the model does not know before and inside that window,
   * and for a short one (Woodbury fold-in).
   */
  @Test
  void theStrongestInteractionIsTheLargestShareInTheWindow() {
    SplittableRandom r = new SplittableRandom(21);
    String[] ids = new String[ITEMS];
    int[] identity = new int[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      ids[i] = "i" + i;
      identity[i] = i;
    }
    AlsParams params = AlsParams.defaults();
    float[] factors = new float[ITEMS * params.factors()];
    for (int f = 0; f < factors.length; f++) {
      factors[f] = (float) (0.3 * (r.nextDouble() - 0.5));
    }
    ItemSpace space = new ItemSpace(ids, identity, identity.clone()); // index >= 500: unknown
    AlsModel model = new AlsModel(space, params, factors);
    for (int length : new int[] {260, 40}) {
      int[] items = new int[length];
      float[] weights = new float[length];
      for (int q = 0; q < length; q++) {
        items[q] = q % 11 == 5 ? ITEMS + q : r.nextInt(ITEMS); // some unknown, on both sides
        weights[q] = 1 + r.nextInt(4);
      }
      TrainedScores h = TrainedScores.of(new UserHistory.History(items, weights), space);
      AlsModel.Folded folded = model.fold(h.local, h.weights, h.count);
      for (int j = 0; j < ITEMS; j += 37) {
        double[] z = folded.direction(j);
        int expected = -1;
        double best = 0;
        for (int q = Math.max(0, h.count - AlsSource.ANCHORS); q < h.count; q++) {
          if (h.local[q] >= 0) {
            double share = folded.share(z, h.local[q], h.weights[q]);
            if (share > best) {
              best = share;
              expected = h.local[q];
            }
          }
        }
        assertThat(AlsSource.strongest(folded, h, j))
            .as("history of %d, item %d", length, j)
            .isEqualTo(expected);
      }
    }
  }
}
