package dev.persona.recommend.train;

import dev.persona.core.index.IdIndex;
import java.util.Arrays;

/**
 * The items a trained model knows, in the model's own dense order, and how that order maps to the
 * serving process's {@link IdIndex} (which is rebuilt at every start, so a persisted model carries
 * item ids and is bound again when loaded).
 *
 * @param ids item ids in model order
 * @param global the serving index of each model item
 * @param local the model index of each serving index, -1 for items the model does not know
 */
public record ItemSpace(String[] ids, int[] global, int[] local) {

  /** Binds model items to a serving index, adding ids it does not hold yet. */
  public static ItemSpace bind(String[] ids, IdIndex index) {
    int[] global = new int[ids.length];
    int max = -1;
    for (int i = 0; i < ids.length; i++) {
      global[i] = index.add(ids[i]);
      max = Math.max(max, global[i]);
    }
    int[] local = new int[max + 1];
    Arrays.fill(local, -1);
    for (int i = 0; i < ids.length; i++) {
      local[global[i]] = i;
    }
    return new ItemSpace(ids, global, local);
  }

  public int size() {
    return ids.length;
  }

  /** The model index of a serving index, or -1. */
  public int localOf(int globalIndex) {
    return globalIndex >= 0 && globalIndex < local.length ? local[globalIndex] : -1;
  }
}
