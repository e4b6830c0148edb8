package dev.persona.recommend.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InteractionsTest {
  @Test
  void repeatedPairsAreSummedAndRowsSortedAndTheTransposeAgrees() {
    Interactions.Builder b = new Interactions.Builder();
    Map<String, Double> expected = new HashMap<>();
    SplittableRandom r = new SplittableRandom(3);
    for (int k = 0; k < 2_000; k++) {
      String u = "u" + r.nextInt(50);
      int i = r.nextInt(80);
      double w = 0.5 + r.nextInt(4);
      b.add(u, i, w);
      expected.merge(u + "/" + i, w, Double::sum);
    }
    b.add("u0", 3, 0); // not positive: ignored
    b.add("u0", 4, Double.NaN);
    Interactions m = b.build();
    assertThat(m.pairs()).isEqualTo(expected.size());
    Map<String, Double> rows = new HashMap<>();
    for (int u = 0; u < m.userCount(); u++) {
      for (int p = m.rowStart(u); p < m.rowEnd(u); p++) {
        if (p > m.rowStart(u)) {
          assertThat(m.rowItems()[p]).isGreaterThan(m.rowItems()[p - 1]);
        }
        rows.put(m.user(u) + "/" + m.rowItems()[p], (double) m.rowWeights()[p]);
      }
    }
    assertThat(rows.keySet()).isEqualTo(expected.keySet());
    expected.forEach(
        (k, v) -> assertThat(rows.get(k)).isCloseTo(v, org.assertj.core.data.Offset.offset(1e-4)));
    Map<String, Double> cols = new HashMap<>();
    for (int i = 0; i < m.itemCount(); i++) {
      for (int p = m.colStart(i); p < m.colEnd(i); p++) {
        cols.put(m.user(m.colUsers()[p]) + "/" + i, (double) m.colWeights()[p]);
      }
    }
    assertThat(cols).isEqualTo(rows);
  }

  @Test
  void compactKeepsOnlyTouchedItemsAndWithoutDropsHeldPairs() {
    Interactions.Builder b = new Interactions.Builder();
    b.add("a", 2, 1);
    b.add("a", 7, 2);
    b.add("b", 7, 1);
    b.items(10);
    Interactions m = b.build();
    assertThat(m.itemCount()).isEqualTo(10);
    Interactions.Compact c = m.compact();
    assertThat(c.globalOf()).containsExactly(2, 7);
    assertThat(c.data().itemCount()).isEqualTo(2);
    assertThat(c.data().itemDegree(1)).isEqualTo(2);
    Interactions held = c.data().without(new int[] {1, -1});
    assertThat(held.pairs()).isEqualTo(2);
    assertThat(held.rowEnd(0) - held.rowStart(0)).isEqualTo(1);
    assertThat(held.rowItems()[held.rowStart(0)]).isEqualTo(0);
  }

  @Test
  void aNegativeItemIndexIsRefused() {
    assertThatThrownBy(() -> new Interactions.Builder().add("u", -1, 1))
        .hasMessageContaining("item index");
  }
}
