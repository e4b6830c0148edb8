package dev.persona.eval;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The beyond-accuracy metrics of lists, all read against the training data: intra-list diversity,
 * novelty and popularity bias per list; catalogue coverage over all lists ({@link #coverage}).
 * docs/evaluation.md gives each formula.
 */
public final class Beyond {
  /** The per-list metrics, in the order {@link #of} returns them. */
  public static final List<String> NAMES = List.of("diversity", "novelty", "popularity");

  private final Map<String, int[]> usersOf = new HashMap<>();
  private final int users;

  /** Reads who interacted with what in {@code train}. */
  public Beyond(List<Interaction> train) {
    Object2IntOpenHashMap<String> userIndex = new Object2IntOpenHashMap<>();
    Map<String, IntArrayList> lists = new HashMap<>();
    for (Interaction i : train) {
      int u = userIndex.computeIfAbsent(i.user(), k -> userIndex.size());
      lists.computeIfAbsent(i.item(), k -> new IntArrayList()).add(u);
    }
    users = userIndex.size();
    lists.forEach(
        (item, l) -> {
          int[] a = l.toIntArray();
          java.util.Arrays.sort(a);
          int distinct = 0;
          for (int i = 0; i < a.length; i++) {
            if (i == 0 || a[i] != a[i - 1]) {
              a[distinct++] = a[i];
            }
          }
          usersOf.put(item, java.util.Arrays.copyOf(a, distinct));
        });
  }

  /** How many distinct training users interacted with {@code item}. */
  public int popularity(String item) {
    int[] u = usersOf.get(item);
    return u == null ? 0 : u.length;
  }

  /**
   * Cosine similarity of two items' training user sets (0 when either has none): the similarity
   * behind intra-list diversity.
   */
  public double similarity(String a, String b) {
    int[] x = usersOf.get(a);
    int[] y = usersOf.get(b);
    if (x == null || y == null) {
      return 0;
    }
    int common = 0;
    for (int i = 0, j = 0; i < x.length && j < y.length; ) {
      if (x[i] == y[j]) {
        common++;
        i++;
        j++;
      } else if (x[i] < y[j]) {
        i++;
      } else {
        j++;
      }
    }
    return common / Math.sqrt((double) x.length * y.length);
  }

  /**
   * Diversity, novelty and popularity of one list (its first {@code k} items), in {@link #NAMES}
   * order; diversity is {@code NaN} for a list of fewer than two items, every value for an empty
   * one.
   */
  public double[] of(List<String> list, int k) {
    int n = Math.min(k, list.size());
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double dissimilarity = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        dissimilarity += 1 - similarity(list.get(i), list.get(j));
      }
    }
    double novelty = 0;
    double popularity = 0;
    for (int i = 0; i < n; i++) {
      int p = popularity(list.get(i));
      novelty += -Math.log((p + 1.0) / (users + 1.0)) / Math.log(2);
      popularity += p / (double) Math.max(1, users);
    }
    return new double[] {
      n < 2 ? Double.NaN : dissimilarity / (n * (n - 1) / 2.0), novelty / n, popularity / n
    };
  }

  /** The share of {@code catalogue} that appears in the first {@code k} items of some list. */
  public static double coverage(Iterable<List<String>> lists, int k, int catalogue) {
    Set<String> shown = new HashSet<>();
    for (List<String> l : lists) {
      shown.addAll(l.subList(0, Math.min(k, l.size())));
    }
    return shown.size() / (double) catalogue;
  }
}
