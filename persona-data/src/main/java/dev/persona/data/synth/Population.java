package dev.persona.data.synth;

import dev.persona.core.model.User;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generated users and their latent tastes, as primitive columns (about 60 bytes a user).
 *
 * <p>A human prefers 3 to 5 top-level categories, drawn in proportion to the shop's category shares
 * times demographic appeal (beauty to women, garden to over-50s, ...), with descending taste
 * weights; one brand of the first category and, for half of the users, one of the second; a price
 * sensitivity; how strongly browsing follows taste ({@code pTaste}); and an activity level from a
 * power law (Pareto, alpha 1.5, capped at 200 times the minimum). Bots are a chosen share of users:
 * crawlers (65%) and buyers (35%), with activity 8 to 40 times a typical human's minimum.
 *
 * <p>Events are shared out in proportion to activity by systematic allocation, which meets the
 * requested total exactly. Immutable after construction.
 */
final class Population {
  static final int MAX_PREFS = 5;
  static final double TOP_BRAND_SHARE = 0.6;
  static final double SECOND_BRAND_SHARE = 0.4;
  static final byte HUMAN = 0;
  static final byte CRAWLER = 1;
  static final byte BUYER = 2;

  static final String[] REGIONS = {"DE", "FR", "GB", "ES", "IT", "NL", "PL", "SE"};
  private static final double[] REGION_WEIGHTS = {22, 17, 17, 12, 12, 7, 8, 5};
  static final String[] DEVICES = {"mobile", "desktop", "tablet"};
  private static final double[] DEVICE_WEIGHTS = {0.58, 0.32, 0.10};
  private static final double[] BASE_WEIGHTS = {1.0, 0.55, 0.35, 0.25, 0.18};

  final int size;
  final byte[] kind;
  final byte[] gender; // 0 F, 1 M, 2 not stated
  final byte[] age;
  final byte[] region;
  final byte[] device;
  final float[] activity;
  final int[] quota;
  final float[] pTaste;
  final float[] priceSensitivity;
  final byte[] prefCount;
  final byte[] prefTop;
  final float[] prefWeight;
  final int[] brand1;
  final int[] brand2;

  private final Catalogue catalogue;
  private final long seed;

  Population(ShopConfig config, Catalogue catalogue) {
    this.catalogue = catalogue;
    this.seed = config.seed();
    int n = config.users();
    size = n;
    kind = new byte[n];
    gender = new byte[n];
    age = new byte[n];
    region = new byte[n];
    device = new byte[n];
    activity = new float[n];
    quota = new int[n];
    pTaste = new float[n];
    priceSensitivity = new float[n];
    prefCount = new byte[n];
    prefTop = new byte[n * MAX_PREFS];
    prefWeight = new float[n * MAX_PREFS];
    brand1 = new int[n];
    brand2 = new int[n];

    Rng botRng = Rng.of(seed, 3);
    Set<Integer> bots = new HashSet<>();
    int botCount = config.bots();
    while (bots.size() < botCount) {
      int u = botRng.nextInt(n);
      if (bots.add(u)) {
        kind[u] = botRng.chance(0.65) ? CRAWLER : BUYER;
      }
    }

    int tops = Taxonomy.TOPS.size();
    double[] appeal = new double[tops];
    for (int u = 0; u < n; u++) {
      Rng rng = Rng.of(seed, 2, u);
      double g = rng.nextDouble();
      gender[u] = (byte) (g < 0.51 ? 0 : g < 0.98 ? 1 : 2);
      age[u] = (byte) Math.max(18, Math.min(85, StrictMath.round(18 + rng.logNormal(17, 0.5))));
      region[u] = (byte) rng.pick(REGION_WEIGHTS);
      device[u] = (byte) rng.pick(DEVICE_WEIGHTS);
      pTaste[u] = (float) rng.uniform(0.72, 0.88);
      priceSensitivity[u] = (float) ((rng.nextDouble() + rng.nextDouble()) / 2);
      double a = StrictMath.pow(1 - rng.nextDouble(), -1 / 1.5);
      activity[u] =
          (float)
              switch (kind[u]) {
                case CRAWLER -> rng.uniform(15, 40);
                case BUYER -> rng.uniform(8, 20);
                default -> Math.min(a, 200);
              };

      for (int t = 0; t < tops; t++) {
        Taxonomy.Top top = Taxonomy.TOPS.get(t);
        double f = gender[u] == 0 ? top.female() : gender[u] == 1 ? 1 / top.female() : 1;
        double y = age[u] < 30 ? top.young() : age[u] >= 50 ? top.old() : 1;
        appeal[t] = catalogue.topCount[t] == 0 ? 0 : top.weight() * f * y;
      }
      int available = 0;
      for (double w : appeal) {
        available += w > 0 ? 1 : 0;
      }
      double r = rng.nextDouble();
      int k = Math.min(available, r < 0.45 ? 3 : r < 0.8 ? 4 : 5);
      prefCount[u] = (byte) k;
      double total = 0;
      for (int i = 0; i < k; i++) {
        int t = rng.pick(appeal);
        appeal[t] = 0;
        prefTop[u * MAX_PREFS + i] = (byte) t;
        double w = BASE_WEIGHTS[i] * rng.uniform(0.85, 1.15);
        prefWeight[u * MAX_PREFS + i] = (float) w;
        total += w;
      }
      for (int i = 0; i < k; i++) {
        prefWeight[u * MAX_PREFS + i] /= (float) total;
      }
      brand1[u] = catalogue.brandsOfTop[prefTop[u * MAX_PREFS]].sample(rng);
      brand2[u] =
          k > 1 && rng.chance(0.5)
              ? catalogue.brandsOfTop[prefTop[u * MAX_PREFS + 1]].sample(rng)
              : -1;
    }

    // Systematic allocation: user u gets floor(E*C(u)/A) - floor(E*C(u-1)/A) events, where C is
    // the cumulative activity; the quotas sum to E exactly.
    double sum = 0;
    for (int u = 0; u < n; u++) {
      sum += activity[u];
    }
    double cumulative = 0;
    long before = 0;
    long target = config.events();
    for (int u = 0; u < n; u++) {
      cumulative += activity[u];
      long upTo =
          u == n - 1
              ? target
              : Math.min(target, (long) StrictMath.floor(target * (cumulative / sum)));
      quota[u] = (int) (upTo - before);
      before = upTo;
    }
  }

  static String userId(int u) {
    return "u" + u;
  }

  int pref(int u, int i) {
    return prefTop[u * MAX_PREFS + i];
  }

  double weight(int u, int i) {
    return prefWeight[u * MAX_PREFS + i];
  }

  /** The items a buyer bot keeps buying: 1 to 3 popular items of one or two categories. */
  int[] buyerTargets(int u) {
    Rng rng = Rng.of(seed, 4, u);
    int count = 1 + rng.nextInt(3);
    int[] targets = new int[count];
    int t = rng.pick(catalogue.exploreShare);
    for (int i = 0; i < count; i++) {
      if (i == 2) {
        t = rng.pick(catalogue.exploreShare);
      }
      targets[i] = catalogue.byTop[t].sample(rng);
    }
    return targets;
  }

  User user(int u) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (gender[u] < 2) {
      attributes.put("gender", gender[u] == 0 ? "F" : "M");
    }
    attributes.put("age", (long) age[u]);
    attributes.put("region", REGIONS[region[u]]);
    return new User(userId(u), attributes, Map.of());
  }

  UserTruth truth(int u) {
    int tops = Taxonomy.TOPS.size();
    double[] share = new double[tops];
    boolean[] listed = new boolean[tops];
    String topBrand = null;
    List<String> brands = new ArrayList<>(2);
    switch (kind[u]) {
      case CRAWLER -> {
        for (int t = 0; t < tops; t++) {
          share[t] = catalogue.topCount[t] / (double) catalogue.size;
        }
      }
      case BUYER -> {
        int[] targets = buyerTargets(u);
        for (int j : targets) {
          share[catalogue.top[j]] += 1.0 / targets.length;
          listed[catalogue.top[j]] = true;
        }
        topBrand = catalogue.brandNames[catalogue.brand[targets[0]]];
        brands.add(topBrand);
      }
      default -> {
        for (int t = 0; t < tops; t++) {
          share[t] = (1 - pTaste[u]) * catalogue.exploreShare[t];
        }
        for (int i = 0; i < prefCount[u]; i++) {
          share[pref(u, i)] += pTaste[u] * weight(u, i);
          listed[pref(u, i)] = true;
        }
        topBrand = catalogue.brandNames[brand1[u]];
        brands.add(topBrand);
        if (brand2[u] >= 0 && brand2[u] != brand1[u]) {
          brands.add(catalogue.brandNames[brand2[u]]);
        }
      }
    }
    Integer[] order = new Integer[tops];
    for (int t = 0; t < tops; t++) {
      order[t] = t;
    }
    java.util.Arrays.sort(
        order, (a, b) -> share[a] != share[b] ? Double.compare(share[b], share[a]) : a - b);
    List<String> top3 = new ArrayList<>(3);
    for (int i = 0; i < 3 && share[order[i]] > 0; i++) {
      top3.add(catalogue.topName(order[i]));
      listed[order[i]] = true;
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    for (int t : order) {
      if (listed[t]) {
        shares.put(catalogue.topName(t), round(share[t]));
      }
    }
    return new UserTruth(
        userId(u),
        top3,
        shares,
        topBrand,
        brands,
        kind[u] != HUMAN,
        switch (kind[u]) {
          case CRAWLER -> "crawler";
          case BUYER -> "buyer";
          default -> null;
        },
        kind[u] == HUMAN ? round(pTaste[u]) : 0,
        round(priceSensitivity[u]),
        round(activity[u]),
        quota[u]);
  }

  private static double round(double v) {
    return StrictMath.round(v * 1e6) / 1e6;
  }
}
