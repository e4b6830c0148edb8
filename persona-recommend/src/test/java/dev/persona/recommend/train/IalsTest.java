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

  /**
   * The two ways of folding in give one solution: histories of 1 to 100 items (repeats, unknown
   * items and a zero weight among them) on 64 random factors, each solved by Woodbury and by
   * Cholesky; the vectors agree, and so do the shares of every interaction in a few items' scores,
   * which add up to the score.
   */
  @Test
  void woodburyAndCholeskyFoldInsAgree() {
    AlsParams p = new AlsParams(64, 1, 0.1, 1.0, 2.0, 3, 42, 1);
    int n = 500;
    String[] ids = new String[n];
    int[] identity = new int[n];
    float[] factors = new float[n * 64];
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (int i = 0; i < n; i++) {
      ids[i] = "i" + i;
      identity[i] = i;
    }
    for (int j = 0; j < factors.length; j++) {
      factors[j] = (float) (0.3 * (r.nextDouble() - 0.5));
    }
    AlsModel m = new AlsModel(new ItemSpace(ids, identity, identity.clone()), p, factors);
    assertThat(m.woodburyLimit()).isEqualTo(64);
    for (int h : new int[] {1, 2, 7, 30, 63, 100}) {
      int[] items = new int[h];
      float[] w = new float[h];
      for (int q = 0; q < h; q++) {
        items[q] = q % 9 == 4 ? -1 : q % 7 == 3 && q > 0 ? items[q - 1] : r.nextInt(n);
        w[q] = q == 2 ? 0 : q == 5 ? 1e-13f : 1 + r.nextInt(5); // c = 1, c about 1
      }
      int known = 0;
      for (int i : items) {
        known += i >= 0 ? 1 : 0;
      }
      AlsModel.Folded woodbury = m.foldWoodbury(items, w, h, known);
      AlsModel.Folded cholesky = m.foldCholesky(items, w, h, known);
      for (int f = 0; f < 64; f++) {
        assertThat(woodbury.x()[f]).as("h=%d f=%d", h, f).isCloseTo(cholesky.x()[f], within(1e-5f));
      }
      assertThat(m.fold(items, w, h).x()).containsExactly((known < 64 ? woodbury : cholesky).x());
      for (int j : new int[] {0, 17, 499}) {
        double[] zw = woodbury.direction(j);
        double[] zc = cholesky.direction(j);
        int from = known / 3; // the shares from the from-th known interaction on
        double[] sharesW = woodbury.shares(j, from);
        double[] sharesC = cholesky.shares(j, from);
        assertThat(sharesW).hasSize(known - from);
        assertThat(sharesC).hasSize(known - from);
        double sum = 0;
        for (int q = 0, at = 0; q < h; q++) {
          if (items[q] >= 0) {
            double share = woodbury.share(zw, items[q], w[q]);
            assertThat(share).isCloseTo(cholesky.share(zc, items[q], w[q]), within(1e-5));
            if (at >= from) { // without a solve with A (w = 0 or about 0 is worked out in full)
              assertThat(sharesW[at - from]).as("h=%d q=%d", h, q).isCloseTo(share, within(1e-9));
              assertThat(sharesC[at - from])
                  .isCloseTo(cholesky.share(zc, items[q], w[q]), within(1e-12));
            }
            at++;
            sum += share;
          }
        }
        assertThat(sum).isCloseTo(m.exact(cholesky.x(), j), within(1e-4));
        int past = known + 1;
        assertThatThrownBy(() -> woodbury.shares(j, past))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("from " + past);
      }
    }
  }

  AlsModel model(Ials.Factors f, AlsParams p) {
    String[] ids = new String[t.items];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "i" + i;
    }
    return new AlsModel(ItemSpace.bind(ids, t.ids), p, f.items());
  }
}
