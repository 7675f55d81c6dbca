package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReductionKernelsTest extends KernelFixture {

  /** {outer, extent, inner}: rows (inner 1), columns (inner > 1), tails, and threaded sizes. */
  private static final int[][] SHAPES = {
    {1, 1, 1},
    {3, 7, 1},
    {2, 17, 1},
    {4, 33, 1},
    {2, 1021, 1},
    {1, 100_003, 1},
    {300, 131, 1},
    {5, 17, 33},
    {2, 33, 7},
    {3, 1, 1021},
    {1, 3, 50_021},
    {40, 19, 67}
  };

  static float[] run(VectorBackend backend, ReduceOp op, boolean arg, float[] x, int[] s) {
    Storage in = put(backend, x);
    Storage out = backend.allocate(s[0] * s[2]);
    try {
      if (arg) {
        backend.argReduce(op, in, s[0], s[1], s[2], out);
      } else {
        backend.reduce(op, in, s[0], s[1], s[2], out);
      }
      return get(backend, out);
    } finally {
      backend.release(in);
      backend.release(out);
    }
  }

  @ParameterizedTest
  @EnumSource(ReduceOp.class)
  void reduceMatchesDoubleOracle(ReduceOp op) {
    for (int[] s : SHAPES) {
      float[] x = randoms(s[0] * s[1] * s[2], s[1], -2f, 2f);
      double[] want = new double[s[0] * s[2]];
      double[] magnitude = new double[want.length];
      for (int o = 0; o < s[0]; o++) {
        for (int j = 0; j < s[2]; j++) {
          double acc = op == ReduceOp.SUM ? 0 : x[o * s[1] * s[2] + j];
          for (int e = 0; e < s[1]; e++) {
            double v = x[(o * s[1] + e) * s[2] + j];
            acc =
                op == ReduceOp.SUM
                    ? acc + v
                    : op == ReduceOp.MAX ? Math.max(acc, v) : Math.min(acc, v);
            magnitude[o * s[2] + j] += Math.abs(v);
          }
          want[o * s[2] + j] = acc;
        }
      }
      for (VectorBackend backend : both()) {
        float[] got = run(backend, op, false, x, s);
        String what = backend.device() + " " + op + " " + java.util.Arrays.toString(s);
        if (op == ReduceOp.SUM) {
          // float summation error grows like sqrt(n) * 2^-24 * sum|x| for random signs; 1e-5 of
          // sum|x| bounds it for n up to 1e5 with a wide margin
          for (int i = 0; i < got.length; i++) {
            assertThat((double) got[i])
                .as(what + " at " + i)
                .isCloseTo(
                    want[i], org.assertj.core.api.Assertions.within(1e-5 * magnitude[i] + 1e-6));
          }
        } else {
          assertClose(got, want, 0, 0, what);
        }
      }
    }
  }

  @Test
  void columnSumsAddEveryColumnRowByRowInOrderToTheBit() {
    // 203 columns: blocks of four vectors, single vectors and a scalar tail in one slice; 3,200
    // rows as a recurrent layer's bias gradient over all steps has; 3 threads split the columns
    for (int[] s : new int[][] {{2, 37, 203}, {1, 3200, 512}, {1, 5, 31}}) {
      float[] x = randoms(s[0] * s[1] * s[2], 91, -2f, 2f);
      float[] want = new float[s[0] * s[2]];
      for (int o = 0; o < s[0]; o++) {
        for (int j = 0; j < s[2]; j++) {
          float acc = 0f;
          for (int e = 0; e < s[1]; e++) {
            acc += x[(o * s[1] + e) * s[2] + j];
          }
          want[o * s[2] + j] = acc;
        }
      }
      for (VectorBackend backend : both()) {
        assertThat(run(backend, ReduceOp.SUM, false, x, s))
            .as("%s, shape %d x %d x %d", backend.device(), s[0], s[1], s[2])
            .isEqualTo(want);
      }
    }
  }

  @Test
  void sumOfEmptyExtentIsZero() {
    for (VectorBackend backend : both()) {
      Storage in = backend.allocate(0);
      Storage out = backend.allocate(12);
      backend.fill(out, 0, 12, 7f);
      backend.reduce(ReduceOp.SUM, in, 4, 0, 3, out);
      assertThat(get(backend, out)).containsOnly(0f);
      backend.reduce(ReduceOp.SUM, in, 12, 0, 1, out);
      assertThat(get(backend, out)).containsOnly(0f);
      backend.release(in);
      backend.release(out);
    }
  }

  @Test
  void maxAndMinPropagateNanAndInfinity() {
    for (int n : new int[] {1, 7, 33, 1021}) {
      for (int at : new int[] {0, n / 2, n - 1}) {
        float[] x = randoms(n, n, -1f, 1f);
        x[at] = Float.NaN;
        for (VectorBackend backend : both()) {
          assertThat(run(backend, ReduceOp.MAX, false, x, new int[] {1, n, 1})[0]).isNaN();
          assertThat(run(backend, ReduceOp.MIN, false, x, new int[] {1, n, 1})[0]).isNaN();
          assertThat(run(backend, ReduceOp.SUM, false, x, new int[] {1, n, 1})[0]).isNaN();
        }
        x[at] = Float.NEGATIVE_INFINITY;
        for (VectorBackend backend : both()) {
          assertThat(run(backend, ReduceOp.MIN, false, x, new int[] {1, n, 1})[0])
              .isEqualTo(Float.NEGATIVE_INFINITY);
        }
      }
    }
    // NaN in one column of a column reduction touches only that column
    float[] x = randoms(5 * 33, 9, -1f, 1f);
    x[2 * 33 + 20] = Float.NaN;
    for (VectorBackend backend : both()) {
      float[] got = run(backend, ReduceOp.MAX, false, x, new int[] {1, 5, 33});
      for (int j = 0; j < 33; j++) {
        assertThat(Float.isNaN(got[j])).as("column " + j).isEqualTo(j == 20);
      }
    }
  }

  @Test
  void argReduceTakesFirstTieAndFirstNan() {
    float[] x = {1f, 3f, 3f, -2f, -2f, 0f};
    float[] nan = {1f, Float.NaN, 5f, Float.NaN, -7f};
    for (VectorBackend backend : both()) {
      assertThat(run(backend, ReduceOp.MAX, true, x, new int[] {1, 6, 1})).containsExactly(1f);
      assertThat(run(backend, ReduceOp.MIN, true, x, new int[] {1, 6, 1})).containsExactly(3f);
      assertThat(run(backend, ReduceOp.MAX, true, nan, new int[] {1, 5, 1})).containsExactly(1f);
      assertThat(run(backend, ReduceOp.MIN, true, nan, new int[] {1, 5, 1})).containsExactly(1f);
      // [outer 2, extent 3, inner 2]
      float[] cube = {0f, 9f, 5f, 9f, 5f, 1f, /**/ 2f, 2f, 2f, 8f, 7f, 8f};
      assertThat(run(backend, ReduceOp.MAX, true, cube, new int[] {2, 3, 2}))
          .containsExactly(1f, 0f, 2f, 1f);
      assertThat(run(backend, ReduceOp.MIN, true, cube, new int[] {2, 3, 2}))
          .containsExactly(0f, 2f, 0f, 0f);
    }
  }

  @Test
  void argReduceMatchesLinearScanOnLargeInput() {
    for (int[] s : SHAPES) {
      float[] x = randoms(s[0] * s[1] * s[2], 77, -1f, 1f);
      float[] want = new float[s[0] * s[2]];
      for (int o = 0; o < s[0]; o++) {
        for (int j = 0; j < s[2]; j++) {
          int best = 0;
          for (int e = 1; e < s[1]; e++) {
            if (x[(o * s[1] + e) * s[2] + j] > x[(o * s[1] + best) * s[2] + j]) {
              best = e;
            }
          }
          want[o * s[2] + j] = best;
        }
      }
      for (VectorBackend backend : both()) {
        assertSame(run(backend, ReduceOp.MAX, true, x, s), want, "argmax " + s[1]);
      }
    }
  }

  // ---------------------------------------------------------------- softmax

  static float[] softmax(VectorBackend backend, boolean log, float[] x, int rows, int cols) {
    Storage in = put(backend, x);
    Storage out = backend.allocate(x.length);
    try {
      backend.softmax(log, in, rows, cols, out);
      return get(backend, out);
    } finally {
      backend.release(in);
      backend.release(out);
    }
  }

  @Test
  void softmaxAndLogSoftmaxMatchDoubleOracle() {
    int[][] sizes = {{1, 1}, {3, 7}, {2, 17}, {5, 33}, {2, 1021}, {40, 2003}};
    for (int[] size : sizes) {
      int rows = size[0];
      int cols = size[1];
      // an offset of 1000 would overflow e^x without the max shift
      float[] x = randoms(rows * cols, cols, 990f, 1010f);
      double[] want = new double[x.length];
      double[] wantLog = new double[x.length];
      for (int r = 0; r < rows; r++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
          max = Math.max(max, x[r * cols + c]);
        }
        double sum = 0;
        for (int c = 0; c < cols; c++) {
          sum += Math.exp(x[r * cols + c] - max);
        }
        for (int c = 0; c < cols; c++) {
          want[r * cols + c] = Math.exp(x[r * cols + c] - max) / sum;
          wantLog[r * cols + c] = x[r * cols + c] - max - Math.log(sum);
        }
      }
      for (VectorBackend backend : both()) {
        String what = backend.device() + " softmax " + rows + "x" + cols;
        // lanewise EXP (a few ulps) then a float sum over the row: 1e-5 relative
        assertClose(softmax(backend, false, x, rows, cols), want, 1e-5, 1e-9, what);
        // log-softmax values are about -log(cols) ~ -8: absolute error of the float sum's log
        assertClose(softmax(backend, true, x, rows, cols), wantLog, 1e-6, 1e-5, "log " + what);
      }
    }
  }

  @Test
  void softmaxOfRowWithNanIsNan() {
    float[] x = new float[2 * 40];
    x[45] = Float.NaN;
    for (VectorBackend backend : both()) {
      float[] got = softmax(backend, false, x, 2, 40);
      for (int i = 0; i < 40; i++) {
        assertThat(got[i]).isEqualTo(1f / 40);
        assertThat(got[40 + i]).isNaN();
      }
    }
  }
}
