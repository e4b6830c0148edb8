package dev.persona.recommend.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnchorWeightsTest {
  /**
   * The table's sums against a plain map, in the same order of addition, for anchor sets from one
   * item (no shared slot) to 500 in a catalogue of 2,000 (many shared slots), item 0 included.
   */
  @Test
  void sumsAgreeWithAMapOfWeights() {
    SplittableRandom r = new SplittableRandom(5);
    int sharedSeen = 0;
    for (int anchors : new int[] {1, 3, 10, 64, 200, 500}) {
      int[] sorted = OnlineModel.sortedDistinct(r.ints(anchors, 0, 2_000).toArray(), 2_000);
      float[] weight = new float[sorted.length];
      Map<Integer, Float> expected = new HashMap<>();
      for (int a = 0; a < sorted.length; a++) {
        weight[a] = a % 7 == 0 ? 0 : (float) r.nextDouble(0.05, 1.5); // an anchor without a list
        expected.put(sorted[a], weight[a]);
      }
      OnlineModel.AnchorWeights table = new OnlineModel.AnchorWeights(sorted, weight);
      sharedSeen += table.sharedSlots();
      for (int trial = 0; trial < 300; trial++) {
        int[] items = r.ints(r.nextInt(0, 40), 0, 2_000).toArray();
        if (trial % 3 == 0 && items.length > 0) {
          items[0] = sorted[r.nextInt(sorted.length)]; // surely one anchor
        }
        if (trial == 1) {
          items = new int[] {0, sorted[0], 1_999};
        }
        double sum = 0;
        for (int item : items) {
          sum += expected.getOrDefault(item, 0f);
        }
        assertThat(table.sum(items, items.length))
            .as("anchors %d, trial %d", anchors, trial)
            .isEqualTo(sum);
        if (items.length > 0) { // the first items, then the last one alone: the same sum
          double head = table.sum(items, items.length - 1);
          assertThat(head + table.of(items[items.length - 1])).isEqualTo(sum);
          assertThat(table.of(items[0])).isEqualTo(expected.getOrDefault(items[0], 0f));
        }
      }
    }
    assertThat(sharedSeen).as("the larger anchor sets share slots").isPositive();
  }
}
