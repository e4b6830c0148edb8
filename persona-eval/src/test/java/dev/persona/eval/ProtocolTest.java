package dev.persona.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProtocolTest {
  private final DataSet data = Planted.data(true);

  private static Set<String> pairs(List<Interaction> l) {
    return l.stream().map(i -> i.user() + "/" + i.item()).collect(Collectors.toSet());
  }

  @Test
  void randomHoldoutHidesTheShareOfEachUserAndIsSeeded() {
    Split s = Protocol.parse("random:0.25", 3).split(data);
    assertThat(s.test()).hasSize(120);
    for (var e : s.test().entrySet()) {
      assertThat(e.getValue()).hasSize(3); // round(0.25 * 13)
      Set<String> trained =
          s.history().get(e.getKey()).stream().map(Interaction::item).collect(Collectors.toSet());
      assertThat(trained).doesNotContainAnyElementsOf(e.getValue()).hasSize(10);
    }
    assertThat(s.train()).hasSize(120 * 10);
    assertThat(Protocol.parse("random:0.25", 3).split(data).test()).isEqualTo(s.test());
    assertThat(Protocol.parse("random:0.25", 4).split(data).test()).isNotEqualTo(s.test());
  }

  @Test
  void aThreeWayRandomSplitTrainsTheSameForTuningAndTesting() {
    Protocol p = Protocol.parse("random:0.2:0.2", 3);
    Split test = p.split(data);
    Split validation = p.validation(data);
    assertThat(test.name()).startsWith("random 0.20 test, 0.20 validation");
    assertThat(pairs(validation.train())).isEqualTo(pairs(test.train()));
    assertThat(test.train()).hasSize(120 * 7); // 13 each: round(2.6) test, round(2.6) validation
    for (var e : test.test().entrySet()) {
      assertThat(e.getValue()).hasSize(3);
      assertThat(validation.test().get(e.getKey()))
          .hasSize(3)
          .doesNotContainAnyElementsOf(e.getValue());
    }
    // at test time the validation part is masked (never ranked, never counted), not history
    for (var e : test.test().entrySet()) {
      Set<String> masked = test.masked().get(e.getKey());
      assertThat(masked).containsExactlyInAnyOrderElementsOf(validation.test().get(e.getKey()));
      assertThat(test.history().get(e.getKey()))
          .extracting(Interaction::item)
          .doesNotContainAnyElementsOf(masked);
    }
    assertThat(validation.masked()).isEmpty();
    assertThat(Protocol.parse("random:0.2", 3).split(data).masked()).isEmpty();
    assertThatThrownBy(() -> Protocol.parse("random:0.5:0.5", 1))
        .hasMessageContaining("validation share");
    assertThatThrownBy(() -> Protocol.parse("random:0.1:0.1:0.1", 1))
        .hasMessageContaining("at most 2 parameters");
    assertThatThrownBy(() -> Protocol.parse("random:0.6", 1))
        .hasMessageContaining("protocol 'random:0.6'")
        .hasMessageContaining("validation split");
    assertThatThrownBy(() -> Protocol.parse("leave-last:1:2", 1))
        .hasMessageContaining("at most 1 parameter");
  }

  @Test
  void leaveLastHidesTheLatest() {
    Split s = Protocol.parse("leave-last:2", 1).split(data);
    Map<String, Long> lastTrained =
        s.train().stream()
            .collect(Collectors.toMap(Interaction::user, Interaction::time, Math::max));
    for (Interaction i : data.interactions()) {
      if (s.test().get(i.user()).contains(i.item())) {
        assertThat(i.time()).isGreaterThan(lastTrained.get(i.user()));
      }
    }
    assertThat(s.hidden()).isEqualTo(240);
    // each user asks just before coming back: after all they trained, before what is hidden
    assertThat(s.askedAt()).hasSize(s.test().size());
    Map<String, Long> firstHidden =
        data.interactions().stream()
            .filter(i -> i.time() > lastTrained.get(i.user()))
            .collect(Collectors.toMap(Interaction::user, Interaction::time, Math::min));
    s.askedAt()
        .forEach(
            (user, at) -> {
              assertThat(at).isGreaterThanOrEqualTo(lastTrained.get(user));
              assertThat(at).isEqualTo(firstHidden.get(user) - 1);
            });
    assertThat(Protocol.parse("random:0.2", 1).split(data).askedAt()).isEmpty();
  }

  @Test
  void temporalCutsEveryoneAtOneMoment() {
    Split s = Protocol.parse("temporal:0.2", 1).split(data);
    long cut = s.train().stream().mapToLong(Interaction::time).max().orElseThrow();
    assertThat(s.train()).hasSize((int) Math.round(data.interactions().size() * 0.8));
    Set<String> trainedUsers =
        s.train().stream().map(Interaction::user).collect(Collectors.toSet());
    assertThat(trainedUsers).containsAll(s.test().keySet());
    for (Interaction i : data.interactions()) {
      if (i.time() > cut && trainedUsers.contains(i.user())) {
        assertThat(s.test().getOrDefault(i.user(), List.of())).contains(i.item());
      }
    }
  }

  @Test
  void strongGeneralisationKeepsHeldOutUsersOutOfTraining() {
    Split s = Protocol.parse("strong:0.25:0.3", 2).split(data);
    Set<String> trainedUsers =
        s.train().stream().map(Interaction::user).collect(Collectors.toSet());
    assertThat(s.test()).isNotEmpty();
    assertThat(trainedUsers).doesNotContainAnyElementsOf(s.test().keySet());
    assertThat(trainedUsers.size() + s.test().size()).isEqualTo(120);
    for (var e : s.test().entrySet()) {
      Set<String> all = new HashSet<>(e.getValue());
      s.history().get(e.getKey()).forEach(i -> all.add(i.item()));
      Set<String> theirs =
          data.interactions().stream()
              .filter(i -> i.user().equals(e.getKey()))
              .map(Interaction::item)
              .collect(Collectors.toSet());
      assertThat(all).isEqualTo(theirs);
      assertThat(e.getValue()).hasSize(4); // round(0.3 * 13)
    }
  }

  @Test
  void validationNeverTouchesTheTestPart() {
    for (String p : List.of("random:0.2", "leave-last:1", "temporal:0.2", "strong:0.2")) {
      Protocol protocol = Protocol.parse(p, 1);
      Split test = protocol.split(data);
      Split validation = protocol.validation(data);
      Set<String> testPairs = new HashSet<>();
      test.test().forEach((u, items) -> items.forEach(i -> testPairs.add(u + "/" + i)));
      Set<String> seen = pairs(validation.train());
      validation.test().forEach((u, items) -> items.forEach(i -> seen.add(u + "/" + i)));
      validation.history().values().forEach(l -> seen.addAll(pairs(l)));
      assertThat(seen).as(p).doesNotContainAnyElementsOf(testPairs);
      assertThat(validation.test()).as(p).isNotEmpty();
    }
  }

  @Test
  void explicitRatingsBelowTheThresholdAreNotRelevant() {
    DataSet rated = new DataSet("rated", "", data.interactions(), 4, true, null);
    Split s = Protocol.parse("random:0.4", 1).split(rated);
    Map<String, Double> value =
        data.interactions().stream()
            .collect(Collectors.toMap(i -> i.user() + "/" + i.item(), Interaction::value));
    s.test()
        .forEach(
            (u, items) ->
                items.forEach(i -> assertThat(value.get(u + "/" + i)).isGreaterThanOrEqualTo(4)));
    assertThat(s.hidden()).isLessThan(Protocol.parse("random:0.4", 1).split(data).hidden());
  }

  @Test
  void badProtocolsNameTheProblem() {
    assertThatThrownBy(() -> Protocol.parse("random:1.5", 1))
        .hasMessageContaining("protocol 'random:1.5'")
        .hasMessageContaining("(0, 1)");
    assertThatThrownBy(() -> Protocol.parse("leave-last:x", 1))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> Protocol.parse("shuffle", 1)).hasMessageContaining("known: given");
    assertThatThrownBy(() -> Protocol.parse("given", 1).split(data))
        .hasMessageContaining("ships no split");
    DataSet untimed = Planted.data(false);
    assertThatThrownBy(() -> Protocol.parse("temporal:0.2", 1).split(untimed))
        .hasMessageContaining("needs times");
  }
}
