package dev.persona.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/** Top-k by dot product over every item, for peers whose models are factor matrices. */
final class Ranking {
  private Ranking() {}

  /** The best {@code k} items for {@code x}, none of {@code exclude}; ties to the earlier item. */
  static List<String> top(
      List<String> ids, float[][] factors, float[] x, Set<String> exclude, int k) {
    PriorityQueue<double[]> heap =
        new PriorityQueue<>(
            (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1]));
    for (int i = 0; i < factors.length; i++) {
      float[] y = factors[i];
      if (y == null || exclude.contains(ids.get(i))) {
        continue;
      }
      double s = 0;
      for (int f = 0; f < y.length; f++) {
        s += x[f] * y[f];
      }
      if (heap.size() < k) {
        heap.add(new double[] {s, i});
      } else if (s > heap.peek()[0]) {
        heap.poll();
        heap.add(new double[] {s, i});
      }
    }
    List<double[]> best = new ArrayList<>(heap);
    best.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
    List<String> out = new ArrayList<>(best.size());
    for (double[] b : best) {
      out.add(ids.get((int) b[1]));
    }
    return out;
  }
}
