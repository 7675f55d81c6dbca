package dev.stratum.conformance.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.opentest4j.AssertionFailedError;

/** Host-side helpers for forward checks: random data, index arithmetic, approximate comparison. */
final class Host {

  private Host() {}

  static float[] random(int size, long seed) {
    Random r = new Random(seed);
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** Flat row-major index of {@code index} in {@code shape}. */
  static int flat(int[] shape, int... index) {
    int f = 0;
    for (int d = 0; d < shape.length; d++) {
      f = f * shape[d] + index[d];
    }
    return f;
  }

  /** Multi-index of flat position {@code f} in {@code shape}. */
  static int[] unflat(int[] shape, int f) {
    int[] index = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = shape[d] == 0 ? 0 : f % shape[d];
      f = shape[d] == 0 ? 0 : f / shape[d];
    }
    return index;
  }

  /**
   * Element-wise comparison with {@code |actual - expected| <= tolerance·max(1, |expected|)}; NaN
   * must match NaN and infinities must match exactly.
   */
  static void close(String what, float[] actual, double[] expected, double tolerance) {
    assertThat(actual).as(what + ": length").hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      float a = actual[i];
      boolean ok =
          Double.isNaN(e)
              ? Float.isNaN(a)
              : Double.isInfinite(e)
                  ? a == e
                  : Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e));
      if (!ok) {
        throw new AssertionFailedError(
            what
                + ": element "
                + i
                + " is "
                + a
                + ", expected "
                + e
                + " (tolerance "
                + tolerance
                + " relative)");
      }
    }
  }

  static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }
}
