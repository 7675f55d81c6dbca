package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every micro-kernel shape, called directly: {@link VectorGemm} runs only the one chosen at
 * start-up ({@code stratum.gemm.mr}), so the others would otherwise go untested. Panels hold small
 * integers, so every sum is exact in float and the expected values are exact.
 */
class GemmKernelsTest {

  @ParameterizedTest(name = "MR={0}")
  @ValueSource(ints = {4, 5, 6})
  void kernelOverwritesThenAccumulatesItsTile(int mr) {
    int nr = GemmKernels.NR;
    int kc = 37; // odd depth, so nothing depends on unrolling by two
    int ldc = nr + 5; // C rows wider than the tile: the kernel must honour ldc
    int cOff = 3;
    Random random = new Random(mr);
    float[] ap = new float[2 + mr * kc];
    float[] bp = new float[1 + nr * kc];
    for (int i = 0; i < ap.length; i++) {
      ap[i] = random.nextInt(7) - 3;
    }
    for (int i = 0; i < bp.length; i++) {
      bp[i] = random.nextInt(7) - 3;
    }
    float[] c = new float[cOff + mr * ldc];
    java.util.Arrays.fill(c, Float.NaN);

    GemmKernels.tile(mr, ap, 2, bp, 1, kc, c, cOff, ldc, false);
    assertTile(mr, kc, ap, bp, c, cOff, ldc, 1);
    GemmKernels.tile(mr, ap, 2, bp, 1, kc, c, cOff, ldc, true);
    assertTile(mr, kc, ap, bp, c, cOff, ldc, 2);
    // the gap after each row of the tile is left alone
    for (int i = 0; i < mr - 1; i++) {
      for (int j = nr; j < ldc; j++) {
        assertThat(c[cOff + i * ldc + j]).isNaN();
      }
    }
  }

  private static void assertTile(
      int mr, int kc, float[] ap, float[] bp, float[] c, int cOff, int ldc, int times) {
    int nr = GemmKernels.NR;
    for (int i = 0; i < mr; i++) {
      for (int j = 0; j < nr; j++) {
        float expected = 0;
        for (int p = 0; p < kc; p++) {
          expected += ap[2 + p * mr + i] * bp[1 + p * nr + j];
        }
        assertThat(c[cOff + i * ldc + j])
            .as("C[%d][%d]", i, j)
            .isCloseTo(times * expected, within(0f));
      }
    }
  }
}
