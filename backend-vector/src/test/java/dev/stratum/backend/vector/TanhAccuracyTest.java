package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * The SIMD tanh is built from one exp plus a series near zero (see ElementwiseKernels): a dense
 * sweep must stay within 3 ulp of {@link Math#tanh}, including tiny inputs, where a naive {@code (1
 * - e) / (1 + e)} would lose all relative precision, and both sides of the 0.25 switch.
 */
class TanhAccuracyTest extends KernelFixture {

  private static final double MAX_ULPS = 3;

  @Test
  void simdTanhIsWithinThreeUlpsEverywhere() {
    int n = 200_003;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double t = (i - n / 2) / (n / 2.0);
      // dense near zero and near the switch, reaching ±20
      x[i] = (float) (Math.signum(t) * 20 * Math.pow(Math.abs(t), 3));
    }
    x[0] = 1e-30f;
    x[1] = -1e-7f;
    x[2] = 0.25f;
    x[3] = Math.nextDown(0.25f);
    x[4] = -0.25f;
    Storage in = put(SIMD, x);
    Storage out = SIMD.allocate(n);
    SIMD.unary(UnaryOp.TANH, 0f, in, out, n);
    float[] y = get(SIMD, out);
    SIMD.release(in);
    SIMD.release(out);
    double worst = 0;
    int worstAt = -1;
    for (int i = 0; i < n; i++) {
      double expected = Math.tanh(x[i]);
      double ulps = Math.abs(y[i] - expected) / Math.ulp((float) expected);
      if (ulps > worst) {
        worst = ulps;
        worstAt = i;
      }
    }
    assertThat(worst)
        .as("worst error %s ulp at x = %s", worst, worstAt < 0 ? "-" : x[worstAt])
        .isLessThanOrEqualTo(MAX_ULPS);
  }
}
