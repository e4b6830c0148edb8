package dev.persona.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small data set with a planted structure: two tastes, each with its own twenty items; every user
 * has one taste, interacts with twelve of its items and with one of three items everyone likes, at
 * random moments (so users interleave in time). Users of one taste resemble each other, so anything
 * personal beats popularity on it.
 */
final class Planted {
  private Planted() {}

  static DataSet data(boolean timed) {
    SplittableRandom r = new SplittableRandom(5);
    List<Interaction> out = new ArrayList<>();
    long t = 1_600_000_000_000L;
    for (int u = 0; u < 120; u++) {
      String taste = u % 2 == 0 ? "a" : "b";
      List<Integer> items = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        items.add(i);
      }
      java.util.Collections.shuffle(items, new java.util.Random(r.nextLong()));
      for (int i = 0; i < 12; i++) {
        out.add(
            new Interaction(
                "u" + u, taste + items.get(i), t + 60_000L * r.nextInt(100_000), 1 + (i % 5)));
      }
      out.add(new Interaction("u" + u, "p" + r.nextInt(3), t + 60_000L * r.nextInt(100_000), 5));
    }
    out.sort(java.util.Comparator.comparingLong(Interaction::time));
    return new DataSet("planted", "planted tastes", out, Double.NEGATIVE_INFINITY, timed, null);
  }
}
