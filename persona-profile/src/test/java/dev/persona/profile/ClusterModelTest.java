package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.data.synth.UserTruth;
import dev.persona.profile.cluster.ClusterModel;
import org.junit.jupiter.api.Test;

class ClusterModelTest {
  @Test
  void clustersCoverEveryProfileAndSayWhatSetsThemApart() {
    ShopProfiles s = ShopProfiles.standard();
    ClusterModel model = ClusterModel.train(s.profiles.values(), s.context, s.now, 6, 2000, 5);

    assertThat(model.clusters()).hasSize(6);
    assertThat(model.sampled()).isEqualTo(2000);
    long total = model.clusters().stream().mapToLong(ClusterModel.Cluster::size).sum();
    long withEvents = s.profiles.values().stream().filter(p -> p.events() > 0).count();
    assertThat(total).isEqualTo(withEvents);
    for (ClusterModel.Cluster c : model.clusters()) {
      assertThat(c.traits()).hasSize(5);
      assertThat(Math.abs(c.traits().get(0).z()))
          .isGreaterThanOrEqualTo(Math.abs(c.traits().get(4).z()));
      assertThat(c.label()).matches("(more|less) .+, (more|less) .+");
    }
    // the model is what a reading uses
    ProfileContext context = s.context.withClusters(model);
    Profile any = s.profiles.values().iterator().next();
    int c = new Reading(any, context, s.now).cluster();
    assertThat(c).isBetween(0, 5);
    assertThat(new Reading(ProfileUpdater.empty("none"), context, s.now).cluster()).isEqualTo(-1);
  }

  @Test
  void aClusterDescribedByACategoryHoldsUsersWhoTrulyPreferIt() {
    ShopProfiles s = ShopProfiles.standard();
    ClusterModel model = ClusterModel.train(s.profiles.values(), s.context, s.now, 8, 4000, 5);
    ProfileContext context = s.context.withClusters(model);
    int checked = 0;
    for (ClusterModel.Cluster c : model.clusters()) {
      ClusterModel.Trait first = c.traits().get(0);
      if (!first.feature().startsWith("category ") || first.z() < 1) {
        continue;
      }
      String category = first.feature().substring("category ".length());
      int members = 0;
      int prefer = 0;
      for (Profile p : s.profiles.values()) {
        UserTruth t = s.shop.truth(p.userId());
        if (!t.bot() && p.events() > 0 && new Reading(p, context, s.now).cluster() == c.id()) {
          members++;
          prefer += t.topCategories().contains(category) ? 1 : 0;
        }
      }
      assertThat(prefer / (double) members).as(c.label()).isGreaterThan(0.8);
      assertThat(first.mean()).isGreaterThan(first.overall());
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(3);
  }
}
