package dev.persona.profile.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.profile.Profile;
import dev.persona.profile.ProfileConfig;
import dev.persona.profile.ProfileContext;
import dev.persona.profile.ProfileUpdater;
import dev.persona.profile.segment.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TraitsTest {
  static final long T0 = 1_790_000_000_000L;
  static final Item SHOE =
      new Item(
          "shoe",
          "Trail shoe",
          List.of("sports/running"),
          "Acme",
          89.0,
          List.of(),
          Map.of(),
          null,
          true);
  static final Item BOOK =
      new Item(
          "book",
          "Cookbook",
          List.of("books/cooking"),
          "Pages",
          9.0,
          List.of(),
          Map.of(),
          null,
          true);

  final ProfileUpdater updater = new ProfileUpdater(ProfileConfig.defaults());
  final ProfileContext context = ProfileContext.of(updater.config());

  /** Four women who view shoes, four men who view books, each with a unique e-mail. */
  private List<Profile> profiles(int extraIds) {
    List<Profile> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      boolean woman = i < 4;
      String id = "u" + i;
      Profile p =
          updater.withUser(
              null,
              new User(
                  id,
                  Map.of("gender", woman ? "F" : "M", "age", 30L, "email", id + "@x"),
                  Map.of()));
      p = updater.apply(p, Event.of("view", id, woman ? "shoe" : "book", T0), woman ? SHOE : BOOK);
      out.add(p);
    }
    for (int i = 0; i < extraIds; i++) {
      String id = "x" + i;
      out.add(updater.withUser(null, new User(id, Map.of("email", id + "@x"), Map.of())));
    }
    return out;
  }

  @Test
  void membersAreComparedWithEveryoneByFieldAndInterest() {
    Traits.Comparison c =
        Traits.compare(Rule.parse("gender = \"F\""), profiles(0), context, T0 + 1000);

    assertThat(c.members()).isEqualTo(4);
    assertThat(c.everyone()).isEqualTo(8);
    assertThat(c.sampled()).isFalse();
    Traits.Field gender =
        c.fields().stream().filter(f -> f.field().equals("gender")).findFirst().orElseThrow();
    assertThat(gender.values())
        .containsExactly(
            new Traits.Value("F", null, 1.0, 0.5), new Traits.Value("M", null, 0, 0.5));
    assertThat(c.fields())
        .extracting(Traits.Field::field)
        .startsWith("lifecycle", "consumption.level", "rfm.segment", "cluster", "risk.flagged")
        .contains("ageBand", "email");
    Traits.Dimension category = c.interests().get(0);
    assertThat(category.dimension()).isEqualTo("category");
    assertThat(category.keys())
        .containsExactly(new Traits.Key("sports", 1.0, 0.5), new Traits.Key("books", 0, 0.5));
  }

  @Test
  void anIdLikeAttributeIsLeftOut() {
    Traits.Comparison c =
        Traits.compare(
            Rule.parse("gender = \"F\""), profiles(Traits.MAX_TRACKED), context, T0 + 1000);

    assertThat(c.fields()).extracting(Traits.Field::field).doesNotContain("email");
    assertThat(c.everyone()).isEqualTo(8 + Traits.MAX_TRACKED);
  }

  @Test
  void theResultDoesNotDependOnHowTheWorkIsSplit() {
    List<Profile> many = new ArrayList<>();
    IntStream.range(0, 50).forEach(i -> many.addAll(profiles(0)));
    Traits.Comparison parallel =
        Traits.compare(Rule.parse("gender = \"M\""), many, context, T0 + 1000);
    Traits.Comparison sequential =
        Traits.compare(
            Rule.parse("gender = \"M\""),
            new java.util.LinkedList<>(many), // splits badly: mostly one partition
            context,
            T0 + 1000);

    assertThat(parallel).isEqualTo(sequential);
    assertThat(parallel.members()).isEqualTo(200);
  }

  @Test
  void beyondTheSampleSizeAFixedSampleStandsForEveryone() {
    List<Profile> many = new ArrayList<>();
    for (int i = 0; i < Traits.MAX_SAMPLE * 2 + 10; i++) {
      many.add(
          updater.withUser(
              null, new User("x" + i, Map.of("tier", i % 2 == 0 ? "a" : "b"), Map.of())));
    }
    Traits.Comparison c = Traits.compare(Rule.parse("tier = \"a\""), many, context, T0);
    Traits.Comparison again = Traits.compare(Rule.parse("tier = \"a\""), many, context, T0);

    assertThat(c.sampled()).isTrue();
    assertThat(c.everyone()).isBetween(Traits.MAX_SAMPLE / 2L, (long) Traits.MAX_SAMPLE);
    assertThat(c.members() / (double) c.everyone())
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02));
    assertThat(again).isEqualTo(c);
  }
}
