package dev.persona.recommend.train;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;

/**
 * A user-by-item matrix of positive interaction strength, in compressed sparse rows (one row per
 * user, item indexes ascending, each with the summed weight of the user's events on it), and its
 * transpose. What iALS and EASE train on; built once per training from the log and then read-only.
 *
 * <p>Items are indexes into the caller's item space (the shared {@code IdIndex}); {@link
 * #itemCount} is one more than the largest index seen.
 */
public final class Interactions {
  private final String[] users;
  private final int itemCount;
  private final int[] rowStart;
  private final int[] rowItems;
  private final float[] rowWeights;
  private final int[] colStart;
  private final int[] colUsers;
  private final float[] colWeights;

  private Interactions(
      String[] users, int itemCount, int[] rowStart, int[] rowItems, float[] rowWeights) {
    this.users = users;
    this.itemCount = itemCount;
    this.rowStart = rowStart;
    this.rowItems = rowItems;
    this.rowWeights = rowWeights;
    int nnz = rowItems.length;
    colStart = new int[itemCount + 1];
    for (int p = 0; p < nnz; p++) {
      colStart[rowItems[p] + 1]++;
    }
    for (int i = 0; i < itemCount; i++) {
      colStart[i + 1] += colStart[i];
    }
    colUsers = new int[nnz];
    colWeights = new float[nnz];
    int[] fill = Arrays.copyOf(colStart, itemCount);
    for (int u = 0; u < users.length; u++) {
      for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
        int at = fill[rowItems[p]]++;
        colUsers[at] = u;
        colWeights[at] = rowWeights[p];
      }
    }
  }

  public int userCount() {
    return users.length;
  }

  public int itemCount() {
    return itemCount;
  }

  /** Number of (user, item) pairs. */
  public int pairs() {
    return rowItems.length;
  }

  public String user(int u) {
    return users[u];
  }

  public int rowStart(int u) {
    return rowStart[u];
  }

  public int rowEnd(int u) {
    return rowStart[u + 1];
  }

  public int[] rowItems() {
    return rowItems;
  }

  public float[] rowWeights() {
    return rowWeights;
  }

  public int colStart(int i) {
    return colStart[i];
  }

  public int colEnd(int i) {
    return colStart[i + 1];
  }

  public int[] colUsers() {
    return colUsers;
  }

  public float[] colWeights() {
    return colWeights;
  }

  /** Users who interacted with item {@code i}. */
  public int itemDegree(int i) {
    return i < itemCount ? colStart[i + 1] - colStart[i] : 0;
  }

  /**
   * The same matrix over only the items someone interacted with, renumbered densely in index order;
   * {@code globalOf[local]} is each one's index here.
   */
  public Compact compact() {
    int[] localOf = new int[itemCount];
    int n = 0;
    for (int i = 0; i < itemCount; i++) {
      localOf[i] = itemDegree(i) > 0 ? n++ : -1;
    }
    int[] globalOf = new int[n];
    for (int i = 0; i < itemCount; i++) {
      if (localOf[i] >= 0) {
        globalOf[localOf[i]] = i;
      }
    }
    int[] items = new int[rowItems.length];
    for (int p = 0; p < items.length; p++) {
      items[p] = localOf[rowItems[p]]; // ascending order is kept
    }
    return new Compact(new Interactions(users, n, rowStart, items, rowWeights.clone()), globalOf);
  }

  /** A matrix over a dense subset of items, with the index of each in the original space. */
  public record Compact(Interactions data, int[] globalOf) {}

  /** A copy without the given pairs ({@code held[u]} is the item to drop from row u, or -1). */
  public Interactions without(int[] held) {
    int[] start = new int[users.length + 1];
    int[] items = new int[rowItems.length];
    float[] weights = new float[rowItems.length];
    int n = 0;
    for (int u = 0; u < users.length; u++) {
      for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
        if (rowItems[p] != held[u]) {
          items[n] = rowItems[p];
          weights[n++] = rowWeights[p];
        }
      }
      start[u + 1] = n;
    }
    return new Interactions(
        users, itemCount, start, Arrays.copyOf(items, n), Arrays.copyOf(weights, n));
  }

  /**
   * Collects (user, item, weight) triples in any order; pairs repeated are summed. Weights must be
   * positive (callers leave out events that are not positive interactions). Not thread-safe.
   */
  public static final class Builder {
    private final Object2IntOpenHashMap<String> userIndex = new Object2IntOpenHashMap<>();
    private String[] users = new String[1024];
    private int[] tripleUsers = new int[1 << 16];
    private int[] tripleItems = new int[1 << 16];
    private float[] tripleWeights = new float[1 << 16];
    private int size;
    private int itemCount;

    public Builder() {
      userIndex.defaultReturnValue(-1);
    }

    public void add(String user, int item, double weight) {
      if (item < 0) {
        throw new IllegalArgumentException("item index must be >= 0, got " + item);
      }
      if (!(weight > 0) || Double.isInfinite(weight)) {
        return;
      }
      int u = userIndex.getInt(user);
      if (u < 0) {
        u = userIndex.size();
        userIndex.put(user, u);
        if (u == users.length) {
          users = Arrays.copyOf(users, 2 * u);
        }
        users[u] = user;
      }
      if (size == tripleUsers.length) {
        int n = 2 * size;
        tripleUsers = Arrays.copyOf(tripleUsers, n);
        tripleItems = Arrays.copyOf(tripleItems, n);
        tripleWeights = Arrays.copyOf(tripleWeights, n);
      }
      tripleUsers[size] = u;
      tripleItems[size] = item;
      tripleWeights[size++] = (float) weight;
      itemCount = Math.max(itemCount, item + 1);
    }

    /** Makes sure the item space holds at least {@code n} items (items no one touched). */
    public void items(int n) {
      itemCount = Math.max(itemCount, n);
    }

    public Interactions build() {
      int userCount = userIndex.size();
      // counting sort by user, then sort and merge each row
      int[] start = new int[userCount + 1];
      for (int t = 0; t < size; t++) {
        start[tripleUsers[t] + 1]++;
      }
      for (int u = 0; u < userCount; u++) {
        start[u + 1] += start[u];
      }
      int[] fill = Arrays.copyOf(start, userCount);
      long[] packed = new long[size];
      float[] byUser = new float[size];
      int[] order = new int[size];
      for (int t = 0; t < size; t++) {
        order[fill[tripleUsers[t]]++] = t;
      }
      int[] rowStart = new int[userCount + 1];
      int[] items = new int[size];
      float[] weights = new float[size];
      int n = 0;
      for (int u = 0; u < userCount; u++) {
        int from = start[u];
        int to = start[u + 1];
        for (int p = from; p < to; p++) {
          int t = order[p];
          packed[p] = ((long) tripleItems[t] << 32) | p;
          byUser[p] = tripleWeights[t];
        }
        Arrays.sort(packed, from, to);
        int last = -1;
        for (int p = from; p < to; p++) {
          int item = (int) (packed[p] >>> 32);
          float w = byUser[(int) packed[p]];
          if (item == last) {
            weights[n - 1] += w;
          } else {
            items[n] = item;
            weights[n++] = w;
            last = item;
          }
        }
        rowStart[u + 1] = n;
      }
      return new Interactions(
          Arrays.copyOf(users, userCount),
          itemCount,
          rowStart,
          Arrays.copyOf(items, n),
          Arrays.copyOf(weights, n));
    }
  }
}
