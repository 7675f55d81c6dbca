package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Distribution;
import dev.stratum.backend.Storage;
import dev.stratum.random.Philox;
import org.junit.jupiter.api.Test;

class RandomKernelsTest extends KernelFixture {

  private static final int[] COUNTS = {0, 1, 3, 4, 5, 7, 17, 1021, 100_003};
  private static final long[][] KEYS = {
    {0, 0}, {42, 7}, {-1L, Long.MIN_VALUE}, {0x1234_5678_9ABC_DEF0L, 1L << 33}
  };

  private static float[] draw(
      VectorBackend backend,
      Distribution d,
      float p0,
      float p1,
      long seed,
      long stream,
      int count) {
    Storage out = backend.allocate(count);
    try {
      backend.random(d, p0, p1, seed, stream, out, count);
      return get(backend, out);
    } finally {
      backend.release(out);
    }
  }

  private static void assertBitsEqual(float[] got, float[] want, String what) {
    assertThat(got).as(what).hasSize(want.length);
    for (int i = 0; i < got.length; i++) {
      if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want[i])) {
        throw new AssertionError(
            what + ": element " + i + " is " + got[i] + ", Philox gives " + want[i]);
      }
    }
  }

  @Test
  void uniformStreamsEqualPhiloxBitForBit() {
    for (long[] key : KEYS) {
      for (int n : COUNTS) {
        float[] want = new float[n];
        Philox.fillUniform(key[0], key[1], 0, -2f, 3f, want, 0, n);
        for (VectorBackend backend : both()) {
          assertBitsEqual(
              draw(backend, Distribution.UNIFORM, -2f, 3f, key[0], key[1], n),
              want,
              "uniform n=" + n + " seed=" + key[0]);
        }
      }
    }
  }

  @Test
  void normalStreamsEqualPhiloxBitForBit() {
    for (long[] key : KEYS) {
      for (int n : COUNTS) {
        float[] want = new float[n];
        Philox.fillNormal(key[0], key[1], 0, 0.5f, 2f, want, 0, n);
        for (VectorBackend backend : both()) {
          assertBitsEqual(
              draw(backend, Distribution.NORMAL, 0.5f, 2f, key[0], key[1], n),
              want,
              "normal n=" + n + " seed=" + key[0]);
        }
      }
    }
  }

  @Test
  void bernoulliStreamsEqualPhiloxBitForBit() {
    for (long[] key : KEYS) {
      for (int n : COUNTS) {
        float[] want = new float[n];
        Philox.fillBernoulli(key[0], key[1], 0, 0.3f, want, 0, n);
        for (VectorBackend backend : both()) {
          assertBitsEqual(
              draw(backend, Distribution.BERNOULLI, 0.3f, 0f, key[0], key[1], n),
              want,
              "bernoulli n=" + n + " seed=" + key[0]);
        }
      }
    }
  }

  @Test
  void streamsDoNotDependOnTheThreadCount() {
    VectorBackend single =
        (VectorBackend)
            new VectorBackendProvider()
                .create(dev.stratum.backend.BackendOptions.of("threads", "1"));
    try {
      for (Distribution d : Distribution.values()) {
        assertBitsEqual(
            draw(SIMD, d, 0.25f, 1f, 9, 4, 100_003),
            draw(single, d, 0.25f, 1f, 9, 4, 100_003),
            d + " 3 threads vs 1");
      }
    } finally {
      single.close();
    }
  }
}
