package dev.persona.recommend.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseTest {
  /** A random symmetric positive definite matrix: {@code M M^T + I}, row-major. */
  static double[] spd(int k, SplittableRandom r) {
    double[] m = new double[k * k];
    for (int i = 0; i < m.length; i++) {
      m[i] = r.nextGaussian();
    }
    double[] a = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double s = i == j ? 1 : 0;
        for (int p = 0; p < k; p++) {
          s += m[i * k + p] * m[j * k + p];
        }
        a[i * k + j] = s;
      }
    }
    return a;
  }

  static double[] times(double[] a, double[] x, int k) {
    double[] out = new double[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        out[i] += a[i * k + j] * x[j];
      }
    }
    return out;
  }

  @Test
  void choleskySolvesSystemsOfEverySizeAndReusesItsFactor() {
    SplittableRandom r = new SplittableRandom(5);
    for (int k : new int[] {1, 2, 3, 5, 8, 17, 64}) {
      double[] a = spd(k, r);
      double[] original = a.clone();
      double[] x = r.doubles(k, -1, 1).toArray();
      double[] b = times(original, x, k);
      Dense.solveSpd(a, b, k);
      assertThat(b).as("k=%d", k).containsExactly(x, within(1e-8));
      // the factor left in a solves another right-hand side
      double[] y = r.doubles(k, -1, 1).toArray();
      double[] c = times(original, y, k);
      Dense.solveCholesky(a, c, k);
      assertThat(c).as("k=%d", k).containsExactly(y, within(1e-8));
    }
  }

  @Test
  void aMatrixThatIsNotPositiveDefiniteIsRefusedWithItsRow() {
    double[] a = {1, 2, 2, 1}; // eigenvalues 3 and -1
    assertThatThrownBy(() -> Dense.solveSpd(a, new double[2], 2))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("at row 1");
  }

  @Test
  void rowDotsGiveWhatOneLoopPerRowGivesToTheBit() {
    SplittableRandom r = new SplittableRandom(11);
    for (int count : new int[] {0, 1, 3, 4, 5, 8, 11, 64}) {
      for (int len : new int[] {1, 7, 64}) {
        int stride = len + 3; // rows that do not start where the last one ended
        int aOff = 2;
        int vOff = 5;
        double[] a = r.doubles(aOff + count * stride, -1, 1).toArray();
        double[] v = r.doubles(vOff + len, -1, 1).toArray();
        double[] expected = new double[count];
        for (int i = 0; i < count; i++) {
          for (int f = 0; f < len; f++) {
            expected[i] += a[aOff + i * stride + f] * v[vOff + f];
          }
        }
        double[] out = new double[count + 4];
        Dense.rowDots(a, aOff, stride, count, v, vOff, len, out, 4);
        for (int i = 0; i < count; i++) {
          assertThat(Double.doubleToRawLongBits(out[4 + i]))
              .as("count=%d len=%d row %d", count, len, i)
              .isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
        assertThat(out[0] + out[1] + out[2] + out[3]).as("nothing written before outOff").isZero();
      }
    }
  }
}
