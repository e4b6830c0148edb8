package dev.persona.profile.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KMeansTest {
  /** Three tight blobs far apart, 50 points each. */
  static double[][] blobs(long seed) {
    Random r = new Random(seed);
    double[][] centres = {{0, 0}, {10, 10}, {-10, 10}};
    double[][] points = new double[150][];
    for (int i = 0; i < 150; i++) {
      double[] c = centres[i / 50];
      points[i] = new double[] {c[0] + r.nextGaussian() * 0.5, c[1] + r.nextGaussian() * 0.5};
    }
    return points;
  }

  @Test
  void wellSeparatedBlobsAreFoundExactly() {
    KMeans.Result result = KMeans.run(blobs(1), 3, 100, 7);
    for (int blob = 0; blob < 3; blob++) {
      Set<Integer> labels = new HashSet<>();
      for (int i = blob * 50; i < blob * 50 + 50; i++) {
        labels.add(result.assignment()[i]);
      }
      assertThat(labels).hasSize(1);
    }
    assertThat(
            new HashSet<>(
                java.util.List.of(
                    result.assignment()[0], result.assignment()[50], result.assignment()[100])))
        .hasSize(3);
  }

  @Property(tries = 50)
  void lloydConvergesToAFixedPointWithEachPointAtItsNearestCentroid(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int k) {
    Random r = new Random(seed);
    double[][] points = new double[40][3];
    for (double[] p : points) {
      for (int j = 0; j < 3; j++) {
        p[j] = r.nextInt(5); // many ties and duplicates
      }
    }
    KMeans.Result result = KMeans.run(points, k, 1000, seed);

    assertThat(result.centroids().length).isBetween(1, k);
    double inertia = 0;
    for (int i = 0; i < points.length; i++) {
      int c = result.assignment()[i];
      double own = KMeans.squaredDistance(points[i], result.centroids()[c], Double.MAX_VALUE);
      for (double[] other : result.centroids()) {
        assertThat(own)
            .isLessThanOrEqualTo(KMeans.squaredDistance(points[i], other, Double.MAX_VALUE));
      }
      inertia += own;
    }
    assertThat(result.inertia()).isCloseTo(inertia, org.assertj.core.api.Assertions.within(1e-9));
    // each centroid is the mean of its points (a fixed point of Lloyd's step)
    for (int c = 0; c < result.centroids().length; c++) {
      double[] sum = new double[3];
      int n = 0;
      for (int i = 0; i < points.length; i++) {
        if (result.assignment()[i] == c) {
          n++;
          for (int j = 0; j < 3; j++) {
            sum[j] += points[i][j];
          }
        }
      }
      if (n > 0) {
        for (int j = 0; j < 3; j++) {
          assertThat(result.centroids()[c][j])
              .isCloseTo(sum[j] / n, org.assertj.core.api.Assertions.within(1e-9));
        }
      }
    }
  }

  @Test
  void fewerDistinctPointsThanKGiveFewerClusters() {
    double[][] points = {{1, 1}, {1, 1}, {2, 2}};
    assertThat(KMeans.run(points, 5, 10, 1).centroids()).hasNumberOfRows(2);
    assertThat(KMeans.run(new double[0][], 3, 10, 1).centroids()).isEmpty();
  }

  @Test
  void theSameSeedGivesTheSameClusters() {
    assertThat(KMeans.run(blobs(3), 4, 100, 11).assignment())
        .isEqualTo(KMeans.run(blobs(3), 4, 100, 11).assignment());
  }
}
