package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.stratum.backend.MatmulSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link VectorGemm} against a double-precision triple loop.
 *
 * <p>Tolerance: each element of C is a float sum of k products. The classic worst-case bound for
 * recursive float summation is {@code |c - exact| <= k·u·Σ_p |a_ip·b_pj|} with {@code u = 2^-24}
 * (FMA rounds once per step, so at most k roundings). We allow {@code 2·k·u·Σ|a||b|} plus a tiny
 * absolute floor, so a wrong element (a missed or doubled term) fails while legitimate reordering
 * of the sum passes. The reference is computed in double, whose own error is negligible here.
 */
class VectorGemmTest {

  private static final double U = Math.ulp(1.0f) / 2; // 2^-24, unit roundoff of float

  private static Parallel one;
  private static Parallel two;

  @BeforeAll
  static void startPools() {
    one = new Parallel(1);
    two = new Parallel(2);
  }

  @AfterAll
  static void stopPools() {
    one.close();
    two.close();
  }

  /**
   * m, n, k: edges, primes, shapes that cross the KC, MC and NC block boundaries, tall/skinny;
   * 64×256×784 and 600×40×300 are large enough for two threads to split C by columns and by rows.
   */
  static Stream<Arguments> shapes() {
    int[][] sizes = {
      {0, 5, 3},
      {5, 0, 3},
      {5, 3, 0},
      {0, 0, 0},
      {1, 1, 1},
      {7, 7, 7},
      {17, 17, 17},
      {33, 33, 33},
      {128, 128, 128},
      {37, 129, 61},
      {61, 37, 129},
      {2, 3, 5},
      {1, 1000, 13},
      {1000, 1, 13},
      {13, 1, 1000},
      {1, 1, 1000},
      {64, 256, 784},
      {45, 70, 600},
      {600, 40, 300},
      {3, 4200, 5},
    };
    List<Arguments> cases = new ArrayList<>();
    for (int[] s : sizes) {
      for (boolean transA : new boolean[] {false, true}) {
        for (boolean transB : new boolean[] {false, true}) {
          cases.add(Arguments.of(s[0], s[1], s[2], transA, transB));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
  @MethodSource("shapes")
  void singleProductMatchesReferenceOnOneAndTwoThreads(
      int m, int n, int k, boolean transA, boolean transB) {
    MatmulSpec spec = new MatmulSpec(1, m, n, k, transA, transB, m * k, k * n);
    checkAgainstReference(spec, 11L * m + 7L * n + k);
  }

  /**
   * Tiny blockings with every tile shape: small matrices then cross many k-, row- and column-block
   * boundaries, with edge tiles in every block, which the default blocking reaches only on large
   * matrices.
   */
  static Stream<Arguments> smallBlockings() {
    GemmBlocking[] blockings = {
      GemmBlocking.of(4, 16, 8, 1), GemmBlocking.of(5, 7, 10, 40), GemmBlocking.of(6, 40, 30, 48),
    };
    // the last four are above VectorGemm.SERIAL_FLOPS: two threads split C by columns, then rows,
    // each thread packing the operand they share; then again with that operand above
    // VectorGemm.SHARED_PACK_MIN, packed once for both (A of 200 x 200, B of 330 x 110)
    int[][] sizes = {
      {1, 1, 1},
      {37, 129, 61},
      {61, 37, 129},
      {130, 150, 220},
      {300, 50, 280},
      {200, 300, 200},
      {420, 110, 330}
    };
    List<Arguments> cases = new ArrayList<>();
    for (GemmBlocking blocking : blockings) {
      for (int[] s : sizes) {
        for (int t = 0; t < 4; t++) {
          cases.add(Arguments.of(blocking, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} m={1} n={2} k={3} transA={4} transB={5}")
  @MethodSource("smallBlockings")
  void everyTileShapeAndBlockBoundaryMatchesReference(
      GemmBlocking blocking, int m, int n, int k, boolean transA, boolean transB) {
    MatmulSpec spec = new MatmulSpec(1, m, n, k, transA, transB, m * k, k * n);
    checkAgainstReference(spec, 13L * m + n, blocking);
  }

  @ParameterizedTest(name = "{0} m={1} n={2} k={3} transA={4} transB={5}")
  @MethodSource("smallBlockings")
  void anOperandSharedByTheBatchIsPackedOnceAcrossEveryBlockBoundary(
      GemmBlocking blocking, int m, int n, int k, boolean transA, boolean transB) {
    // batch stride 0: VectorGemm packs that operand whole, once, and reads its blocks by offset
    long seed = 31L * m + k;
    checkAgainstReference(new MatmulSpec(3, m, n, k, transA, transB, 0, k * n), seed, blocking);
    checkAgainstReference(new MatmulSpec(3, m, n, k, transA, transB, m * k, 0), seed, blocking);
    checkAgainstReference(new MatmulSpec(3, m, n, k, transA, transB, 0, 0), seed, blocking);
  }

  /**
   * {@code A·Bᵀ} of two k-contiguous operands with fewer columns than a panel ({@link GemmDots}):
   * every row and column edge of its four-by-two blocks (m and n not multiples of 4 and 2), k a
   * multiple of the lane count and not (the overlapping last vector), on one and two threads and in
   * a batch with padded strides, against the double-precision reference.
   */
  static Stream<Arguments> dotShapes() {
    int lanes = GemmKernels.LANES;
    int deep = VectorGemm.DOT_MIN_K;
    List<Arguments> cases = new ArrayList<>();
    for (int m : new int[] {1, 3, 4, 5, 7, 16, 66}) {
      for (int n : new int[] {1, 2, 3, 9, 10, GemmKernels.NR - 1}) {
        for (int k : new int[] {deep, deep + 1, deep + lanes - 1, deep + lanes + 5, 1568}) {
          cases.add(Arguments.of(m, n, k));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @MethodSource("dotShapes")
  void productsOfTwoRowMajorOperandsWithFewColumnsAreDotProductsOfRows(int m, int n, int k) {
    MatmulSpec spec = new MatmulSpec(1, m, n, k, false, true, m * k, k * n);
    assertThat(VectorGemm.takesDots(spec)).as("%s takes dots", spec).isTrue();
    checkAgainstReference(spec, 17L * m + 5L * n + k);
    // a batch with padded strides: each entry's operands start where its stride says
    checkAgainstReference(new MatmulSpec(3, m, n, k, false, true, m * k + 7, k * n + 3), 3L * k);
  }

  @Test
  void dotsTakeOnlyRowMajorOperandsWithFewColumnsAndEnoughDepth() {
    int deep = VectorGemm.DOT_MIN_K;
    int nr = GemmKernels.NR;
    assertThat(VectorGemm.takesDots(new MatmulSpec(1, 16, 9, deep, false, true, 0, 0))).isTrue();
    assertThat(VectorGemm.takesDots(new MatmulSpec(1, 16, nr, deep, false, true, 0, 0))).isFalse();
    assertThat(VectorGemm.takesDots(new MatmulSpec(1, 16, 9, deep - 1, false, true, 0, 0)))
        .isFalse();
    assertThat(VectorGemm.takesDots(new MatmulSpec(1, 16, 9, deep, true, true, 0, 0))).isFalse();
    assertThat(VectorGemm.takesDots(new MatmulSpec(1, 16, 9, deep, false, false, 0, 0))).isFalse();
  }

  @Test
  void aPackedWeightGivesWhatTheProductGivesWhereTheProductTakesDots() {
    int m = 7;
    int n = 9;
    int k = VectorGemm.DOT_MIN_K + 3;
    Random random = new Random(41);
    float[] a = randomArray(random, m * k);
    float[] w = randomArray(random, n * k);
    for (boolean transposed : new boolean[] {true, false}) {
      // W stored [n, k] (the dots) or [k, n] (panels), packed once, then multiplied
      MatmulSpec spec = new MatmulSpec(1, m, n, k, false, transposed, m * k, k * n);
      float[] expected = new float[m * n];
      VectorGemm.multiply(one, spec, a, w, expected);
      float[] packed = new float[VectorGemm.packedSize(k, n)];
      VectorGemm.packB(w, k, n, transposed, packed);
      for (Parallel parallel : new Parallel[] {one, two}) {
        float[] got = new float[m * n];
        VectorGemm.multiplyPacked(parallel, m, n, k, a, packed, got);
        assertThat(got)
            .as("transposed=%s, %d threads", transposed, parallel.threads())
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void aTallTransposedProductIsComputedWithSwappedOperandsAndTransposedBack() {
    // DZᵀ·H of a recurrent layer's weight gradient: 4·hidden rows, batch·steps deep
    MatmulSpec weightGradient = new MatmulSpec(1, 100, 20, 300, true, false, 0, 0);
    assertThat(VectorGemm.swapsOperands(weightGradient)).isTrue();
    checkAgainstReference(weightGradient, 5);
    checkAgainstReference(new MatmulSpec(1, 1001, 3, 17, true, false, 0, 0), 6);
    checkAgainstReference(new MatmulSpec(1, 2 * 97, 97, 160, true, false, 0, 0), 7);
    assertThat(VectorGemm.swapsOperands(new MatmulSpec(1, 100, 51, 300, true, false, 0, 0)))
        .as("m < 2n keeps the operands")
        .isFalse();
    assertThat(VectorGemm.swapsOperands(new MatmulSpec(1, 784, 256, 128, true, false, 0, 0)))
        .as("k < 2n: a dense layer's weight gradient over a batch of 128")
        .isFalse();
    assertThat(VectorGemm.swapsOperands(new MatmulSpec(1, 100, 20, 300, false, false, 0, 0)))
        .as("A not transposed")
        .isFalse();
    assertThat(VectorGemm.swapsOperands(new MatmulSpec(2, 100, 20, 300, true, false, 0, 0)))
        .as("a batch")
        .isFalse();
  }

  @Test
  void aWideProductOfRowMajorOperandsIsSwappedAndKeepsEveryBit() {
    // dY·colsᵀ of a convolution's weight gradient, per image: A [m, k], B [n, k], n ≥ 2m, k ≥ 6m;
    // a batch with padded strides, deep enough to cross a k-block
    int nr = GemmKernels.NR;
    int m = nr + 3;
    int n = 2 * m + 5;
    int k = Math.max(6 * m, VectorGemm.KC + 7);
    MatmulSpec spec = new MatmulSpec(3, m, n, k, false, true, m * k + 5, n * k + 9);
    assertThat(VectorGemm.swapsOperands(spec)).isTrue();
    checkAgainstReference(spec, 8);
    // the same sums in the same order as without the swap: each element's FMAs in k order within
    // a k-block, the blocks added in order
    Random random = new Random(9);
    float[] a = randomArray(random, 2 * spec.aBatchStride() + m * k);
    float[] b = randomArray(random, 2 * spec.bBatchStride() + n * k);
    float[] c = new float[3 * m * n];
    VectorGemm.multiply(one, spec, a, b, c);
    for (int e = 0; e < 3; e++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float sum = 0f;
          for (int pc = 0; pc < k; pc += VectorGemm.KC) {
            float block = 0f;
            for (int p = pc; p < Math.min(k, pc + VectorGemm.KC); p++) {
              float av = a[e * spec.aBatchStride() + i * k + p];
              block = Math.fma(av, b[e * spec.bBatchStride() + j * k + p], block);
            }
            sum = pc == 0 ? block : block + sum;
          }
          assertThat(c[(e * m + i) * n + j]).as("C[%d][%d][%d]", e, i, j).isEqualTo(sum);
        }
      }
    }
    assertThat(VectorGemm.swapsOperands(new MatmulSpec(1, 64, 512, 128, false, true, 0, 0)))
        .as("k < 6m: an LSTM step's h·W_hhᵀ")
        .isFalse();
    assertThat(VectorGemm.swapsOperands(new MatmulSpec(1, nr / 2, 288, 196, false, true, 0, 0)))
        .as("m < NR: the swapped product's columns would fill half a panel")
        .isFalse();
    assertThat(VectorGemm.swapsOperands(new MatmulSpec(1, m, 2 * m - 1, k, false, true, 0, 0)))
        .as("n < 2m")
        .isFalse();
  }

  @Test
  void transposeMovesEveryElementOfARaggedMatrix() {
    for (int[] size : new int[][] {{1, 1}, {3, 17}, {8, 8}, {19, 9}, {64, 40}}) {
      int rows = size[0];
      int cols = size[1];
      float[] src = new float[rows * cols];
      for (int i = 0; i < src.length; i++) {
        src[i] = i;
      }
      float[] dst = new float[src.length];
      VectorGemm.transpose(src, rows, cols, dst);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          assertThat(dst[j * rows + i])
              .as("%dx%d at (%d, %d)", rows, cols, i, j)
              .isEqualTo(i * cols + j);
        }
      }
    }
  }

  @Test
  void largeProductsWhoseAIsPackedGetTheWideTileAndTheRestTheNarrowOne() {
    GemmBlocking narrow = GemmBlocking.of(4, 256, 128, 2048);
    GemmBlocking wide = GemmBlocking.of(6, 256, 128, 2048);
    assertThat(VectorGemm.blockingFor(MatmulSpec.of(256, 256, 256), narrow, wide)).isSameAs(wide);
    // A read where it is stored (not transposed, n <= 128) keeps the tile that reads it so
    assertThat(VectorGemm.blockingFor(MatmulSpec.of(256, 128, 512), narrow, wide)).isSameAs(narrow);
    MatmulSpec transposedA = new MatmulSpec(1, 256, 128, 512, true, false, 0, 0);
    assertThat(VectorGemm.blockingFor(transposedA, narrow, wide)).isSameAs(wide);
    // fewer rows than WIDE_MIN_M: a partial last tile would cost more than the wide one gains
    MatmulSpec recurrentStep = MatmulSpec.of(VectorGemm.WIDE_MIN_M - 1, 512, 128);
    assertThat(VectorGemm.blockingFor(recurrentStep, narrow, wide)).isSameAs(narrow);
    // other k-blocks would not read a B packed beforehand with the narrow blocking
    GemmBlocking deeper = GemmBlocking.of(6, 512, 128, 2048);
    assertThat(VectorGemm.blockingFor(MatmulSpec.of(256, 256, 256), narrow, deeper))
        .isSameAs(narrow);
  }

  @Test
  void theWideBlockingOfThisMachineComputesLargeProductsOfEveryTransposeCombination() {
    for (int t = 0; t < 4; t++) {
      MatmulSpec spec = new MatmulSpec(1, 203, 70, 300, (t & 1) != 0, (t & 2) != 0, 0, 0);
      checkAgainstReference(spec, 17L + t, VectorGemm.WIDE_BLOCKING);
      checkAgainstReference(spec, 17L + t, GemmBlocking.of(6, 64, 36, GemmKernels.NR));
    }
  }

  @Test
  void blockingRejectsSizesThatBreakThePanels() {
    assertThatThrownBy(() -> new GemmBlocking(7, 16, 14, GemmKernels.NR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4, 5 or 6, got 7");
    assertThatThrownBy(() -> new GemmBlocking(4, 16, 10, GemmKernels.NR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mc=10");
  }

  @Test
  void batchWithOwnMatricesAndPaddedStrides() {
    // strides larger than one matrix: gaps between matrices must be skipped
    for (boolean transA : new boolean[] {false, true}) {
      for (boolean transB : new boolean[] {false, true}) {
        checkAgainstReference(
            new MatmulSpec(4, 19, 23, 29, transA, transB, 19 * 29 + 5, 23 * 29 + 3), 1);
      }
    }
  }

  @Test
  void batchBroadcastsAOrBWhenStrideIsZero() {
    for (boolean transA : new boolean[] {false, true}) {
      for (boolean transB : new boolean[] {false, true}) {
        checkAgainstReference(new MatmulSpec(3, 21, 40, 17, transA, transB, 0, 40 * 17), 2);
        checkAgainstReference(new MatmulSpec(3, 21, 40, 17, transA, transB, 21 * 17, 0), 3);
        checkAgainstReference(new MatmulSpec(3, 21, 40, 17, transA, transB, 0, 0), 4);
      }
    }
  }

  @Test
  void batchOfSmallProductsIsSplitOverTheBatch() {
    // each product is small: the two-thread run hands out whole matrices
    checkAgainstReference(new MatmulSpec(9, 48, 48, 48, false, false, 48 * 48, 48 * 48), 5);
    checkAgainstReference(new MatmulSpec(9, 48, 48, 48, true, true, 0, 48 * 48), 6);
  }

  @Test
  void batchOfLargeProductsIsSplitInsideEachProduct() {
    // each product is above VectorGemm.BATCH_SPLIT_FLOPS: split by columns, then by rows; the
    // operand the threads share is above VectorGemm.SHARED_PACK_MIN, packed once per entry
    checkAgainstReference(new MatmulSpec(2, 200, 210, 230, false, true, 200 * 230, 0), 7);
    checkAgainstReference(new MatmulSpec(2, 400, 120, 300, true, false, 400 * 300, 300 * 120), 8);
  }

  @Test
  void zeroDepthOverwritesCWithZeros() {
    float[] c = new float[2 * 3 * 4];
    Arrays.fill(c, Float.NaN);
    VectorGemm.multiply(
        two, new MatmulSpec(2, 3, 4, 0, false, false, 0, 0), new float[0], new float[0], c);
    assertThat(c).containsOnly(0f);
  }

  @Test
  void exactSmallProduct() {
    // [[1,2],[3,4]] · [[5,6],[7,8]] = [[19,22],[43,50]]: small integers are exact in float
    float[] c = new float[4];
    VectorGemm.multiply(
        one, MatmulSpec.of(2, 2, 2), new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8}, c);
    assertThat(c).containsExactly(19, 22, 43, 50);
  }

  @Test
  void tooShortArraysAreRejectedWithTheSizes() {
    MatmulSpec spec = MatmulSpec.of(3, 4, 5);
    assertThatThrownBy(
            () -> VectorGemm.multiply(one, spec, new float[14], new float[20], new float[12]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need A=15")
        .hasMessageContaining("got A=14");
    assertThatThrownBy(
            () -> VectorGemm.multiply(one, spec, new float[15], new float[20], new float[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("C=12");
  }

  /**
   * Runs {@code spec} on one and on two threads, checks both against the reference, and checks that
   * they agree bit for bit: every element is summed in the same order whatever the split, because
   * threads divide C, never k.
   */
  private static void checkAgainstReference(MatmulSpec spec, long seed) {
    checkAgainstReference(spec, seed, VectorGemm.DEFAULT_BLOCKING);
  }

  private static void checkAgainstReference(MatmulSpec spec, long seed, GemmBlocking blocking) {
    Random random = new Random(seed);
    float[] a =
        randomArray(random, storedLength(spec.batch(), spec.aBatchStride(), spec.m() * spec.k()));
    float[] b =
        randomArray(random, storedLength(spec.batch(), spec.bBatchStride(), spec.k() * spec.n()));
    int cLength = spec.batch() * spec.m() * spec.n();
    float[] c1 = new float[cLength];
    float[] c2 = new float[cLength];
    Arrays.fill(c1, Float.NaN); // C must be overwritten, never read
    Arrays.fill(c2, Float.NaN);
    VectorGemm.multiply(one, spec, a, b, c1, blocking);
    VectorGemm.multiply(two, spec, a, b, c2, blocking);
    assertAgainstReference(spec, a, b, c1, "1 thread");
    assertAgainstReference(spec, a, b, c2, "2 threads");
    assertThat(c2).as("2 threads vs 1 thread for %s", spec).isEqualTo(c1);
  }

  private static void assertAgainstReference(
      MatmulSpec spec, float[] a, float[] b, float[] c, String label) {
    int m = spec.m();
    int n = spec.n();
    int k = spec.k();
    for (int e = 0; e < spec.batch(); e++) {
      int aBase = e * spec.aBatchStride();
      int bBase = e * spec.bBatchStride();
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double sum = 0;
          double magnitude = 0;
          for (int p = 0; p < k; p++) {
            double av = spec.transA() ? a[aBase + p * m + i] : a[aBase + i * k + p];
            double bv = spec.transB() ? b[bBase + j * k + p] : b[bBase + p * n + j];
            sum += av * bv;
            magnitude += Math.abs(av * bv);
          }
          double tolerance = 2 * k * U * magnitude + 1e-30;
          float got = c[e * m * n + i * n + j];
          if (!(Math.abs(got - sum) <= tolerance)) {
            fail(
                "%s, %s: C[%d][%d][%d] = %s, expected %s (tolerance %s)",
                label, spec, e, i, j, got, sum, tolerance);
          }
        }
      }
    }
  }

  private static int storedLength(int batch, int stride, int matrix) {
    return batch == 0 || matrix == 0 ? 0 : (batch - 1) * stride + matrix;
  }

  private static float[] randomArray(Random random, int length) {
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }
}
