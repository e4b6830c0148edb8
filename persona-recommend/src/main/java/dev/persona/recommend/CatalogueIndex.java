package dev.persona.recommend;

import dev.persona.core.index.IdIndex;
import dev.persona.core.model.Item;
import dev.persona.recommend.online.OnlineModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * The catalogue as recommendation needs it, an immutable snapshot rebuilt periodically: for each
 * interest key (category path at every level, brand, tag, price band, as profiles name them) the
 * items that carry it, most popular first and capped, plus the newest ones (so that items without
 * interactions are found by content); how rare each key is (its inverse document frequency); and
 * each item's category levels and brand for diversity.
 */
public final class CatalogueIndex {
  /** Items kept per key, most popular first; and newest items kept per key. */
  static final int PER_KEY = 300;

  static final int NEWEST_PER_KEY = 50;

  public static final CatalogueIndex EMPTY =
      new CatalogueIndex(Map.of(), Map.of(), new String[0][], new String[0], 0, new int[0]);

  private final Map<String, int[]> byKey;
  private final Map<String, Double> idf;
  private final String[][] levels;
  private final String[] brands;
  private final int items;
  private final int[] all;
  // for diversity, per item: its category levels and brand as small ints, its top levels
  private final int[][] levelIds;
  private final int[] brandIds;
  private final List<List<String>> tops;

  private CatalogueIndex(
      Map<String, int[]> byKey,
      Map<String, Double> idf,
      String[][] levels,
      String[] brands,
      int items,
      int[] all) {
    this.byKey = byKey;
    this.idf = idf;
    this.levels = levels;
    this.brands = brands;
    this.items = items;
    this.all = all;
    Map<String, Integer> numbers = new HashMap<>();
    this.levelIds = new int[levels.length][];
    this.brandIds = new int[levels.length];
    List<List<String>> top = new ArrayList<>(levels.length);
    for (int i = 0; i < levels.length; i++) {
      String[] lv = levels[i] == null ? new String[0] : levels[i];
      levelIds[i] = new int[lv.length];
      List<String> t = new ArrayList<>(1);
      for (int k = 0; k < lv.length; k++) {
        levelIds[i][k] = numbers.computeIfAbsent(lv[k], x -> numbers.size());
        if (lv[k].indexOf('/') < 0) {
          t.add(lv[k]);
        }
      }
      top.add(List.copyOf(t));
      brandIds[i] =
          brands[i] == null
              ? -1
              : numbers.computeIfAbsent("\u0000" + brands[i], x -> numbers.size());
    }
    this.tops = top;
  }

  /**
   * Builds the index.
   *
   * @param band the price band label of a price, as profiles name bands
   */
  public static CatalogueIndex build(
      Collection<Item> catalogue,
      IdIndex ids,
      OnlineModel model,
      DoubleFunction<String> band,
      long now) {
    Map<String, List<Integer>> keys = new HashMap<>();
    int n = 0;
    List<Item> known = new ArrayList<>(catalogue);
    int max = 0;
    int[] indexOf = new int[known.size()];
    for (int k = 0; k < known.size(); k++) {
      indexOf[k] = ids.add(known.get(k).id());
      max = Math.max(max, indexOf[k] + 1);
    }
    String[][] levels = new String[max][];
    String[] brands = new String[max];
    int[] all = new int[known.size()];
    for (int k = 0; k < known.size(); k++) {
      Item item = known.get(k);
      int i = indexOf[k];
      all[n++] = i;
      String[] lv = levels(item);
      levels[i] = lv;
      brands[i] = item.brand();
      for (String l : lv) {
        keys.computeIfAbsent(key("category", l), x -> new ArrayList<>()).add(i);
      }
      if (item.brand() != null) {
        keys.computeIfAbsent(key("brand", item.brand()), x -> new ArrayList<>()).add(i);
      }
      for (String tag : new LinkedHashSet<>(item.tags())) {
        keys.computeIfAbsent(key("tag", tag), x -> new ArrayList<>()).add(i);
      }
      if (item.price() != null) {
        keys.computeIfAbsent(key("price", band.apply(item.price())), x -> new ArrayList<>()).add(i);
      }
    }
    double decay = model.decay(1, now);
    Map<String, int[]> byKey = new HashMap<>();
    Map<String, Double> idf = new HashMap<>();
    for (var e : keys.entrySet()) {
      List<Integer> list = e.getValue();
      idf.put(e.getKey(), Math.log((1.0 + n) / list.size()));
      Integer[] byPopularity = list.toArray(new Integer[0]);
      Arrays.sort(
          byPopularity,
          (a, b) -> {
            int c = Double.compare(model.scaledPopularity(b, 1), model.scaledPopularity(a, 1));
            return c != 0 ? c : Integer.compare(a, b);
          });
      LinkedHashSet<Integer> kept = new LinkedHashSet<>();
      for (int k = 0; k < Math.min(PER_KEY, byPopularity.length); k++) {
        kept.add(byPopularity[k]);
      }
      // the newest: the highest indexes, added last (catalogue order is not creation order, so
      // items whose popularity is still zero count as new)
      for (int k = byPopularity.length - 1, added = 0; k >= 0 && added < NEWEST_PER_KEY; k--) {
        if (model.scaledPopularity(byPopularity[k], 1) * decay < 1e-9) {
          if (kept.add(byPopularity[k])) {
            added++;
          }
        } else {
          break;
        }
      }
      byKey.put(e.getKey(), kept.stream().mapToInt(Integer::intValue).toArray());
    }
    return new CatalogueIndex(byKey, idf, levels, brands, n, Arrays.copyOf(all, n));
  }

  static String key(String dimension, String key) {
    return dimension + '\u0000' + key;
  }

  static String[] levels(Item item) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String path : item.categories()) {
      for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
        out.add(path.substring(0, i));
      }
      out.add(path);
    }
    return out.toArray(new String[0]);
  }

  /**
   * Items carrying an interest key ({@code category}, {@code brand}, {@code tag}, {@code price}).
   */
  public int[] items(String dimension, String key) {
    return byKey.getOrDefault(key(dimension, key), new int[0]);
  }

  /** {@code ln((1 + items) / items with the key)}; 0 for an unknown key. */
  public double idf(String dimension, String key) {
    return idf.getOrDefault(key(dimension, key), 0.0);
  }

  /** Every indexed item. */
  public int[] all() {
    return all;
  }

  public int size() {
    return items;
  }

  /** The item's category paths at every level, or an empty array. */
  public String[] levels(int item) {
    return item < levels.length && levels[item] != null ? levels[item] : new String[0];
  }

  /** The item's top-level categories. */
  public List<String> topLevels(int item) {
    return item >= 0 && item < tops.size() ? tops.get(item) : List.of();
  }

  public String brand(int item) {
    return item < brands.length ? brands[item] : null;
  }

  /**
   * How alike two items are for diversity: 0.7 times the Jaccard overlap of their category levels
   * plus 0.3 when they share a brand.
   */
  public double similarity(int a, int b) {
    int[] la = a >= 0 && a < levelIds.length ? levelIds[a] : NONE;
    int[] lb = b >= 0 && b < levelIds.length ? levelIds[b] : NONE;
    int common = 0;
    for (int x : la) {
      for (int y : lb) {
        if (x == y) {
          common++;
          break;
        }
      }
    }
    int union = la.length + lb.length - common;
    double cat = union == 0 ? 0 : common / (double) union;
    int ba = a >= 0 && a < brandIds.length ? brandIds[a] : -1;
    int bb = b >= 0 && b < brandIds.length ? brandIds[b] : -1;
    return 0.7 * cat + (ba >= 0 && ba == bb ? 0.3 : 0);
  }

  private static final int[] NONE = new int[0];
}
