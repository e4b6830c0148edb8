package dev.persona.data.synth;

import java.util.Arrays;

/** Draws ids in proportion to weights by binary search over cumulative weights. Immutable. */
final class Sampler {
  private final int[] ids;
  private final double[] cumulative;

  private Sampler(int[] ids, double[] cumulative) {
    this.ids = ids;
    this.cumulative = cumulative;
  }

  /**
   * @return a sampler over {@code ids[0..count)} weighted by {@code weight[id]}, or {@code null}
   *     when there are no ids
   */
  static Sampler of(int[] ids, int count, double[] weight) {
    if (count == 0) {
      return null;
    }
    int[] own = Arrays.copyOf(ids, count);
    double[] cum = new double[count];
    double total = 0;
    for (int i = 0; i < count; i++) {
      total += weight[own[i]];
      cum[i] = total;
    }
    return new Sampler(own, cum);
  }

  int sample(Rng rng) {
    double x = rng.nextDouble() * cumulative[cumulative.length - 1];
    int i = Arrays.binarySearch(cumulative, x);
    i = i < 0 ? -i - 1 : i + 1;
    while (i < ids.length - 1 && cumulative[i] <= x) {
      i++; // only after an exact hit on a run of zero weights
    }
    return ids[Math.min(i, ids.length - 1)];
  }

  int size() {
    return ids.length;
  }

  int id(int i) {
    return ids[i];
  }
}
