package dev.persona.recommend.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EaseTest {
  @Test
  void matchesANaiveClosedFormWithAZeroDiagonal() {
    TrainTestData t = new TrainTestData(80, 20, 8, 5);
    Interactions m = t.data.compact().data();
    int n = m.itemCount();
    double lambda = 3;
    float[] b = new Ease(lambda, 1000).train(m);
    // naive: G = X^T X + lambda I from the binary matrix, inverted by Gauss-Jordan
    double[][] g = new double[n][n];
    for (int u = 0; u < m.userCount(); u++) {
      for (int p = m.rowStart(u); p < m.rowEnd(u); p++) {
        for (int q = m.rowStart(u); q < m.rowEnd(u); q++) {
          g[m.rowItems()[p]][m.rowItems()[q]] += 1;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      g[i][i] += lambda;
    }
    double[][] inv = invert(g);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double expected = i == j ? 0 : -inv[i][j] / inv[j][j];
        assertThat((double) b[i * n + j]).isCloseTo(expected, within(1e-5));
      }
    }
  }

  @Test
  void scoresAreTheSumOfTheHistorysRows() {
    TrainTestData t = new TrainTestData(80, 20, 8, 5);
    String[] ids = new String[20];
    for (int i = 0; i < 20; i++) {
      ids[i] = "i" + i;
    }
    float[] b = new Ease(3, 1000).train(t.data);
    EaseModel model = new EaseModel(ItemSpace.bind(ids, t.ids), 3, b);
    float[] out = new float[20];
    assertThat(model.score(new int[] {1, -1, 4}, 3, out)).isTrue();
    for (int j = 0; j < 20; j++) {
      assertThat(out[j]).isCloseTo(b[20 + j] + b[4 * 20 + j], within(1e-6f));
    }
    assertThat(model.score(new int[] {-1}, 1, out)).isFalse();
  }

  @Test
  void aCatalogueOverTheLimitIsRefusedWithTheSettingNamed() {
    TrainTestData t = new TrainTestData(20, 20, 5, 1);
    assertThatThrownBy(() -> new Ease(10, 10).train(t.data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("training.ease.maxItems")
        .hasMessageContaining("20 items");
    assertThatThrownBy(() -> new Ease(0, 10)).hasMessageContaining("training.ease.lambda");
    assertThatThrownBy(() -> new Ease(10, 50_000)).hasMessageContaining("1..46340");
  }

  static double[][] invert(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n + i] = 1;
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] tmp = m[c];
      m[c] = m[pivot];
      m[pivot] = tmp;
      double d = m[c][c];
      for (int k = 0; k < 2 * n; k++) {
        m[c][k] /= d;
      }
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = m[r][c];
          for (int k = 0; k < 2 * n; k++) {
            m[r][k] -= f * m[c][k];
          }
        }
      }
    }
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], n, out[i], 0, n);
    }
    return out;
  }
}
