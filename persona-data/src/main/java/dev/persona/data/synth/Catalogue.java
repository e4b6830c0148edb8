package dev.persona.data.synth;

import dev.persona.core.model.Item;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generated items, held as primitive columns, with the samplers that sessions draw from.
 *
 * <p>Each item sits in one leaf of the {@link Taxonomy} and has one brand; brands belong to one
 * top-level category. Prices are log-normal: the category's median times a leaf factor, a brand
 * price level and item noise. Popularity follows Zipf's law over a random ranking of all items
 * ({@code 1 / (rank + 5)^0.95}). Within each top-level category items are split into three price
 * tiers (cheap, middle, premium thirds), so that price-sensitive users can lean to the cheap third.
 * Immutable after construction.
 */
final class Catalogue {
  static final int TIERS = 3;

  final int size;
  final int[] top;
  final int[] leaf;
  final int[] brand;
  final double[] price;
  final double[] popularity;
  final byte[] tier;
  final int[] rank;
  private final String[] titles;
  private final byte[] color;
  private final long[] createdAt;
  private final boolean[] available;

  final List<String> leaves = new ArrayList<>();
  final int[] leafTop;
  final String[] brandNames;
  final int[] brandTop;
  final double[] brandLevel;

  /** Items per top-level category. */
  final int[] topCount;

  /** Browsing share of each top-level category among those with items (sums to 1). */
  final double[] exploreShare;

  final Sampler[] byTop;
  final Sampler[][] byTopTier;
  final Sampler[] byBrand;
  final Sampler[] byLeaf;

  /** Brands of each top-level category by size, as a sampler. */
  final Sampler[] brandsOfTop;

  Catalogue(ShopConfig config) {
    Rng rng = Rng.of(config.seed(), 1);
    int n = config.items();
    int tops = Taxonomy.TOPS.size();
    size = n;
    top = new int[n];
    leaf = new int[n];
    brand = new int[n];
    price = new double[n];
    popularity = new double[n];
    tier = new byte[n];
    rank = new int[n];
    titles = new String[n];
    color = new byte[n];
    createdAt = new long[n];
    available = new boolean[n];

    // Leaves, each with a price factor.
    List<Integer> leafTopList = new ArrayList<>();
    List<int[]> leavesOfTop = new ArrayList<>();
    for (int t = 0; t < tops; t++) {
      List<String> own = Taxonomy.TOPS.get(t).leaves();
      int[] ids = new int[own.size()];
      for (int k = 0; k < own.size(); k++) {
        ids[k] = leaves.size();
        leaves.add(own.get(k));
        leafTopList.add(t);
      }
      leavesOfTop.add(ids);
    }
    leafTop = leafTopList.stream().mapToInt(Integer::intValue).toArray();
    double[] leafFactor = new double[leaves.size()];
    for (int l = 0; l < leafFactor.length; l++) {
      leafFactor[l] = rng.logNormal(1, 0.5);
    }

    // Top-level category of every item, in proportion to the category weights.
    double[] topWeight = new double[tops];
    for (int t = 0; t < tops; t++) {
      topWeight[t] = Taxonomy.TOPS.get(t).weight();
    }
    topCount = new int[tops];
    for (int j = 0; j < n; j++) {
      top[j] = rng.pick(topWeight);
      topCount[top[j]]++;
    }

    // Brands: a few per category, more for bigger categories; Zipf-sized within the category.
    List<String> names = new ArrayList<>();
    List<Integer> bTop = new ArrayList<>();
    List<Double> bLevel = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    int[][] brandsByTop = new int[tops][];
    for (int t = 0; t < tops; t++) {
      int count = topCount[t] == 0 ? 0 : Math.min(topCount[t], clamp((topCount[t] + 7) / 8, 2, 12));
      brandsByTop[t] = new int[count];
      for (int k = 0; k < count; k++) {
        String name;
        do {
          name = Taxonomy.brandName(rng);
        } while (!taken.add(name));
        brandsByTop[t][k] = names.size();
        names.add(name);
        bTop.add(t);
        bLevel.add(rng.logNormal(1, 0.3));
      }
    }
    brandNames = names.toArray(new String[0]);
    brandTop = bTop.stream().mapToInt(Integer::intValue).toArray();
    brandLevel = bLevel.stream().mapToDouble(Double::doubleValue).toArray();

    double[][] brandSizes = new double[tops][];
    for (int t = 0; t < tops; t++) {
      brandSizes[t] = new double[brandsByTop[t].length];
      for (int k = 0; k < brandSizes[t].length; k++) {
        brandSizes[t][k] = 1 / StrictMath.pow(k + 1, 0.8);
      }
    }
    long start = config.start().toEpochMilli();
    for (int j = 0; j < n; j++) {
      Taxonomy.Top t = Taxonomy.TOPS.get(top[j]);
      int[] ownLeaves = leavesOfTop.get(top[j]);
      leaf[j] = ownLeaves[rng.nextInt(ownLeaves.length)];
      brand[j] = brandsByTop[top[j]][rng.pick(brandSizes[top[j]])];
      double p =
          t.medianPrice()
              * leafFactor[leaf[j]]
              * brandLevel[brand[j]]
              * rng.logNormal(1, t.sigma() * 0.7);
      price[j] = roundPrice(p);
      color[j] = (byte) rng.nextInt(Taxonomy.COLORS.length);
      titles[j] =
          brandNames[brand[j]]
              + " "
              + Taxonomy.SERIES[rng.nextInt(Taxonomy.SERIES.length)]
              + " "
              + Taxonomy.noun(leaves.get(leaf[j]))
              + " "
              + (char) ('A' + rng.nextInt(26))
              + (10 + rng.nextInt(90));
      createdAt[j] = start - (long) rng.uniform(86_400_000L, 730 * 86_400_000L);
      available[j] = rng.chance(0.97);
    }

    // Zipf popularity over a random ranking.
    int[] order = new int[n];
    for (int j = 0; j < n; j++) {
      order[j] = j;
    }
    for (int j = n - 1; j > 0; j--) {
      int k = rng.nextInt(j + 1);
      int tmp = order[j];
      order[j] = order[k];
      order[k] = tmp;
    }
    for (int r = 0; r < n; r++) {
      rank[order[r]] = r;
      popularity[order[r]] = 1 / StrictMath.pow(r + 5, 0.95);
    }

    // Price tiers within each top-level category, and the samplers.
    byTop = new Sampler[tops];
    byTopTier = new Sampler[tops][TIERS];
    int[][] members = new int[tops][];
    int[] fill = new int[tops];
    for (int t = 0; t < tops; t++) {
      members[t] = new int[topCount[t]];
    }
    for (int j = 0; j < n; j++) {
      members[top[j]][fill[top[j]]++] = j;
    }
    for (int t = 0; t < tops; t++) {
      int[] m = members[t];
      Integer[] byPrice = new Integer[m.length];
      for (int k = 0; k < m.length; k++) {
        byPrice[k] = m[k];
      }
      java.util.Arrays.sort(
          byPrice, (a, b) -> price[a] != price[b] ? Double.compare(price[a], price[b]) : a - b);
      for (int k = 0; k < byPrice.length; k++) {
        tier[byPrice[k]] = (byte) (k * TIERS / byPrice.length);
      }
      byTop[t] = Sampler.of(m, m.length, popularity);
      for (int s = 0; s < TIERS; s++) {
        int[] ids = new int[m.length];
        int c = 0;
        for (int j : m) {
          if (tier[j] == s) {
            ids[c++] = j;
          }
        }
        byTopTier[t][s] = Sampler.of(ids, c, popularity);
      }
    }
    byBrand = new Sampler[brandNames.length];
    byLeaf = new Sampler[leaves.size()];
    groupSamplers(brand, byBrand);
    groupSamplers(leaf, byLeaf);
    brandsOfTop = new Sampler[tops];
    double[] brandItems = new double[brandNames.length];
    for (int j = 0; j < n; j++) {
      brandItems[brand[j]]++;
    }
    for (int t = 0; t < tops; t++) {
      brandsOfTop[t] = Sampler.of(brandsByTop[t], brandsByTop[t].length, brandItems);
    }
    exploreShare = new double[tops];
    double total = 0;
    for (int t = 0; t < tops; t++) {
      exploreShare[t] = topCount[t] == 0 ? 0 : topWeight[t];
      total += exploreShare[t];
    }
    for (int t = 0; t < tops; t++) {
      exploreShare[t] /= total;
    }
  }

  private void groupSamplers(int[] group, Sampler[] out) {
    int[] counts = new int[out.length];
    for (int g : group) {
      counts[g]++;
    }
    int[][] ids = new int[out.length][];
    for (int g = 0; g < out.length; g++) {
      ids[g] = new int[counts[g]];
    }
    int[] fill = new int[out.length];
    for (int j = 0; j < size; j++) {
      ids[group[j]][fill[group[j]]++] = j;
    }
    for (int g = 0; g < out.length; g++) {
      out[g] = Sampler.of(ids[g], ids[g].length, popularity);
    }
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Shop-like prices: x.99 from 10 up, cents below, at least 0.49. */
  static double roundPrice(double p) {
    if (p >= 10) {
      return StrictMath.floor(p) + 0.99;
    }
    return Math.max(0.49, StrictMath.round(p * 100) / 100.0);
  }

  static String itemId(int j) {
    return "i" + j;
  }

  String topName(int t) {
    return Taxonomy.TOPS.get(t).name();
  }

  Item item(int j) {
    List<String> tags = new ArrayList<>(3);
    tags.add(tier[j] == 0 ? "budget" : tier[j] == TIERS - 1 ? "premium" : "mid-range");
    if (rank[j] < Math.max(1, size / 100)) {
      tags.add("bestseller");
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("color", Taxonomy.COLORS[color[j]]);
    return new Item(
        itemId(j),
        titles[j],
        List.of(leaves.get(leaf[j])),
        brandNames[brand[j]],
        price[j],
        tags,
        attributes,
        createdAt[j],
        available[j]);
  }
}
