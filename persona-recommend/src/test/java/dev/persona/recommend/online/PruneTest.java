package dev.persona.recommend.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.topk.TopK;
import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pruning a co-occurrence map keeps what a top-K over its entries keeps. */
class PruneTest {
  /**
   * The entries a {@link TopK} of {@code cap} keeps: the largest counts, the lower item on ties.
   */
  private static Int2IntOpenHashMap oracle(Int2IntOpenHashMap m, int cap) {
    TopK keep = new TopK(cap);
    for (Int2IntMap.Entry e : m.int2IntEntrySet()) {
      keep.offer(e.getIntKey(), e.getIntValue());
    }
    Int2IntOpenHashMap out = new Int2IntOpenHashMap();
    int[] ids = keep.ids();
    float[] scores = keep.scores();
    for (int k = 0; k < ids.length; k++) {
      out.put(ids[k], (int) scores[k]);
    }
    return out;
  }

  @Test
  void keepsTheLargestCountsAndTheLowerItemsAmongEqualOnes() {
    SplittableRandom r = new SplittableRandom(11);
    for (int round = 0; round < 2_000; round++) {
      int cap = 1 + r.nextInt(250);
      int size = r.nextInt(2 * cap + 2);
      // few distinct counts, so that the cut falls among equal ones most of the time; items up to
      // 2^31 - 1, so that inverting them in the packed long is tested at both ends
      int counts = 1 + r.nextInt(6);
      Int2IntOpenHashMap m = new Int2IntOpenHashMap();
      while (m.size() < size) {
        int item =
            r.nextInt(4) == 0 ? Integer.MAX_VALUE - r.nextInt(1000) : r.nextInt(5 * size + 1);
        m.put(item, 1 + r.nextInt(counts) * (r.nextBoolean() ? 1 : 1_000_000));
      }
      Int2IntOpenHashMap expected = oracle(m, cap);

      OnlineModel.prune(m, cap);

      assertThat(m).as("round %d, cap %d, size %d", round, cap, size).isEqualTo(expected);
    }
  }

  @Test
  void keepsCountsBeyondWhatAFloatHoldsExactly() {
    // the heap it replaced scored in floats (exact below 2^24); this one compares the ints, so it
    // is
    // checked here against a plain sort: count descending, then item ascending
    SplittableRandom r = new SplittableRandom(12);
    for (int round = 0; round < 500; round++) {
      int cap = 1 + r.nextInt(100);
      int size = cap + 1 + r.nextInt(cap + 1);
      Int2IntOpenHashMap m = new Int2IntOpenHashMap();
      while (m.size() < size) {
        int base = r.nextBoolean() ? Integer.MAX_VALUE - 3 : (1 << 24) + 1;
        m.put(r.nextInt(Integer.MAX_VALUE), base + r.nextInt(3)); // many ties, all large
      }
      List<Int2IntMap.Entry> sorted = new ArrayList<>(m.int2IntEntrySet());
      sorted.sort(
          Comparator.comparingInt((Int2IntMap.Entry e) -> e.getIntValue())
              .reversed()
              .thenComparingInt(Int2IntMap.Entry::getIntKey));
      Int2IntOpenHashMap expected = new Int2IntOpenHashMap();
      for (Int2IntMap.Entry e : sorted.subList(0, cap)) {
        expected.put(e.getIntKey(), e.getIntValue());
      }

      OnlineModel.prune(m, cap);

      assertThat(m).as("round %d", round).isEqualTo(expected);
    }
  }
}
