package dev.persona.data.importer;

/**
 * Counts how often each 64-bit content hash was seen: an open-addressing map from {@code long} to
 * {@code int} with linear probing, 12 bytes per slot at a load of at most 0.6, so about 20 bytes
 * per distinct record of a file. Not thread-safe.
 */
final class OccurrenceCounter {
  private long[] keys = new long[1024];
  private int[] counts = new int[1024];
  private int size;
  private int zeroCount;

  /** Records one more occurrence of {@code hash} and returns how many came before it. */
  int next(long hash) {
    if (hash == 0) {
      return zeroCount++;
    }
    int mask = keys.length - 1;
    int slot = (int) mix(hash) & mask;
    while (true) {
      long key = keys[slot];
      if (key == hash) {
        return counts[slot]++;
      }
      if (key == 0) {
        keys[slot] = hash;
        counts[slot] = 1;
        if (++size > keys.length * 0.6) {
          grow();
        }
        return 0;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      long key = oldKeys[i];
      if (key != 0) {
        int slot = (int) mix(key) & mask;
        while (keys[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        counts[slot] = oldCounts[i];
      }
    }
  }

  void clear() {
    keys = new long[1024];
    counts = new int[1024];
    size = 0;
    zeroCount = 0;
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
