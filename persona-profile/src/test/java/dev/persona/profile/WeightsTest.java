package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The one-pass merge of {@link Weights#plus} against a sorted map doing the same. */
class WeightsTest {
  @Property(tries = 300)
  void plusAgreesWithASortedMapThatDropsTheWeakest(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int maxKeys) {
    Random r = new Random(seed);
    Weights w = Weights.EMPTY;
    TreeMap<String, Double> reference = new TreeMap<>();
    for (int step = 0; step < 40; step++) {
      LinkedHashSet<String> keys = new LinkedHashSet<>();
      for (int i = r.nextInt(4); i >= 0; i--) {
        keys.add("k" + r.nextInt(12));
      }
      double add = 1 + r.nextInt(5);
      w = w.plus(keys.toArray(new String[0]), keys.size(), add, maxKeys);
      for (String k : keys) {
        reference.merge(k, add, Double::sum);
      }
      while (reference.size() > maxKeys) {
        String weakest = null;
        for (Map.Entry<String, Double> e : reference.entrySet()) {
          if (weakest == null || e.getValue() < reference.get(weakest)) {
            weakest = e.getKey();
          }
        }
        reference.remove(weakest);
      }
      List<String> got = new ArrayList<>();
      for (int i = 0; i < w.size(); i++) {
        got.add(w.key(i) + "=" + w.scaled(i));
      }
      List<String> want = new ArrayList<>();
      reference.forEach((k, v) -> want.add(k + "=" + v));
      assertThat(got).isEqualTo(want);
    }
  }
}
