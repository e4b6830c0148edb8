package dev.persona.server.profile;

import dev.persona.profile.ProfileConfig;
import java.time.Duration;

/**
 * Profiles in the server: how they are derived ({@link ProfileConfig}) and how often the work that
 * is not done per event runs. The keys are in {@code docs/configuration.md}, under {@code
 * profiles}.
 *
 * @param config how events become profiles and how profiles are read
 * @param snapshotInterval how often changed profiles are written to the store (a restart replays
 *     only the log after the latest snapshot)
 * @param refreshInterval how often population statistics (RFM quantiles, typical event rates,
 *     category prices) are recomputed and every segment is re-evaluated for every user
 * @param clusters k-means settings
 */
public record ProfileOptions(
    ProfileConfig config, Duration snapshotInterval, Duration refreshInterval, Clusters clusters) {

  public ProfileOptions {
    positive("profiles.snapshotInterval", snapshotInterval);
    positive("profiles.refreshInterval", refreshInterval);
  }

  /**
   * @param k clusters wanted
   * @param sampleSize most profiles k-means runs on
   * @param interval how often clustering runs (and once at start-up)
   * @param seed the seed of the sample and of the k-means++ start
   */
  public record Clusters(int k, int sampleSize, Duration interval, long seed) {
    public Clusters {
      if (k < 1 || k > 100) {
        throw new IllegalArgumentException("profiles.clusters.k must be in 1..100, got " + k);
      }
      if (sampleSize < 10 || sampleSize > 10_000_000) {
        throw new IllegalArgumentException(
            "profiles.clusters.sampleSize must be in 10..10000000, got " + sampleSize);
      }
      positive("profiles.clusters.interval", interval);
    }
  }

  /** Snapshots every minute, refresh every 10 minutes, 8 clusters hourly on 100,000 profiles. */
  public static ProfileOptions defaults() {
    return new ProfileOptions(
        ProfileConfig.defaults(),
        Duration.ofMinutes(1),
        Duration.ofMinutes(10),
        new Clusters(8, 100_000, Duration.ofHours(1), 1));
  }

  public ProfileOptions withConfig(ProfileConfig c) {
    return new ProfileOptions(c, snapshotInterval, refreshInterval, clusters);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
