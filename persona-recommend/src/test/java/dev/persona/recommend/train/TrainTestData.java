package dev.persona.recommend.train;

import dev.persona.core.index.IdIndex;
import java.util.SplittableRandom;

/**
 * A planted structure: two tastes, each a block of items; every user samples most of their items
 * from their own block and a few from anywhere.
 */
final class TrainTestData {
  final IdIndex ids = new IdIndex();
  final Interactions data;
  final int items;

  TrainTestData(int users, int items, int perUser, long seed) {
    this.items = items;
    for (int i = 0; i < items; i++) {
      ids.add("i" + i);
    }
    SplittableRandom r = new SplittableRandom(seed);
    Interactions.Builder b = new Interactions.Builder();
    for (int u = 0; u < users; u++) {
      int block = u % 2;
      for (int k = 0; k < perUser; k++) {
        int item =
            r.nextInt(10) < 8 ? block * (items / 2) + r.nextInt(items / 2) : r.nextInt(items);
        b.add("u" + u, item, 1 + r.nextInt(3));
      }
    }
    b.items(items);
    data = b.build();
  }

  static boolean inBlock(int item, int items, int block) {
    return item / (items / 2) == block;
  }
}
