package dev.persona.server.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.eval.DataSet;
import dev.persona.eval.Interaction;
import dev.persona.eval.Report;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingEvaluationTest {
  /**
   * Two tastes of twenty items each; 60 users active early, 60 who arrive only after the cut. A
   * frozen system knows nothing of the late users; one that updates in real time learns each one's
   * taste from their first views.
   */
  static DataSet arrivals() {
    Random r = new Random(3);
    List<Interaction> out = new ArrayList<>();
    long day = 86_400_000L;
    long t0 = 1_700_000_000_000L;
    for (int u = 0; u < 120; u++) {
      boolean late = u >= 60;
      String taste = u % 2 == 0 ? "a" : "b";
      List<Integer> items = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        items.add(i);
      }
      Collections.shuffle(items, r);
      long start = t0 + (late ? 26 : r.nextInt(18)) * day + r.nextInt(1000) * 60_000L;
      for (int i = 0; i < 10; i++) {
        out.add(new Interaction("u" + u, taste + items.get(i), start + i * 120_000L, 1));
      }
    }
    out.sort(java.util.Comparator.comparingLong(Interaction::time));
    return new DataSet("arrivals", "planted arrivals", out, Double.NEGATIVE_INFINITY, true, null);
  }

  @Test
  void realTimeUpdatingBeatsFrozenModelsForUsersWhoArriveAfterTheCut() throws Exception {
    List<String> log = new ArrayList<>();
    Report.Streaming s =
        StreamingEvaluation.run(
            arrivals(), new StreamingEvaluation.Options(0.5, 10, 4, 10_000, 5_000), log::add);
    double live = s.overall().get("real time").get("hit").mean();
    double frozen = s.overall().get("frozen").get("hit").mean();
    assertThat(s.targets()).isEqualTo(600); // every late user's ten views are new to them
    assertThat(live).isGreaterThan(frozen + 0.2);
    assertThat(s.hit().get("real time")).hasSize(4);
    assertThat(s.buckets()).hasSize(4);
    assertThat(log).anySatisfy(l -> assertThat(l).contains("trained v1"));
  }

  /**
   * The replay drives the catalogue index's refreshes on its own clock, so a second run in the same
   * process gives the very same figures (a refresh in wall time fell at different points of the
   * replay from run to run, and popularity's lists with it).
   */
  @Test
  void aSecondRunGivesTheSameFigures() throws Exception {
    StreamingEvaluation.Options o = new StreamingEvaluation.Options(0.5, 10, 4, 10_000, 5_000);
    Report.Streaming a = StreamingEvaluation.run(arrivals(), o, l -> {});
    Report.Streaming b = StreamingEvaluation.run(arrivals(), o, l -> {});
    // and right: the late users' frozen lists are popularity's, which reads the catalogue index
    // built at the cut (an index left empty would repeat too, with frozen hits of 0)
    assertThat(a.overall().get("frozen").get("hit").mean()).isGreaterThan(0.05);
    for (String variant : List.of("real time", "frozen")) {
      assertThat(b.hit().get(variant)).containsExactly(a.hit().get(variant));
      assertThat(b.ndcg().get(variant)).containsExactly(a.ndcg().get(variant));
    }
  }

  @Test
  void refusesDataWithoutTimesAndBadOptions() {
    DataSet untimed =
        new DataSet("x", "", arrivals().interactions(), Double.NEGATIVE_INFINITY, false, null);
    assertThatThrownBy(
            () -> StreamingEvaluation.run(untimed, StreamingEvaluation.Options.defaults(), l -> {}))
        .hasMessageContaining("needs times");
    assertThatThrownBy(() -> new StreamingEvaluation.Options(1.5, 10, 10, 10, 10))
        .hasMessageContaining("test fraction");
  }
}
