package dev.stratum.autoencoders.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrincipalAnglesTest {

  @Test
  void anglesBetweenKnownPlanes() {
    double[][] xy = {{1, 0, 0}, {0, 1, 0}};
    // the same plane through another, non-orthogonal basis: both angles 0
    assertThat(PrincipalAngles.between(xy, new double[][] {{2, 1, 0}, {1, -3, 0}}))
        .containsExactly(new double[] {0, 0}, within(1e-12));
    // the plane spanned by x and (0, cos 30°, sin 30°): angles 0 and 30°
    double c = Math.cos(Math.toRadians(30));
    double s = Math.sin(Math.toRadians(30));
    double[] angles = PrincipalAngles.between(xy, new double[][] {{1, 0, 0}, {0, c, s}});
    assertThat(angles).containsExactly(new double[] {0, Math.toRadians(30)}, within(1e-12));
    assertThat(PrincipalAngles.largestDegrees(xy, new double[][] {{0, 0, 1}, {1, 1, 0}}))
        .isCloseTo(90, within(1e-9));
    // a tiny angle is resolved (sines, not cosines): 1e-7 rad
    assertThat(PrincipalAngles.between(new double[][] {{1, 0}}, new double[][] {{1, 1e-7}})[0])
        .isCloseTo(1e-7, within(1e-15));
  }

  @Test
  void rankDeficientOrMismatchedSetsAreRefused() {
    assertThatThrownBy(
            () ->
                PrincipalAngles.between(
                    new double[][] {{1, 0}, {2, 0}}, new double[][] {{1, 0}, {0, 1}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "PrincipalAngles: the first set is rank deficient (vector 1 depends on the others)");
    assertThatThrownBy(
            () -> PrincipalAngles.between(new double[][] {{1, 0}}, new double[][] {{1, 0, 0}}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
