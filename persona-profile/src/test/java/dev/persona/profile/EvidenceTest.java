package dev.persona.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceTest {
  static final long T0 = ProfileUpdaterTest.T0;
  static final long DAY = ProfileUpdaterTest.DAY;

  @Test
  void theStrongestContributionsAreListedWithWhatTheyStillAdd() {
    ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
    Map<String, Item> items =
        Map.of("shoe", ProfileUpdaterTest.SHOE, "book", ProfileUpdaterTest.BOOK);
    List<StoredEvent> log = new ArrayList<>();
    log.add(new StoredEvent(1, T0, event("e1", "view", "shoe", T0)));
    log.add(new StoredEvent(2, T0, event("e2", "purchase", "shoe", T0 + 14 * DAY)));
    log.add(new StoredEvent(3, T0, event("e3", "view", "book", T0 + 14 * DAY)));
    log.add(new StoredEvent(4, T0, event("e4", "dislike", "book", T0 + 14 * DAY)));
    Profile p = null;
    for (StoredEvent s : log) {
      p = updater.apply(p, s, items.get(s.event().itemId()));
    }
    long now = T0 + 14 * DAY;
    Reading r = new Reading(p, ProfileContext.of(updater.config()), now);
    var shown = ProfileView.ranked(r, false, 10);
    var negative = ProfileView.ranked(r, true, 10);

    var evidence = Evidence.of(updater, now, log, items::get, shown, negative, 3);

    List<Evidence.Contribution> acme = evidence.get("brand").get("Acme");
    assertThat(acme).extracting(Evidence.Contribution::eventId).containsExactly("e2", "e1");
    assertThat(acme.get(0).weight()).isEqualTo(5.0);
    assertThat(acme.get(1).weight()).isCloseTo(0.5, within(1e-9)); // one half-life old
    // the contributions add up to the interest's weight
    double sum = acme.stream().mapToDouble(Evidence.Contribution::weight).sum();
    assertThat(sum).isCloseTo(r.weight(1, "Acme"), within(1e-6));
    assertThat(evidence.get("negative.category").get("books"))
        .extracting(Evidence.Contribution::eventId)
        .containsExactly("e4");
    assertThat(evidence.get("category").get("books"))
        .extracting(Evidence.Contribution::type)
        .containsExactly("view");
  }

  static Event event(String id, String type, String item, long t) {
    return new Event(id, type, "u1", item, t, null, null, null, null, null, null);
  }
}
