package dev.persona.profile.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.profile.Population;
import dev.persona.profile.Profile;
import dev.persona.profile.ProfileConfig;
import dev.persona.profile.ProfileContext;
import dev.persona.profile.ProfileUpdater;
import dev.persona.profile.Reading;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleTest {
  static final long T0 = 1_790_000_000_000L;
  static final long DAY = 86_400_000L;
  static final Item PHONE =
      new Item(
          "p1",
          null,
          List.of("electronics/phones"),
          "Nokia",
          300.0,
          List.of("5g"),
          Map.of(),
          null,
          true);
  static final Item BOOK =
      new Item("b1", null, List.of("books"), "Pages", 12.0, List.of(), Map.of(), null, true);

  final ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
  final Reading alice;
  final Reading bob;

  RuleTest() {
    Profile a =
        updater.withUser(
            null, new User("alice", Map.of("age", 31L, "gender", "F", "region", "DE"), Map.of()));
    for (int i = 0; i < 3; i++) {
      a = updater.apply(a, Event.of("view", "alice", "p1", T0 + i * 60_000L), PHONE);
    }
    a = updater.apply(a, Event.of("purchase", "alice", "p1", T0 + 300_000L), PHONE);
    a = updater.apply(a, Event.of("view", "alice", "b1", T0 + 400_000L), BOOK);
    Profile b = updater.withUser(null, new User("bob", Map.of("age", "unknown"), Map.of()));
    b = updater.apply(b, Event.of("view", "bob", "b1", T0 - 40 * DAY), BOOK);
    Population pop =
        Population.compute(List.of(a, b), List.of(PHONE, BOOK), updater.config(), T0 + DAY);
    ProfileContext context = ProfileContext.of(updater.config()).withPopulation(pop);
    alice = new Reading(a, context, T0 + DAY);
    bob = new Reading(b, context, T0 + DAY);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "age >= 25 and interest.category[\"electronics\"] > 0.2 | true  | false",
        "age >= 25 and interest.category[\"electronics\"] > 0.2 and rfm.recency >= 3 | true | false",
        "gender = 'F' | true | false",
        "gender != 'F' | false | false",
        "not gender = 'F' | false | true",
        "region in ['DE', 'FR'] | true | false",
        "region not in ('DE') | false | false",
        "25 <= age | true | false",
        "age == 31.0 | true | false",
        "lifecycle = 'new' | true | false",
        "lifecycle in ['dormant', 'churned'] | false | true",
        "count.view.7d >= 4 | true | false",
        "count.view >= 1 and count.purchase = 0 | false | true",
        "events.30d = 5 | true | false",
        "count.purchase.all = 1 | true | false",
        "consumption.orders >= 1 and consumption.spend > 100 | true | false",
        "interest.brand.top = 'Nokia' | true | false",
        "interest.category.top = 'books' | false | true",
        "interest.tag[\"5g\"] > 0 | true | false",
        "negative.brand[\"Nokia\"] > 0 | false | false",
        "device['mobile'] > 0 | false | false",
        "recentItems contains 'b1' | true | true",
        "risk.flagged | false | false",
        "not risk.flagged and profiling = true | true | true",
        "(age > 40 or gender = 'F') and not lifecycle = 'churned' | true | false",
        "rfm.segment = 'no purchases' | false | true",
        "ageBand = '25-34' | true | false",
        "daysSinceLastSeen >= 30 | false | true",
        "attributes['region'] = 'DE' | true | false",
        "attributes.region = \"DE\" | true | false",
        "AGE >= 25 AND gender = 'F' | false | false",
      })
  void rulesSelectTheRightUsers(String rule, boolean forAlice, boolean forBob) {
    Rule r = Rule.parse(rule);
    assertThat(r.test(alice)).as("alice").isEqualTo(forAlice);
    assertThat(r.test(bob)).as("bob").isEqualTo(forBob);
  }

  @Test
  void aMissingOrMistypedValueMakesEveryComparisonFalse() {
    // bob's age is a string; he has no gender and no purchases (so no RFM)
    for (String rule : List.of("age >= 25", "age < 25", "gender = 'F'", "gender != 'F'")) {
      assertThat(Rule.parse(rule).test(bob)).as(rule).isFalse();
    }
    assertThat(Rule.parse("not rfm.recency >= 1").test(bob)).isTrue();
  }

  @Test
  void theAttributesARuleReadsAreListed() {
    assertThat(
            Rule.parse("age > 3 and attributes['tier'] = 'gold' or lifecycle = 'new'").attributes())
        .containsExactlyInAnyOrder("age", "tier");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "age >= | 6 | a field or a value",
        "age >= 25 and | 13 | a field or a value",
        "age 25 | 4 | a comparison",
        "(age > 3 | 8 | ')' to close the '(' at position 0",
        "age > 3 or or | 11 | a field or a value",
        "age > 3 x | 8 | 'and', 'or' or the end of the rule",
        "gender = 'F | 9 | a closing '",
        "interest.colour['red'] > 0 | 0 | one of the dimensions",
        "interest.category > 0 | 0 | interest.category[\"key\"]",
        "interest.category[red] > 0 | 18 | a quoted key",
        "count.view.40d > 1 | 0 | at most 31d",
        "count.view.week > 1 | 0 | a window",
        "rfm.score > 3 | 0 | one of rfm.recency",
        "lifecycle = 'actve' | 12 | one of [active, churned, dormant, new, returning]",
        "lifecycle > 3 | 12 | text",
        "events > 'many' | 9 | a number",
        "risk.flags > 1 | 0 | 'contains'",
        "risk.flags contains 'fast' | 20 | one of [burst, parallel, rate, regularity]",
        "risk.flagged > true | 0 | = or !=",
        "3 > 2 | 0 | a field",
        "age ! 3 | 4 | '!='",
        "age # 3 | 4 | a field, a value or an operator",
        "region in 'DE' | 10 | a list",
        "region in ['DE' 'FR'] | 16 | ',' or ']'",
        "lifecycle[\"x\"] = 'new' | 0 | a field that takes a key",
      })
  void badRulesSayWhereAndWhatWasExpected(String rule, int position, String expected) {
    assertThatThrownBy(() -> Rule.parse(rule))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class,
            e -> {
              assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
              assertThat(e.expected()).as(e.getMessage()).contains(expected);
              assertThat(e.getMessage()).startsWith("at position " + position);
            });
  }

  @Test
  void deepNestingIsRefusedBeforeItCanExhaustTheStack() {
    String deep = "(".repeat(4000) + "events > 1" + ")".repeat(4000);
    assertThatThrownBy(() -> Rule.parse(deep))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("more than 64 deep");
    assertThatThrownBy(() -> Rule.parse("not ".repeat(2000) + "risk.flagged"))
        .isInstanceOf(RuleSyntaxException.class);
    String fine = "(".repeat(60) + "events > 1" + ")".repeat(60);
    assertThat(Rule.parse(fine).test(alice)).isTrue();
  }

  @Test
  void oddNumbersAndEmptyListsAreRefusedWithAPosition() {
    for (String rule : List.of("events > 1.2.3", "events > --1", "region in []", "events > 1e")) {
      assertThatThrownBy(() -> Rule.parse(rule)).as(rule).isInstanceOf(RuleSyntaxException.class);
    }
  }

  @Test
  void anEmptyRuleIsRefused() {
    assertThatThrownBy(() -> Rule.parse("  ")).hasMessage("the rule is empty");
    assertThatThrownBy(() -> Rule.parse(null)).hasMessage("the rule is empty");
  }
}
