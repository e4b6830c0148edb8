package dev.persona.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.persona.recommend.train.AlsParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {
  private final DataSet data = Planted.data(true);
  private final Split split = Protocol.parse("random:0.2", 1).split(data);
  private final Evaluator.Options options = new Evaluator.Options(List.of(5, 10), 0, 1, 2);

  /** Knows the answers: each user's hidden items first. */
  private Algorithm oracle() {
    return new Algorithm() {
      @Override
      public String name() {
        return "oracle";
      }

      @Override
      public Map<String, Object> settings() {
        return Map.of();
      }

      @Override
      public Model fit(Split s) {
        return (user, history, exclude, k) -> {
          List<String> l = new ArrayList<>(s.test().get(user));
          return l.subList(0, Math.min(k, l.size()));
        };
      }
    };
  }

  @Test
  void anOracleScoresOneAndRandomScoresLittle() {
    Evaluator.Result best = Evaluator.evaluate(data, split, oracle(), options);
    assertThat(best.mean("ndcg", 10)).isCloseTo(1, within(1e-12));
    assertThat(best.mean("recall", 10)).isCloseTo(1, within(1e-12));
    assertThat(best.users()).isEqualTo(120);
    Evaluator.Result random = Evaluator.evaluate(data, split, Floors.random(1), options);
    assertThat(random.mean("ndcg", 10)).isLessThan(0.3);
    assertThat(random.coverage().get(10)).isGreaterThan(0.9);
  }

  @Test
  void popularityRanksByDistinctUsersAndExcludesTheHistory() {
    Algorithm.Model m = Floors.popularity().fit(split);
    List<String> top = m.rank("u0", List.of(), java.util.Set.of(), 3);
    Map<String, Long> users =
        split.train().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    Interaction::item,
                    java.util.stream.Collectors.mapping(
                        Interaction::user,
                        java.util.stream.Collectors.collectingAndThen(
                            java.util.stream.Collectors.toSet(), x -> (long) x.size()))));
    long third =
        users.values().stream()
            .sorted(java.util.Comparator.reverseOrder())
            .skip(2)
            .findFirst()
            .orElseThrow();
    assertThat(top).hasSize(3).allMatch(i -> users.get(i) >= third);
    assertThat(users.get(top.get(0))).isGreaterThanOrEqualTo(users.get(top.get(1)));
    List<String> excluding = m.rank("u0", List.of(), java.util.Set.copyOf(top), 3);
    assertThat(excluding).doesNotContainAnyElementsOf(top);
  }

  @Test
  void personaLearnsThePlantedTastes() {
    Persona family = new Persona(5000);
    AlsParams als = AlsParams.defaults();
    Evaluator.Result pop = Evaluator.evaluate(data, split, Floors.popularity(), options);
    Evaluator.Result ials =
        Evaluator.evaluate(data, split, family.source("als", als, 500), options);
    Evaluator.Result blend =
        Evaluator.evaluate(
            data,
            split,
            family.algorithm(
                "persona",
                dev.persona.recommend.RecommendConfig.defaults().sourceWeights(),
                als,
                100),
            options);
    assertThat(ials.mean("ndcg", 10)).isGreaterThan(2 * pop.mean("ndcg", 10));
    assertThat(blend.mean("ndcg", 10)).isGreaterThan(2 * pop.mean("ndcg", 10));
    assertThat(blend.trainSeconds()).isPositive();
  }

  @Test
  void samplesUsersWhenAskedAndSaysSo() {
    Evaluator.Result r =
        Evaluator.evaluate(
            data, split, Floors.popularity(), new Evaluator.Options(List.of(10), 30, 1, 1));
    assertThat(r.users()).isEqualTo(30);
    assertThat(r.sampledFrom()).isEqualTo(120);
  }

  @Test
  void aSlowAlgorithmCapsItsOwnUsersButNotTheOthers() {
    Algorithm slow =
        new Algorithm() {
          @Override
          public String name() {
            return "slow";
          }

          @Override
          public Map<String, Object> settings() {
            return Map.of();
          }

          @Override
          public int sampleUsers() {
            return 25;
          }

          @Override
          public Model fit(Split s) {
            return Floors.popularity().fit(s);
          }
        };
    assertThat(Evaluator.evaluate(data, split, slow, options).users()).isEqualTo(25);
    Evaluator.Options tighter = new Evaluator.Options(List.of(10), 10, 1, 1);
    assertThat(Evaluator.evaluate(data, split, slow, tighter).users()).isEqualTo(10);
    assertThat(Evaluator.evaluate(data, split, Floors.popularity(), options).users())
        .isEqualTo(120);
  }

  @Test
  void easeOverItsItemLimitIsLeftOutAndSaysSo() {
    Evaluation.Options o =
        new Evaluation.Options(
            Path.of("."),
            List.of(),
            "random:0.2",
            1,
            options,
            List.of("persona", "ease", "popularity"),
            false,
            0,
            10);
    Report.Section s = Evaluation.section(data, o, List.of(), line -> {});
    assertThat(s.results())
        .extracting(Evaluator.Result::algorithm)
        .containsExactly("persona", "popularity");
    assertThat(s.notes()).singleElement().asString().contains("43 trained items exceed");
    assertThat(String.valueOf(s.results().get(0).settings())).doesNotContain("ease=");
  }

  @Test
  void theSampleDoesNotDependOnTheOrderOfTheTestMap() {
    List<String> users = new ArrayList<>(split.test().keySet());
    users.sort(null);
    List<Set<String>> asked = new ArrayList<>();
    for (List<String> order : List.of(users, users.reversed())) {
      Map<String, List<String>> test = new java.util.LinkedHashMap<>();
      order.forEach(u -> test.put(u, split.test().get(u)));
      Split s =
          new Split(
              split.name(),
              split.train(),
              test,
              split.history(),
              split.catalogue(),
              split.timed(),
              split.askedAt(),
              split.masked());
      Set<String> mine = java.util.concurrent.ConcurrentHashMap.newKeySet();
      Algorithm recording =
          new Algorithm() {
            @Override
            public String name() {
              return "recording";
            }

            @Override
            public Map<String, Object> settings() {
              return Map.of();
            }

            @Override
            public Model fit(Split x) {
              Model pop = Floors.popularity().fit(x);
              return (user, history, exclude, k) -> {
                mine.add(user);
                return pop.rank(user, history, exclude, k);
              };
            }
          };
      Evaluator.evaluate(data, s, recording, new Evaluator.Options(List.of(10), 30, 7, 1));
      asked.add(mine);
    }
    assertThat(asked.get(0)).hasSize(30).isEqualTo(asked.get(1));
  }

  @Test
  void refusesAnAlgorithmThatRecommendsTheHistory() {
    Algorithm cheat =
        new Algorithm() {
          @Override
          public String name() {
            return "cheat";
          }

          @Override
          public Map<String, Object> settings() {
            return Map.of();
          }

          @Override
          public Model fit(Split s) {
            return (user, history, exclude, k) -> List.of(history.get(0).item());
          }
        };
    for (int threads : new int[] {1, 2}) {
      assertThatThrownBy(
              () ->
                  Evaluator.evaluate(
                      data, split, cheat, new Evaluator.Options(List.of(10), 0, 1, threads)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("from user")
          .hasMessageContaining("history");
    }
  }

  @Test
  void badOptionsNameTheOption() {
    assertThatThrownBy(() -> new Evaluator.Options(List.of(), 0, 1, 0))
        .hasMessageStartingWith("k:");
    assertThatThrownBy(() -> new Evaluator.Options(List.of(0), 0, 1, 0))
        .hasMessageStartingWith("k:");
    assertThatThrownBy(() -> new Evaluator.Options(List.of(10), -1, 1, 0))
        .hasMessageStartingWith("max-users");
  }

  @Test
  void tuningRecordsEveryTrialAndChoosesTheBestOne() {
    Tuner tuner =
        new Tuner(data, Protocol.parse("random:0.2", 1).validation(data), options, s -> {});
    Tuner.Choice c = tuner.persona(new Persona(5000), AlsParams.defaults(), true);
    List<Tuner.Trial> trials = tuner.trials();
    assertThat(trials).hasSizeGreaterThan(20);
    for (String a : List.of("als", "ease", "persona")) {
      List<Tuner.Trial> mine = trials.stream().filter(t -> t.algorithm().equals(a)).toList();
      Tuner.Trial chosen = mine.stream().filter(Tuner.Trial::chosen).findFirst().orElseThrow();
      assertThat(mine.stream().mapToDouble(Tuner.Trial::score).max().orElseThrow())
          .as(a)
          .isEqualTo(chosen.score());
    }
    assertThat(c.weights()).containsKey("als");
  }

  @Test
  void writesTheReportFiles(@TempDir Path dir) throws Exception {
    Report report = new Report("persona evaluate --dataset planted");
    List<Evaluator.Result> results =
        List.of(
            Evaluator.evaluate(data, split, Floors.popularity(), options),
            Evaluator.evaluate(data, split, Floors.random(1), options));
    report.add(
        new Report.Section(
            "planted",
            "planted tastes",
            split.name(),
            120,
            split.hidden(),
            43,
            results,
            List.of(),
            List.of(),
            List.of("ease: not run")));
    Stat hit = new Stat();
    hit.add(1);
    hit.add(0);
    Stat ndcg = new Stat();
    ndcg.add(0.5);
    report.add(
        new Report.Streaming(
            "planted",
            "a replay",
            10,
            2,
            List.of("10-01", "10-02"),
            new java.util.TreeMap<>(
                Map.of("real time", new double[] {0.75, 0.5}, "frozen", new double[] {0.25, 0})),
            new java.util.TreeMap<>(
                Map.of("real time", new double[] {0.4, 0.3}, "frozen", new double[] {0.1, 0})),
            Map.of("real time", Map.of("hit", hit, "ndcg", ndcg))));
    report.write(dir);
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md)
        .contains("| popularity |")
        .contains("| random |")
        .contains("persona evaluate --dataset planted")
        .contains("- ease: not run")
        .contains("| real time | 0.5000 ± 0.9800 | 0.5000 ± 0.0000 |")
        .contains("| from | HitRate frozen | HitRate real time | NDCG frozen | NDCG real time |")
        .contains("| 10-02 | 0.0000 | 0.5000 | 0.0000 | 0.3000 |")
        .contains("charts/planted-streaming-ndcg.svg");
    assertThat(dir.resolve("charts/planted-streaming.svg")).exists();
    assertThat(dir.resolve("charts/planted-streaming-ndcg.svg")).exists();
    List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
    // 2 algorithms x 2 cutoffs x (7 accuracy + 3 beyond + coverage) rows, and the header
    assertThat(csv).hasSize(1 + 2 * 2 * 11);
    var json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("results.json").toFile());
    var popularity = json.at("/sections/0/results/0");
    assertThat(popularity.at("/algorithm").asText()).isEqualTo("popularity");
    assertThat(popularity.at("/metrics/ndcg@10/mean").asDouble())
        .isEqualTo(results.get(0).mean("ndcg", 10));
    assertThat(popularity.has("heapMegabytes")).isTrue();
    assertThat(json.at("/sections/0/notes/0").asText()).isEqualTo("ease: not run");
    assertThat(json.at("/streaming/0/overall/real time/hit/ci95").asDouble())
        .isCloseTo(0.98, within(1e-9));
    try (var charts = Files.list(dir.resolve("charts"))) {
      for (Path svg : charts.toList()) {
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(svg.toFile()); // well-formed
      }
    }
  }
}
