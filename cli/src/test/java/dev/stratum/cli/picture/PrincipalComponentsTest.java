package dev.stratum.cli.picture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrincipalComponentsTest {

  @Test
  void pointsOnALineProjectOnItsDirection() {
    // points t·(1, 2, 2)/3 + (5, 5, 5): all variance along (1, 2, 2)/3
    float[][] points = new float[7][];
    for (int i = 0; i < points.length; i++) {
      float t = i - 3;
      points[i] = new float[] {5 + t / 3f, 5 + 2 * t / 3f, 5 + 2 * t / 3f};
    }
    PrincipalComponents pca = PrincipalComponents.of(points, 2);
    assertThat(pca.explained()[0]).isCloseTo(1.0, within(1e-6));
    assertThat(pca.explained()[1]).isCloseTo(0.0, within(1e-6));
    for (int i = 0; i < points.length; i++) {
      // the sign convention makes the largest entry of the direction positive: t itself
      assertThat(pca.projected()[i][0]).isCloseTo(i - 3, within(1e-5));
    }
  }

  @Test
  void twoIndependentAxesComeOutInOrderOfVariance() {
    // x spread ±2, y spread ±1, uncorrelated: variances 8/3·… in ratio 4:1
    float[][] points = {{2, 0}, {-2, 0}, {0, 1}, {0, -1}};
    PrincipalComponents pca = PrincipalComponents.of(points, 2);
    assertThat(pca.explained()[0]).isCloseTo(0.8, within(1e-9));
    assertThat(pca.explained()[1]).isCloseTo(0.2, within(1e-9));
    assertThat(Math.abs(pca.projected()[0][0])).isCloseTo(2, within(1e-9));
    assertThat(Math.abs(pca.projected()[2][1])).isCloseTo(1, within(1e-9));
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> PrincipalComponents.of(new float[][] {{1, 2}}, 1))
        .hasMessage("principal components: need at least 2 points, got 1");
    assertThatThrownBy(() -> PrincipalComponents.of(new float[][] {{1, 2}, {3, 4}}, 3))
        .hasMessage("principal components: 3 components of 2-dimensional points");
  }
}
