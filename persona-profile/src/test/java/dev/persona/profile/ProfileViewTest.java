package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Event;
import dev.persona.core.model.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileViewTest {
  static final long T0 = ProfileUpdaterTest.T0;

  @Test
  void theViewShowsSharesOfTheTopLevelTotalAndTheDerivedParts() {
    ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
    Profile p = updater.withUser(null, new User("u1", Map.of("age", 31L, "gender", "F"), Map.of()));
    p = updater.apply(p, Event.of("view", "u1", "shoe", T0), ProfileUpdaterTest.SHOE);
    p = updater.apply(p, Event.of("view", "u1", "book", T0), ProfileUpdaterTest.BOOK);
    p = updater.apply(p, Event.of("view", "u1", "book", T0), ProfileUpdaterTest.BOOK);
    Reading r = new Reading(p, ProfileContext.of(updater.config()), T0);

    ProfileView v = ProfileView.of(r, 10, List.of(), null);

    assertThat(v.attributes()).containsEntry("ageBand", "25-34").containsEntry("gender", "F");
    List<ProfileView.Interest> cats = v.interests().get("category");
    assertThat(cats.get(0).key()).isEqualTo("books");
    assertThat(cats.get(0).share()).isEqualTo(0.666667);
    assertThat(cats)
        .filteredOn(i -> i.key().equals("sports/running/shoes"))
        .extracting(ProfileView.Interest::share)
        .containsExactly(0.333333);
    assertThat(v.counters().get("view")).containsEntry("all", 3L).containsEntry("1d", 3L);
    assertThat(v.lifecycle().stage()).isEqualTo("new");
    assertThat(v.consumption().rfm().segment()).isEqualTo("no purchases");
    assertThat(v.cluster()).isNull();
    assertThat(v.risk().flagged()).isFalse();
    assertThat(v.recentItems()).containsExactly("book", "shoe");
    assertThat(v.evidence()).isNull();
  }
}
