package dev.stratum.autoencoders.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

  @Test
  void aTridiagonalMatrixHasItsKnownEigenpairs() {
    // [[2,1,0],[1,2,1],[0,1,2]]: λ = 2 + √2, 2, 2 − √2 with v ∝ (1, √2, 1), (1, 0, −1), (−1, √2,
    // −1)
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1, 0}, {1, 2, 1}, {0, 1, 2}});
    assertThat(e.values())
        .containsExactly(new double[] {2 + Math.sqrt(2), 2, 2 - Math.sqrt(2)}, within(1e-14));
    double r = Math.sqrt(0.5);
    assertThat(e.vectors()[0]).containsExactly(new double[] {0.5, r, 0.5}, within(1e-14));
    // the sign rule: the largest entry in magnitude is positive (the first on ties)
    assertThat(e.vectors()[1]).containsExactly(new double[] {r, 0, -r}, within(1e-14));
    assertThat(e.vectors()[2]).containsExactly(new double[] {-0.5, r, -0.5}, within(1e-14));
  }

  @Test
  void aRandomMatrixIsRebuiltFromOrthonormalEigenvectors() {
    int n = 60;
    Random random = new Random(3);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = a[j][i] = random.nextGaussian();
      }
    }
    SymmetricEigen e = SymmetricEigen.of(a);
    double[] values = e.values();
    double[][] v = e.vectors();
    for (int i = 1; i < n; i++) {
      assertThat(values[i]).isLessThanOrEqualTo(values[i - 1]);
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double rebuilt = 0;
        double dot = 0;
        for (int k = 0; k < n; k++) {
          rebuilt += v[k][i] * values[k] * v[k][j];
          dot += v[i][k] * v[j][k];
        }
        assertThat(rebuilt).as("A[%d][%d]", i, j).isCloseTo(a[i][j], within(1e-12));
        assertThat(dot).as("v%d·v%d", i, j).isCloseTo(i == j ? 1 : 0, within(1e-13));
      }
    }
  }

  @Test
  void repeatedAndZeroEigenvaluesAreFound() {
    double[][] identity = new double[5][5];
    for (int i = 0; i < 5; i++) {
      identity[i][i] = 3;
    }
    assertThat(SymmetricEigen.of(identity).values()).containsOnly(3.0);
    // rank one: u·uᵀ with u = (1, 2, 2): λ = 9, 0, 0
    double[] u = {1, 2, 2};
    double[][] outer = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        outer[i][j] = u[i] * u[j];
      }
    }
    SymmetricEigen e = SymmetricEigen.of(outer);
    assertThat(e.values()).containsExactly(new double[] {9, 0, 0}, within(1e-13));
    assertThat(e.vectors()[0])
        .containsExactly(new double[] {1 / 3.0, 2 / 3.0, 2 / 3.0}, within(1e-14));
  }

  @Test
  void badMatricesAreRefused() {
    assertThatThrownBy(() -> SymmetricEigen.of(new double[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SymmetricEigen: the matrix must be square, row 1 has 1 entries, not 2");
    assertThatThrownBy(() -> SymmetricEigen.of(new double[][] {{1, 0}, {Double.NaN, 1}}))
        .hasMessage("SymmetricEigen: entry (1, 0) is NaN");
  }
}
