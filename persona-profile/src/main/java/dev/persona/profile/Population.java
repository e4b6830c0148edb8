package dev.persona.profile;

import dev.persona.core.model.Item;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistics over all profiles and the catalogue, which single profiles are read against: the
 * distributions behind RFM scores, the population's typical event rate for risk control, and the
 * median price of every category for the consumption level. An immutable snapshot, recomputed
 * periodically ({@code profiles.refreshInterval}) and after start-up; reads between two
 * recomputations use the older one.
 *
 * <p>RFM: among users with at least one purchase, the time of the latest purchase (recency), the
 * number of purchases (frequency) and the amount spent (monetary), each kept sorted so that a
 * user's score is their mid-rank quantile: {@code q = (below + equal / 2) / n}, score {@code 1 +
 * floor(5q)} capped at 5. Mid-ranks keep heavy ties fair: when most buyers bought once, one
 * purchase scores 2 rather than 1 or 5.
 */
public final class Population {
  public static final Population EMPTY =
      new Population(0, 0, new long[0], new long[0], new double[0], 0, 0, 0, Map.of(), Map.of());

  /** A category needs this many priced items for its own median; otherwise its parent's counts. */
  static final int MIN_ITEMS_FOR_MEDIAN = 3;

  private final long computedAt;
  private final int profiles;
  private final long[] lastPurchases;
  private final long[] orders;
  private final double[] spends;
  private final double logRateMedian;
  private final double logRateMad;
  private final int rateUsers;
  private final Map<String, Double> logPriceMedian;
  private final Map<String, Integer> pricedItems;

  private Population(
      long computedAt,
      int profiles,
      long[] lastPurchases,
      long[] orders,
      double[] spends,
      double logRateMedian,
      double logRateMad,
      int rateUsers,
      Map<String, Double> logPriceMedian,
      Map<String, Integer> pricedItems) {
    this.computedAt = computedAt;
    this.profiles = profiles;
    this.lastPurchases = lastPurchases;
    this.orders = orders;
    this.spends = spends;
    this.logRateMedian = logRateMedian;
    this.logRateMad = logRateMad;
    this.rateUsers = rateUsers;
    this.logPriceMedian = logPriceMedian;
    this.pricedItems = pricedItems;
  }

  /**
   * Computes the statistics. Profiles may change while they are read (the snapshot is then a blend
   * of nearby moments, which is good enough for quantiles).
   */
  public static Population compute(
      Iterable<Profile> profiles, Iterable<Item> catalogue, ProfileConfig config, long now) {
    int n = 0;
    LongList recency = new LongList();
    LongList frequency = new LongList();
    List<Double> monetary = new ArrayList<>();
    DoubleList logRates = new DoubleList();
    int minGaps = config.risk().minGaps();
    for (Profile p : profiles) {
      n++;
      if (p.orders() > 0) {
        recency.add(p.lastPurchase());
        frequency.add(p.orders());
        monetary.add(p.spend());
      }
      double rate = eventsPerMinute(p, minGaps);
      if (rate > 0) {
        logRates.add(Math.log(rate));
      }
    }
    double[] spends = new double[monetary.size()];
    for (int i = 0; i < spends.length; i++) {
      spends[i] = monetary.get(i);
    }
    Arrays.sort(spends);
    double[] rates = logRates.sorted();
    double median = median(rates);
    double[] deviations = new double[rates.length];
    for (int i = 0; i < rates.length; i++) {
      deviations[i] = Math.abs(rates[i] - median);
    }
    Arrays.sort(deviations);

    Map<String, DoubleList> prices = new HashMap<>();
    for (Item item : catalogue) {
      if (item.price() == null || item.categories().isEmpty()) {
        continue;
      }
      double log = Math.log(Math.max(item.price(), 0.01));
      java.util.Set<String> levels = new java.util.HashSet<>(); // an item counts once per level
      for (String path : item.categories()) {
        for (int i = path.indexOf('/'); ; i = path.indexOf('/', i + 1)) {
          levels.add(i < 0 ? path : path.substring(0, i));
          if (i < 0) {
            break;
          }
        }
      }
      for (String level : levels) {
        prices.computeIfAbsent(level, k -> new DoubleList()).add(log);
      }
    }
    Map<String, Double> medians = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    prices.forEach(
        (category, list) -> {
          medians.put(category, median(list.sorted()));
          counts.put(category, list.size);
        });
    return new Population(
        now,
        n,
        recency.sorted(),
        frequency.sorted(),
        spends,
        median,
        median(deviations),
        rates.length,
        Map.copyOf(medians),
        Map.copyOf(counts));
  }

  /**
   * Events per minute within sessions: gaps counted over time spent between them; 0 when fewer than
   * {@code minGaps} gaps were seen.
   */
  public static double eventsPerMinute(Profile p, int minGaps) {
    if (p.gaps() < minGaps || p.gapMean() <= 0) {
      return 0;
    }
    return 60_000.0 / p.gapMean();
  }

  public long computedAt() {
    return computedAt;
  }

  public int profiles() {
    return profiles;
  }

  /** Users with at least one purchase. */
  public int buyers() {
    return orders.length;
  }

  /** The R, F and M scores (1 to 5) of a user who bought; {@code null} for one who did not. */
  public int[] rfm(Profile p) {
    if (p.orders() == 0 || orders.length == 0) {
      return null;
    }
    return new int[] {
      score(quantile(lastPurchases, p.lastPurchase())),
      score(quantile(orders, p.orders())),
      score(quantile(spends, p.spend()))
    };
  }

  static int score(double q) {
    return Math.min(5, 1 + (int) Math.floor(q * 5));
  }

  static double quantile(long[] sorted, long v) {
    int below = lowerBound(sorted, v);
    int upTo = upperBound(sorted, v);
    return (below + (upTo - below) / 2.0) / sorted.length;
  }

  static double quantile(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int below = lo;
    hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return (below + (lo - below) / 2.0) / sorted.length;
  }

  private static int lowerBound(long[] a, long v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(long[] a, long v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * How many scaled median absolute deviations a user's log event rate lies above the population's
   * median: a z-score that a few extreme users cannot distort. {@code NaN} when the user has too
   * few gaps or the population too few users (fewer than 20) to say.
   */
  public double rateZ(Profile p, int minGaps) {
    double rate = eventsPerMinute(p, minGaps);
    if (rate <= 0 || rateUsers < 20) {
      return Double.NaN;
    }
    double mad = Math.max(logRateMad, 0.05); // a population of identical users must not divide by 0
    return (Math.log(rate) - logRateMedian) / (1.4826 * mad);
  }

  /** The population's median events per minute within sessions. */
  public double medianEventsPerMinute() {
    return rateUsers == 0 ? 0 : Math.exp(logRateMedian);
  }

  /**
   * The median log price of a category path, or of its nearest ancestor with at least {@value
   * #MIN_ITEMS_FOR_MEDIAN} priced items; {@code NaN} when there is none.
   */
  public double logPriceMedian(String path) {
    String p = path;
    while (true) {
      Integer count = pricedItems.get(p);
      if (count != null && count >= MIN_ITEMS_FOR_MEDIAN) {
        return logPriceMedian.get(p);
      }
      int cut = p.lastIndexOf('/');
      if (cut < 0) {
        return Double.NaN;
      }
      p = p.substring(0, cut);
    }
  }

  private static double median(double[] sorted) {
    if (sorted.length == 0) {
      return 0;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static final class LongList {
    long[] a = new long[64];
    int size;

    void add(long v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    long[] sorted() {
      long[] out = Arrays.copyOf(a, size);
      Arrays.sort(out);
      return out;
    }
  }

  private static final class DoubleList {
    double[] a = new double[16];
    int size;

    void add(double v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    double[] sorted() {
      double[] out = Arrays.copyOf(a, size);
      Arrays.sort(out);
      return out;
    }
  }
}
