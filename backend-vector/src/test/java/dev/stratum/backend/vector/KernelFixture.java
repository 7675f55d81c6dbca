package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Storage;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;

/**
 * Shared set-up of the kernel tests: one SIMD and one scalar backend, both with three threads so
 * that large inputs are split into more chunks than this machine has cores, and helpers to move
 * arrays in and out and to compare against double-precision oracles.
 */
abstract class KernelFixture {

  /**
   * Lengths that exercise empty input, a lone tail, tails after full vectors, and the thread split.
   */
  static final int[] LENGTHS = {0, 1, 7, 17, 33, 1021, 100_003};

  static final VectorBackend SIMD = create(false);
  static final VectorBackend SCALAR = create(true);

  static VectorBackend create(boolean scalar) {
    return (VectorBackend)
        new VectorBackendProvider()
            .create(
                new BackendOptions(
                    Map.of(
                        "threads", "3", VectorBackendProvider.SCALAR, Boolean.toString(scalar))));
  }

  static List<VectorBackend> both() {
    return List.of(SIMD, SCALAR);
  }

  @AfterAll
  static void noLeaks() {
    assertThat(SIMD.liveStorages()).as("SIMD backend leaked storages").isZero();
    assertThat(SCALAR.liveStorages()).as("scalar backend leaked storages").isZero();
  }

  static Storage put(VectorBackend backend, float[] values) {
    Storage storage = backend.allocate(values.length);
    backend.upload(values, 0, storage, 0, values.length);
    return storage;
  }

  static float[] get(VectorBackend backend, Storage storage) {
    float[] values = new float[storage.size()];
    backend.download(storage, 0, values, 0, values.length);
    return values;
  }

  static float[] randoms(int n, long seed, float low, float high) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = low + (high - low) * (float) random.nextDouble();
    }
    return values;
  }

  /**
   * Element-wise {@code |got - want| <= rtol * |want| + atol}, or {@code got} is {@code want}
   * rounded to float (so a tolerance of 0 means correctly rounded); NaN must meet NaN and an
   * infinity the same infinity.
   */
  static void assertClose(float[] got, double[] want, double rtol, double atol, String what) {
    assertThat(got).as(what + ": length").hasSize(want.length);
    for (int i = 0; i < got.length; i++) {
      double g = got[i];
      double w = want[i];
      boolean ok;
      if (Double.isNaN(w) || Double.isInfinite(w) || Double.isNaN(g) || Double.isInfinite(g)) {
        ok = Double.compare(g, (float) w) == 0 || (Double.isNaN(g) && Double.isNaN(w));
      } else {
        ok = Math.abs(g - w) <= rtol * Math.abs(w) + atol || got[i] == (float) w;
      }
      if (!ok) {
        fail(
            what
                + ": element "
                + i
                + " of "
                + got.length
                + " is "
                + got[i]
                + ", expected "
                + w
                + " (rtol "
                + rtol
                + ", atol "
                + atol
                + ")");
      }
    }
  }

  static void assertClose(float[] got, float[] want, double rtol, double atol, String what) {
    double[] wide = new double[want.length];
    for (int i = 0; i < want.length; i++) {
      wide[i] = want[i];
    }
    assertClose(got, wide, rtol, atol, what);
  }

  /** Bit-for-bit equality (NaN payloads aside), for kernels whose two paths must agree exactly. */
  static void assertSame(float[] got, float[] want, String what) {
    assertThat(got).as(what + ": length").hasSize(want.length);
    for (int i = 0; i < got.length; i++) {
      if (Float.compare(got[i], want[i]) != 0 && !(Float.isNaN(got[i]) && Float.isNaN(want[i]))) {
        fail(what + ": element " + i + " is " + got[i] + ", expected exactly " + want[i]);
      }
    }
  }
}
