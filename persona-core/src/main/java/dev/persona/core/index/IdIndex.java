package dev.persona.core.index;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * External string ids to dense {@code int} indexes 0, 1, 2, ... in order of first sight, so that
 * models are primitive arrays. Append-only: an id keeps its index for the life of the index.
 * Thread-safe: adds are serialised; reads take no lock and see every id added before they began.
 */
public final class IdIndex {
  private final ConcurrentHashMap<String, Integer> byId = new ConcurrentHashMap<>();
  private volatile String[] ids = new String[1024];
  private volatile int size;

  /** The index of {@code id}, or -1 when it was never added. */
  public int toIndex(String id) {
    Integer i = byId.get(id);
    return i == null ? -1 : i;
  }

  /** The id at {@code index}. */
  public String toId(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("no id at index " + index + " of " + size);
    }
    return ids[index];
  }

  /** The index of {@code id}, adding it when new. */
  public synchronized int add(String id) {
    Integer known = byId.get(id);
    if (known != null) {
      return known;
    }
    int i = size;
    String[] a = ids;
    if (i == a.length) {
      a = Arrays.copyOf(a, a.length * 2);
    }
    a[i] = id;
    ids = a; // publish the array before the size that makes the new slot visible
    size = i + 1;
    byId.put(id, i);
    return i;
  }

  /** Ids added so far; indexes are 0 to {@code size() - 1}. */
  public int size() {
    return size;
  }
}
