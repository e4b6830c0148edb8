package dev.persona.profile;

import dev.persona.profile.cluster.ClusterModel;

/**
 * What a profile is read against: the configuration, the latest population statistics and the
 * latest cluster model. An immutable snapshot; the server swaps in a new one when either is
 * recomputed.
 *
 * @param config the profile configuration
 * @param population statistics over all profiles ({@link Population#EMPTY} before the first run)
 * @param clusters the cluster model, or {@code null} before the first clustering
 */
public record ProfileContext(ProfileConfig config, Population population, ClusterModel clusters) {
  public ProfileContext {
    if (config == null || population == null) {
      throw new IllegalArgumentException("config and population are required");
    }
  }

  public static ProfileContext of(ProfileConfig config) {
    return new ProfileContext(config, Population.EMPTY, null);
  }

  public ProfileContext withPopulation(Population p) {
    return new ProfileContext(config, p, clusters);
  }

  public ProfileContext withClusters(ClusterModel model) {
    return new ProfileContext(config, population, model);
  }
}
