package dev.persona.profile.cluster;

import dev.persona.profile.Profile;
import dev.persona.profile.ProfileContext;
import dev.persona.profile.Reading;
import dev.persona.profile.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Users grouped by k-means over standardised profile vectors: activity (events, active days,
 * sessions, events per session, days since last seen), money (spend, orders, price level), and the
 * shares of the most common top-level categories, devices and price bands. Each feature is
 * standardised by the population's mean and standard deviation, so that a cluster's centroid reads
 * as "so many standard deviations above or below everyone"; the features furthest from zero
 * describe the cluster. Immutable; a profile's cluster is its nearest centroid, computed when it is
 * read, so that it follows the profile between runs.
 *
 * <p>Training uses a seeded sample of at most {@code sampleSize} profiles with events (k-means
 * costs {@code n * k * dims} per iteration); cluster sizes are then counted over every profile.
 */
public final class ClusterModel {
  /** Top-level categories and devices taken as features at most. */
  static final int MAX_CATEGORIES = 16;

  static final int MAX_DEVICES = 4;

  /** Features taken as {@code ln(1 + x)}; traits report them back in their own unit. */
  static final java.util.Set<String> LOG_FEATURES =
      java.util.Set.of(
          "events", "active days", "sessions", "events per session", "spend", "orders");

  private final long trainedAt;
  private final String[] features;
  private final String[] categories;
  private final String[] devices;
  private final String[] bands;
  private final double[] mean;
  private final double[] std;
  private final double[][] centroids;
  private final long[] sizes;
  private final List<Cluster> clusters;
  private final int sampled;
  private final int iterations;

  /**
   * One cluster.
   *
   * @param id its number, 0 to k - 1
   * @param size profiles assigned to it when it was trained
   * @param label the two features that set it apart most, in words
   * @param traits the features furthest from everyone's mean, in standard deviations
   */
  public record Cluster(int id, long size, String label, List<Trait> traits) {}

  /**
   * @param feature the feature's name
   * @param z the centroid's value in standard deviations from everyone's mean
   * @param mean the cluster's centre in the feature's own unit (for counts and money, which are
   *     clustered as logarithms, the geometric mean)
   * @param overall everyone's, likewise
   */
  public record Trait(String feature, double z, double mean, double overall) {}

  private ClusterModel(
      long trainedAt,
      String[] features,
      String[] categories,
      String[] devices,
      String[] bands,
      double[] mean,
      double[] std,
      double[][] centroids,
      long[] sizes,
      int sampled,
      int iterations) {
    this.trainedAt = trainedAt;
    this.features = features;
    this.categories = categories;
    this.devices = devices;
    this.bands = bands;
    this.mean = mean;
    this.std = std;
    this.centroids = centroids;
    this.sizes = sizes;
    this.sampled = sampled;
    this.iterations = iterations;
    List<Cluster> list = new ArrayList<>();
    for (int c = 0; c < centroids.length; c++) {
      list.add(describe(c));
    }
    this.clusters = List.copyOf(list);
  }

  /**
   * Trains a model on the profiles as they are at {@code now}.
   *
   * @param k clusters wanted (fewer when there are fewer distinct profiles)
   * @param sampleSize most profiles k-means runs on
   * @return the model, or {@code null} when no profile has events
   */
  public static ClusterModel train(
      Iterable<Profile> profiles,
      ProfileContext context,
      long now,
      int k,
      int sampleSize,
      long seed) {
    // 1. Which categories and devices are common enough to be features.
    Map<String, Double> categoryMass = new HashMap<>();
    Map<String, Long> deviceMass = new HashMap<>();
    SplittableRandom random = new SplittableRandom(seed);
    List<Profile> sample = new ArrayList<>();
    long seen = 0;
    for (Profile p : profiles) {
      if (p.events() == 0) {
        continue;
      }
      Weights w = p.interests(0);
      double total = 0;
      for (int i = 0; i < w.size(); i++) {
        if (w.key(i).indexOf('/') < 0) {
          total += w.scaled(i);
        }
      }
      for (int i = 0; i < w.size() && total > 0; i++) {
        if (w.key(i).indexOf('/') < 0) {
          categoryMass.merge(w.key(i), w.scaled(i) / total, Double::sum);
        }
      }
      for (int i = 0; i < p.deviceCount(); i++) {
        deviceMass.merge(p.device(i), p.deviceEvents(i), Long::sum);
      }
      // reservoir sample, seeded
      seen++;
      if (sample.size() < sampleSize) {
        sample.add(p);
      } else {
        long j = random.nextLong(seen);
        if (j < sampleSize) {
          sample.set((int) j, p);
        }
      }
    }
    if (sample.isEmpty()) {
      return null;
    }
    String[] categories = top(categoryMass, MAX_CATEGORIES);
    String[] devices = top(deviceMass, MAX_DEVICES);
    String[] bands = bandLabels(context);
    String[] features = featureNames(categories, devices, bands);

    // 2. Features of the sample, standardised.
    double[][] x = new double[sample.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = extract(new Reading(sample.get(i), context, now), categories, devices, bands);
    }
    int dims = features.length;
    double[] mean = new double[dims];
    double[] std = new double[dims];
    for (double[] row : x) {
      for (int j = 0; j < dims; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < dims; j++) {
      mean[j] /= x.length;
    }
    for (double[] row : x) {
      for (int j = 0; j < dims; j++) {
        std[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
      }
    }
    for (int j = 0; j < dims; j++) {
      std[j] = Math.sqrt(std[j] / x.length);
      if (std[j] < 1e-9) {
        std[j] = 1; // a constant feature: leave it at zero rather than divide by zero
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < dims; j++) {
        row[j] = (row[j] - mean[j]) / std[j];
      }
    }

    // 3. k-means, then sizes over everyone.
    KMeans.Result result = KMeans.run(x, k, 100, seed);
    ClusterModel unsized =
        new ClusterModel(
            now,
            features,
            categories,
            devices,
            bands,
            mean,
            std,
            result.centroids(),
            new long[result.centroids().length],
            x.length,
            result.iterations());
    long[] sizes = new long[result.centroids().length];
    for (Profile p : profiles) {
      if (p.events() > 0) {
        sizes[unsized.assign(new Reading(p, context, now))]++;
      }
    }
    return new ClusterModel(
        now,
        features,
        categories,
        devices,
        bands,
        mean,
        std,
        result.centroids(),
        sizes,
        x.length,
        result.iterations());
  }

  /** The cluster of a profile as read: its nearest centroid; -1 for a profile without events. */
  public int assign(Reading r) {
    if (r.profile().events() == 0) {
      return -1;
    }
    double[] v = extract(r, categories, devices, bands);
    for (int j = 0; j < v.length; j++) {
      v[j] = (v[j] - mean[j]) / std[j];
    }
    return KMeans.nearest(v, centroids);
  }

  public String label(int cluster) {
    return clusters.get(cluster).label();
  }

  public List<Cluster> clusters() {
    return clusters;
  }

  public List<String> features() {
    return List.of(features);
  }

  public long trainedAt() {
    return trainedAt;
  }

  /** Profiles k-means ran on. */
  public int sampled() {
    return sampled;
  }

  public int iterations() {
    return iterations;
  }

  private Cluster describe(int c) {
    Integer[] order = new Integer[features.length];
    for (int j = 0; j < order.length; j++) {
      order[j] = j;
    }
    double[] z = centroids[c];
    Arrays.sort(order, (a, b) -> Double.compare(Math.abs(z[b]), Math.abs(z[a])));
    List<Trait> traits = new ArrayList<>();
    for (int i = 0; i < Math.min(5, order.length); i++) {
      int j = order[i];
      double own = mean[j] + z[j] * std[j];
      traits.add(
          new Trait(
              features[j],
              round(z[j]),
              round(LOG_FEATURES.contains(features[j]) ? Math.expm1(own) : own),
              round(LOG_FEATURES.contains(features[j]) ? Math.expm1(mean[j]) : mean[j])));
    }
    StringBuilder label = new StringBuilder();
    for (int i = 0; i < Math.min(2, traits.size()); i++) {
      Trait t = traits.get(i);
      label.append(i == 0 ? "" : ", ").append(t.z() >= 0 ? "more " : "less ").append(t.feature());
    }
    return new Cluster(c, sizes[c], label.toString(), List.copyOf(traits));
  }

  static String[] featureNames(String[] categories, String[] devices, String[] bands) {
    List<String> names =
        new ArrayList<>(
            List.of(
                "events",
                "active days",
                "sessions",
                "events per session",
                "days since last seen",
                "spend",
                "orders",
                "price level"));
    for (String c : categories) {
      names.add("category " + c);
    }
    for (String d : devices) {
      names.add("device " + d);
    }
    for (String b : bands) {
      names.add("price band " + b);
    }
    return names.toArray(new String[0]);
  }

  /**
   * A profile's features in their own units: logarithms of counts and money (their spread spans
   * orders of magnitude), days capped at a year, shares in [0, 1].
   */
  static double[] extract(Reading r, String[] categories, String[] devices, String[] bands) {
    Profile p = r.profile();
    double[] v = new double[8 + categories.length + devices.length + bands.length];
    v[0] = Math.log1p(p.events());
    v[1] = Math.log1p(p.activeDays());
    v[2] = Math.log1p(p.sessions());
    v[3] = p.sessions() == 0 ? 0 : Math.log1p(p.events() / (double) p.sessions());
    v[4] = Math.min(365, Math.max(0, r.daysSinceLastSeen()));
    v[5] = Math.log1p(p.spend());
    v[6] = Math.log1p(p.orders());
    Reading.Consumption level = r.consumption();
    v[7] = level.level() == null ? 0 : Math.log(level.ratio());
    int j = 8;
    for (String c : categories) {
      v[j++] = r.share(0, c);
    }
    long events = 0;
    for (int i = 0; i < p.deviceCount(); i++) {
      events += p.deviceEvents(i);
    }
    for (String d : devices) {
      long n = 0;
      for (int i = 0; i < p.deviceCount(); i++) {
        if (p.device(i).equals(d)) {
          n = p.deviceEvents(i);
        }
      }
      v[j++] = events == 0 ? 0 : n / (double) events;
    }
    for (String b : bands) {
      v[j++] = r.share(3, b);
    }
    return v;
  }

  private static String[] bandLabels(ProfileContext context) {
    List<Double> bounds = context.config().priceBands();
    String[] labels = new String[bounds.size() + 1];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = context.config().priceBand(i == 0 ? 0 : bounds.get(i - 1));
    }
    return labels;
  }

  private static <N extends Number> String[] top(Map<String, N> mass, int n) {
    return mass.entrySet().stream()
        .sorted(
            (a, b) -> {
              int c = Double.compare(b.getValue().doubleValue(), a.getValue().doubleValue());
              return c != 0 ? c : a.getKey().compareTo(b.getKey());
            })
        .limit(n)
        .map(Map.Entry::getKey)
        .sorted()
        .toArray(String[]::new);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "ClusterModel[%d clusters over %d features, %d profiles sampled]",
        centroids.length,
        features.length,
        sampled);
  }
}
