package dev.persona.profile.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Lloyd's k-means with the k-means++ start (Arthur and Vassilvitskii, 2007): the first centre is a
 * random point, each next one a point drawn with probability proportional to its squared distance
 * from the nearest centre chosen so far. A pure function of the data and the seed.
 */
public final class KMeans {
  private KMeans() {}

  /**
   * The result of a run.
   *
   * @param centroids k rows of the data's width
   * @param assignment the centroid of every point
   * @param iterations Lloyd iterations run
   * @param inertia the sum of squared distances from points to their centroids
   */
  public record Result(double[][] centroids, int[] assignment, int iterations, double inertia) {}

  /**
   * Clusters {@code points} (rows of equal width) into at most {@code k} groups: fewer when there
   * are fewer distinct points. Stops when no point changes its centroid, or after {@code
   * maxIterations}. An empty cluster is re-seeded with the point farthest from its centroid.
   */
  public static Result run(double[][] points, int k, int maxIterations, long seed) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    int n = points.length;
    if (n == 0) {
      return new Result(new double[0][], new int[0], 0, 0);
    }
    int dims = points[0].length;
    SplittableRandom random = new SplittableRandom(seed);
    double[][] centroids = seed(points, Math.min(k, n), random);
    int kk = centroids.length;
    int[] assignment = new int[n];
    Arrays.fill(assignment, -1);
    int iterations = 0;
    double inertia = 0;
    while (iterations < maxIterations) {
      iterations++;
      boolean changed = false;
      inertia = 0;
      for (int i = 0; i < n; i++) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < kk; c++) {
          double dist = squaredDistance(points[i], centroids[c], bestDistance);
          if (dist < bestDistance) {
            bestDistance = dist;
            best = c;
          }
        }
        inertia += bestDistance;
        if (assignment[i] != best) {
          assignment[i] = best;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      double[][] sums = new double[kk][dims];
      int[] counts = new int[kk];
      for (int i = 0; i < n; i++) {
        int c = assignment[i];
        counts[c]++;
        for (int j = 0; j < dims; j++) {
          sums[c][j] += points[i][j];
        }
      }
      for (int c = 0; c < kk; c++) {
        if (counts[c] == 0) {
          centroids[c] = farthest(points, centroids, assignment).clone();
          continue;
        }
        for (int j = 0; j < dims; j++) {
          centroids[c][j] = sums[c][j] / counts[c];
        }
      }
    }
    return new Result(centroids, assignment, iterations, inertia);
  }

  /** The index of the nearest of {@code centroids} to {@code point}. */
  public static int nearest(double[] point, double[][] centroids) {
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centroids.length; c++) {
      double dist = squaredDistance(point, centroids[c], bestDistance);
      if (dist < bestDistance) {
        bestDistance = dist;
        best = c;
      }
    }
    return best;
  }

  static double[][] seed(double[][] points, int k, SplittableRandom random) {
    int n = points.length;
    double[][] centroids = new double[k][];
    centroids[0] = points[random.nextInt(n)].clone();
    double[] nearest = new double[n];
    for (int i = 0; i < n; i++) {
      nearest[i] = squaredDistance(points[i], centroids[0], Double.POSITIVE_INFINITY);
    }
    int chosen = 1;
    while (chosen < k) {
      double total = 0;
      for (double d : nearest) {
        total += d;
      }
      if (total == 0) {
        break; // every point coincides with a centre: fewer distinct points than k
      }
      double x = random.nextDouble() * total;
      int pick = n - 1;
      for (int i = 0; i < n; i++) {
        x -= nearest[i];
        if (x < 0) {
          pick = i;
          break;
        }
      }
      centroids[chosen] = points[pick].clone();
      for (int i = 0; i < n; i++) {
        nearest[i] =
            Math.min(
                nearest[i],
                squaredDistance(points[i], centroids[chosen], Double.POSITIVE_INFINITY));
      }
      chosen++;
    }
    return chosen == k ? centroids : Arrays.copyOf(centroids, chosen);
  }

  private static double[] farthest(double[][] points, double[][] centroids, int[] assignment) {
    int far = 0;
    double farDistance = -1;
    for (int i = 0; i < points.length; i++) {
      double d = squaredDistance(points[i], centroids[assignment[i]], Double.POSITIVE_INFINITY);
      if (d > farDistance) {
        farDistance = d;
        far = i;
      }
    }
    return points[far];
  }

  /** Squared Euclidean distance; stops early once past {@code bound}. */
  static double squaredDistance(double[] a, double[] b, double bound) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      double d = a[j] - b[j];
      sum += d * d;
      if (sum > bound) {
        return sum;
      }
    }
    return sum;
  }
}
