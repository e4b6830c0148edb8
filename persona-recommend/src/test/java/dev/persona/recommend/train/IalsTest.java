package dev.persona.recommend.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class IalsTest {
  final TrainTestData t = new TrainTestData(200, 60, 12, 1);

  AlsParams params(int cg, int threads) {
    return new AlsParams(8, 8, 0.1, 1.0, 2.0, cg, 42, threads);
  }

  @Test
  void exactSweepsNeverIncreaseTheLoss() {
    List<Double> loss = new Ials(params(0, 2)).train(t.data, x -> {}).report().loss();
    for (int i = 1; i < loss.size(); i++) {
      assertThat(loss.get(i)).isLessThanOrEqualTo(loss.get(i - 1) * (1 + 1e-6));
    }
    assertThat(loss.get(loss.size() - 1)).isLessThan(loss.get(0));
  }

  @Test
  void conjugateGradientReachesAboutTheExactLoss() {
    List<Double> exact = new Ials(params(0, 2)).train(t.data, x -> {}).report().loss();
    List<Double> cg = new Ials(params(3, 2)).train(t.data, x -> {}).report().loss();
    assertThat(cg.get(cg.size() - 1))
        .isCloseTo(exact.get(exact.size() - 1), within(0.02 * exact.get(exact.size() - 1)));
  }

  @Test
  void theResultDoesNotDependOnTheNumberOfThreads() {
    Ials.Factors one = new Ials(params(3, 1)).train(t.data, x -> {});
    Ials.Factors four = new Ials(params(3, 4)).train(t.data, x -> {});
    assertThat(four.items()).containsExactly(one.items());
    assertThat(four.users()).containsExactly(one.users());
  }

  /**
   * Fold-in against a naive reference: the gradient of the user's full loss over every item, {@code
   * sum_i c_i (p_i - x.y_i) y_i - lambda x}, computed item by item, is zero at the solution.
   */
  @Test
  void foldInSolvesTheUsersNormalEquationsOverTheWholeCatalogue() {
    AlsParams p = params(3, 2);
    Ials.Factors f = new Ials(p).train(t.data, x -> {});
    AlsModel m = model(f, p);
    int[] items = {1, 5, 9, 40};
    float[] w = {1, 3, 2, 1};
    float[] x = m.foldIn(items, w, items.length);
    int k = p.factors();
    double[] grad = new double[k];
    double lambda = p.lambda(items.length);
    for (int i = 0; i < t.items; i++) {
      double c = 1;
      double pref = 0;
      for (int q = 0; q < items.length; q++) {
        if (items[q] == i) {
          c = 1 + p.alpha() * w[q];
          pref = 1;
        }
      }
      double s = 0;
      for (int a = 0; a < k; a++) {
        s += x[a] * f.items()[i * k + a];
      }
      for (int a = 0; a < k; a++) {
        grad[a] += c * (pref - s) * f.items()[i * k + a];
      }
    }
    for (int a = 0; a < k; a++) {
      grad[a] -= lambda * x[a];
      assertThat(grad[a]).isCloseTo(0, within(1e-4));
    }
  }

  @Test
  void sharesAddUpToTheScoreAndUnknownItemsAreSkipped() {
    AlsParams p = params(3, 2);
    AlsModel m = model(new Ials(p).train(t.data, x -> {}), p);
    int[] items = {2, -1, 33};
    float[] w = {1, 5, 2};
    AlsModel.Folded f = m.fold(items, w, items.length);
    float[] scores = new float[t.items];
    m.score(f.x(), scores);
    for (int j : new int[] {0, 7, 45}) {
      double[] z = f.direction(j);
      double sum = f.share(z, 2, 1) + f.share(z, 33, 2);
      assertThat(sum).isCloseTo(scores[j], within(1e-4));
    }
    assertThat(m.foldIn(new int[] {-1}, new float[] {1}, 1)).isNull();
  }

  @Test
  void aFoldedInUserPrefersTheirOwnTaste() {
    AlsParams p = params(3, 2);
    AlsModel m = model(new Ials(p).train(t.data, x -> {}), p);
    // a new user who touched three items of the second block
    float[] x = m.foldIn(new int[] {31, 40, 52}, new float[] {1, 1, 1}, 3);
    float[] scores = new float[t.items];
    m.score(x, scores);
    int own = 0;
    var top = new dev.persona.core.topk.TopK(10);
    for (int i = 0; i < t.items; i++) {
      top.offer(i, scores[i]);
    }
    for (int i : top.ids()) {
      own += TrainTestData.inBlock(i, t.items, 1) ? 1 : 0;
    }
    assertThat(own).isGreaterThanOrEqualTo(9);
  }

  @Test
  void badParametersNameTheSetting() {
    assertThatThrownBy(() -> new AlsParams(0, 1, 0.1, 0, 1, 3, 1, 0))
        .hasMessageContaining("training.als.factors");
    assertThatThrownBy(() -> new AlsParams(8, 1, -1, 0, 1, 3, 1, 0))
        .hasMessageContaining("training.als.regularization");
    assertThatThrownBy(() -> new AlsParams(8, 1, 0, 0, 1, 3, 1, 0))
        .hasMessageContaining("training.als.regularization must be > 0");
    assertThatThrownBy(() -> new AlsParams(8, 1, 0.1, 2, 1, 3, 1, 0))
        .hasMessageContaining("training.als.exponent");
  }

  AlsModel model(Ials.Factors f, AlsParams p) {
    String[] ids = new String[t.items];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "i" + i;
    }
    return new AlsModel(ItemSpace.bind(ids, t.ids), p, f.items());
  }
}
