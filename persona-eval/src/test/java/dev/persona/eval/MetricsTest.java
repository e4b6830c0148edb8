package dev.persona.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final double LOG2_3 = Math.log(3) / Math.log(2);

  /** Ranks 1 and 3 relevant of five, three relevant in all. */
  @Test
  void handComputedListLongerThanTheRelevantSet() {
    double[] m = Metrics.accuracy(new boolean[] {true, false, true, false, false}, 3, 5);
    assertThat(m[0]).as("precision").isCloseTo(2 / 5.0, within(1e-12));
    assertThat(m[1]).as("recall").isCloseTo(2 / 3.0, within(1e-12));
    assertThat(m[2]).as("recall_capped").isCloseTo(2 / 3.0, within(1e-12));
    // DCG 1 + 1/log2(4); ideal 1 + 1/log2(3) + 1/log2(4)
    assertThat(m[3]).as("ndcg").isCloseTo(1.5 / (1 + 1 / LOG2_3 + 0.5), within(1e-12));
    // AP: (P@1 + P@3) / min(5, 3) = (1 + 2/3) / 3
    assertThat(m[4]).as("map").isCloseTo((1 + 2 / 3.0) / 3, within(1e-12));
    assertThat(m[5]).as("hit").isEqualTo(1);
    assertThat(m[6]).as("mrr").isEqualTo(1);
  }

  /** Rank 2 relevant of two, five relevant in all: the capped denominators differ. */
  @Test
  void handComputedRelevantSetLargerThanK() {
    double[] m = Metrics.accuracy(new boolean[] {false, true}, 5, 2);
    assertThat(m[0]).isCloseTo(0.5, within(1e-12));
    assertThat(m[1]).isCloseTo(0.2, within(1e-12));
    assertThat(m[2]).isCloseTo(0.5, within(1e-12));
    assertThat(m[3]).isCloseTo((1 / LOG2_3) / (1 + 1 / LOG2_3), within(1e-12));
    assertThat(m[4]).isCloseTo(0.5 / 2, within(1e-12));
    assertThat(m[5]).isEqualTo(1);
    assertThat(m[6]).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void aShortListCountsItsMissingPlacesAsMisses() {
    double[] m = Metrics.accuracy(new boolean[] {true}, 1, 10);
    assertThat(m[0]).as("precision over k, not over the list").isCloseTo(0.1, within(1e-12));
    assertThat(m[3]).isEqualTo(1);
    double[] none = Metrics.accuracy(new boolean[0], 2, 10);
    assertThat(none).containsOnly(0.0);
  }

  @Test
  void refusesWhatHasNoMeaning() {
    assertThatThrownBy(() -> Metrics.accuracy(new boolean[] {true}, 1, 0))
        .hasMessageContaining("k must be >= 1");
    assertThatThrownBy(() -> Metrics.accuracy(new boolean[] {true}, 0, 5))
        .hasMessageContaining("relevant item");
  }

  /** Agrees with a naive implementation written from the textbook definitions. */
  @Property(tries = 300)
  void agreesWithANaiveReference(
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 40) Integer> ranked,
      @ForAll @Size(min = 1, max = 15) Set<@IntRange(min = 0, max = 40) Integer> relevant,
      @ForAll @IntRange(min = 1, max = 25) int k) {
    List<Integer> list = new ArrayList<>(new java.util.LinkedHashSet<>(ranked));
    boolean[] hits = new boolean[list.size()];
    for (int i = 0; i < hits.length; i++) {
      hits[i] = relevant.contains(list.get(i));
    }
    double[] fast = Metrics.accuracy(hits, relevant.size(), k);
    double[] naive = naive(list, relevant, k);
    for (int m = 0; m < fast.length; m++) {
      assertThat(fast[m]).as(Metrics.ACCURACY.get(m)).isCloseTo(naive[m], within(1e-9));
    }
  }

  static double[] naive(List<Integer> list, Set<Integer> relevant, int k) {
    List<Integer> top = list.subList(0, Math.min(k, list.size()));
    Set<Integer> found = new HashSet<>(top);
    found.retainAll(relevant);
    double precision = found.size() / (double) k;
    double recall = found.size() / (double) relevant.size();
    double capped = found.size() / (double) Math.min(k, relevant.size());
    double dcg = 0;
    for (int item : relevant) {
      int at = top.indexOf(item);
      if (at >= 0) {
        dcg += 1 / (Math.log(at + 2) / Math.log(2));
      }
    }
    double idcg = 0;
    for (int r = 0; r < Math.min(k, relevant.size()); r++) {
      idcg += 1 / (Math.log(r + 2) / Math.log(2));
    }
    double ap = 0;
    for (int i = 0; i < top.size(); i++) {
      if (relevant.contains(top.get(i))) {
        Set<Integer> upTo = new HashSet<>(top.subList(0, i + 1));
        upTo.retainAll(relevant);
        ap += upTo.size() / (double) (i + 1);
      }
    }
    ap /= Math.min(k, relevant.size());
    double mrr = 0;
    for (int i = 0; i < top.size(); i++) {
      if (relevant.contains(top.get(i))) {
        mrr = 1.0 / (i + 1);
        break;
      }
    }
    return new double[] {precision, recall, capped, dcg / idcg, ap, found.isEmpty() ? 0 : 1, mrr};
  }
}
