package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.PoolOp;
import dev.stratum.backend.Storage;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConvolutionKernelsTest extends KernelFixture {

  private static final List<ConvolutionGeometry> GEOMETRIES =
      List.of(
          ConvolutionGeometry.square(2, 3, 7, 9, 3, 1, 1),
          ConvolutionGeometry.square(1, 2, 8, 8, 2, 2, 0),
          new ConvolutionGeometry(2, 1, 5, 7, 2, 3, 2, 3, 1, 2),
          ConvolutionGeometry.square(1, 1, 1, 1, 1, 1, 0),
          // padding as wide as the kernel: border windows lie wholly in padding
          ConvolutionGeometry.square(1, 2, 3, 3, 1, 1, 1),
          new ConvolutionGeometry(3, 2, 6, 17, 3, 1, 1, 1, 0, 2),
          ConvolutionGeometry.square(4, 8, 32, 32, 3, 1, 1),
          // 2x2 pooling at stride 2 on rows of 21 windows (the SIMD path: full runs of 8 or 16
          // lanes, then one overlapping the last), tiling the plane and, with odd sides, not
          ConvolutionGeometry.square(2, 3, 10, 42, 2, 2, 0),
          ConvolutionGeometry.square(1, 2, 9, 43, 2, 2, 0),
          // rows of LANES / 2 to LANES - 1 windows (one run per row spilling into the next row,
          // the last row scalar): 7 and 5 windows for 8 lanes, 13 for 16, 3 for 4; odd sides (the
          // backward pass then scalar); a single row (all scalar)
          ConvolutionGeometry.square(2, 3, 14, 14, 2, 2, 0),
          ConvolutionGeometry.square(3, 1, 4, 10, 2, 2, 0),
          ConvolutionGeometry.square(2, 2, 6, 26, 2, 2, 0),
          ConvolutionGeometry.square(2, 2, 8, 6, 2, 2, 0),
          ConvolutionGeometry.square(1, 2, 11, 13, 2, 2, 0),
          ConvolutionGeometry.square(2, 1, 2, 14, 2, 2, 0),
          // rows of LANES / 4 to LANES / 2 - 1 windows, whose runs spill over two or more rows
          // (the last rows scalar): 4 windows for 16 lanes, 3 for 8; odd height (forward only)
          ConvolutionGeometry.square(2, 2, 16, 8, 2, 2, 0),
          ConvolutionGeometry.square(1, 2, 12, 6, 2, 2, 0),
          ConvolutionGeometry.square(1, 2, 15, 10, 2, 2, 0));

  /**
   * Stride 1 with as many output as input columns, where im2col copies each tap as one run of the
   * input and zeroes the padding columns after it: 5 × 5 kernels, a kernel taller than the input
   * (taps wholly above or below it), dilation 2, padding only on the left and top, a one-column
   * input (every tap but the middle one wholly in the padding). Convolution geometries only: some
   * have windows no pooling takes.
   */
  private static final List<ConvolutionGeometry> SAME_WIDTH =
      List.of(
          new ConvolutionGeometry(2, 2, 5, 6, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, false),
          new ConvolutionGeometry(1, 1, 2, 4, 5, 3, 1, 1, 2, 1, 2, 1, 1, 1, false),
          new ConvolutionGeometry(2, 1, 6, 7, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, false),
          new ConvolutionGeometry(1, 2, 4, 5, 3, 3, 1, 1, 0, 2, 2, 0, 1, 1, false),
          new ConvolutionGeometry(1, 1, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, false));

  /** Every geometry the convolution tests take: {@link #GEOMETRIES} and {@link #SAME_WIDTH}. */
  private static final List<ConvolutionGeometry> CONVOLUTIONS =
      Stream.concat(GEOMETRIES.stream(), SAME_WIDTH.stream()).toList();

  /** Input value at (image/channel plane, row, column), or 0 in the padding. */
  private static float at(ConvolutionGeometry g, float[] x, int plane, int ih, int iw) {
    boolean inside = ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width();
    return inside ? x[(plane * g.height() + ih) * g.width() + iw] : 0f;
  }

  private static float[] naiveIm2col(ConvolutionGeometry g, float[] x) {
    float[] cols = new float[g.columnsSize()];
    int oh = g.outHeight();
    int ow = g.outWidth();
    for (int b = 0; b < g.batch(); b++) {
      for (int c = 0; c < g.channels(); c++) {
        for (int i = 0; i < g.kernelHeight(); i++) {
          for (int j = 0; j < g.kernelWidth(); j++) {
            int row = (c * g.kernelHeight() + i) * g.kernelWidth() + j;
            for (int y = 0; y < oh; y++) {
              for (int z = 0; z < ow; z++) {
                cols[((b * g.columnRows() + row) * oh + y) * ow + z] =
                    at(
                        g,
                        x,
                        b * g.channels() + c,
                        y * g.strideHeight() - g.padHeight() + i * g.dilationHeight(),
                        z * g.strideWidth() - g.padWidth() + j * g.dilationWidth());
              }
            }
          }
        }
      }
    }
    return cols;
  }

  @Test
  void im2colMatchesWindowDefinition() {
    for (ConvolutionGeometry g : CONVOLUTIONS) {
      float[] x = randoms(g.inputSize(), g.width(), -1f, 1f);
      float[] want = naiveIm2col(g, x);
      for (VectorBackend backend : both()) {
        Storage sx = put(backend, x);
        Storage cols = backend.allocate(g.columnsSize());
        backend.fill(cols, 0, g.columnsSize(), Float.NaN);
        backend.im2col(g, sx, cols);
        assertSame(get(backend, cols), want, backend.device() + " im2col " + g);
        backend.release(sx);
        backend.release(cols);
      }
    }
  }

  @Test
  void col2imIsTheAdjointOfIm2col() {
    for (ConvolutionGeometry g : CONVOLUTIONS) {
      float[] cols = randoms(g.columnsSize(), 5, -1f, 1f);
      // scatter each column entry back to the input element it was read from
      double[] want = new double[g.inputSize()];
      int oh = g.outHeight();
      int ow = g.outWidth();
      for (int b = 0; b < g.batch(); b++) {
        for (int c = 0; c < g.channels(); c++) {
          for (int i = 0; i < g.kernelHeight(); i++) {
            for (int j = 0; j < g.kernelWidth(); j++) {
              int row = (c * g.kernelHeight() + i) * g.kernelWidth() + j;
              for (int y = 0; y < oh; y++) {
                for (int z = 0; z < ow; z++) {
                  int ih = y * g.strideHeight() - g.padHeight() + i * g.dilationHeight();
                  int iw = z * g.strideWidth() - g.padWidth() + j * g.dilationWidth();
                  if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                    want[((b * g.channels() + c) * g.height() + ih) * g.width() + iw] +=
                        cols[((b * g.columnRows() + row) * oh + y) * ow + z];
                  }
                }
              }
            }
          }
        }
      }
      for (VectorBackend backend : both()) {
        Storage sc = put(backend, cols);
        Storage x = backend.allocate(g.inputSize());
        backend.fill(x, 0, g.inputSize(), 99f);
        backend.col2im(g, sc, x);
        // up to kh*kw float additions per element of values below 1: 1e-5 for nine of them
        double tolerance = 1e-5 * Math.max(1, g.kernelHeight() * g.kernelWidth() / 9.0);
        assertClose(get(backend, x), want, 0, tolerance, backend.device() + " col2im " + g);
        backend.release(sc);
        backend.release(x);
      }
    }
  }

  // ---------------------------------------------------------------- pooling

  private static float[] pool(VectorBackend backend, PoolOp op, ConvolutionGeometry g, float[] x) {
    Storage sx = put(backend, x);
    Storage out = backend.allocate(g.pooledSize());
    try {
      backend.pool2d(op, g, sx, out);
      return get(backend, out);
    } finally {
      backend.release(sx);
      backend.release(out);
    }
  }

  private static float[] poolBackward(
      VectorBackend backend, PoolOp op, ConvolutionGeometry g, float[] x, float[] gradOut) {
    Storage sx = put(backend, x);
    Storage sg = put(backend, gradOut);
    Storage gradIn = backend.allocate(g.inputSize());
    try {
      backend.fill(gradIn, 0, g.inputSize(), 123f);
      backend.pool2dBackward(op, g, sx, sg, gradIn);
      return get(backend, gradIn);
    } finally {
      backend.release(sx);
      backend.release(sg);
      backend.release(gradIn);
    }
  }

  @Test
  void poolingMatchesWindowDefinitionForwardAndBackward() {
    for (ConvolutionGeometry g : GEOMETRIES) {
      // few distinct values, so windows often hold ties
      float[] x = randoms(g.inputSize(), 3, 0f, 4f);
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) Math.floor(x[i]);
      }
      float[] gradOut = randoms(g.pooledSize(), 8, -1f, 1f);
      double[] maxOut = new double[g.pooledSize()];
      double[] avgOut = new double[g.pooledSize()];
      double[] maxGrad = new double[g.inputSize()];
      double[] avgGrad = new double[g.inputSize()];
      int area = g.kernelHeight() * g.kernelWidth();
      int plane = g.height() * g.width();
      for (int p = 0; p < g.batch() * g.channels(); p++) {
        for (int y = 0; y < g.outHeight(); y++) {
          for (int z = 0; z < g.outWidth(); z++) {
            int o = (p * g.outHeight() + y) * g.outWidth() + z;
            double best = Double.NEGATIVE_INFINITY;
            int bestAt = -1;
            double sum = 0;
            for (int i = 0; i < g.kernelHeight(); i++) {
              for (int j = 0; j < g.kernelWidth(); j++) {
                int ih = y * g.strideHeight() - g.padHeight() + i;
                int iw = z * g.strideWidth() - g.padWidth() + j;
                if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                  int k = p * plane + ih * g.width() + iw;
                  sum += x[k];
                  avgGrad[k] += gradOut[o] / area;
                  if (bestAt < 0 || x[k] > best) {
                    best = x[k];
                    bestAt = k;
                  }
                }
              }
            }
            maxOut[o] = best;
            avgOut[o] = sum / area;
            if (bestAt >= 0) {
              maxGrad[bestAt] += gradOut[o];
            }
          }
        }
      }
      for (VectorBackend backend : both()) {
        String what = backend.device() + " " + g;
        assertClose(pool(backend, PoolOp.MAX, g, x), maxOut, 0, 0, "max pool " + what);
        assertClose(pool(backend, PoolOp.AVG, g, x), avgOut, 1e-6, 0, "avg pool " + what);
        assertClose(
            poolBackward(backend, PoolOp.MAX, g, x, gradOut),
            maxGrad,
            0,
            1e-6,
            "max pool gradient " + what);
        assertClose(
            poolBackward(backend, PoolOp.AVG, g, x, gradOut),
            avgGrad,
            0,
            1e-6,
            "avg pool gradient " + what);
      }
    }
  }

  @Test
  void maxPoolPropagatesNanAndSendsItsGradientToTheFirstNan() {
    // stride 1, and stride 2, whose windows tile the input (the backward pass writes every input)
    for (int stride = 1; stride <= 2; stride++) {
      maxPoolPropagatesNan(ConvolutionGeometry.square(1, 1, 2, 2, 2, stride, 0));
    }
  }

  private static void maxPoolPropagatesNan(ConvolutionGeometry g) {
    float[] x = {1f, Float.NaN, 5f, Float.NaN};
    for (VectorBackend backend : both()) {
      assertThat(pool(backend, PoolOp.MAX, g, x)[0]).isNaN();
      assertThat(poolBackward(backend, PoolOp.MAX, g, x, new float[] {2f}))
          .containsExactly(0f, 2f, 0f, 0f);
      // a NaN in the second row beats a larger number before it
      float[] lower = {3f, 1f, Float.NaN, 7f};
      assertThat(pool(backend, PoolOp.MAX, g, lower)[0]).isNaN();
      assertThat(poolBackward(backend, PoolOp.MAX, g, lower, new float[] {2f}))
          .containsExactly(0f, 0f, 2f, 0f);
    }
  }

  @Test
  void wideRowsOfMaxPoolingTakeTheFirstNanOrElseTheFirstMaximumInEveryLane() {
    // corners in reading order (top left, top right, bottom left, bottom right); seven patterns
    // over 37 windows put each one in every lane of 8 and of 16
    float nan = Float.NaN;
    float[][] patterns = {
      {1f, nan, 5f, nan},
      {3f, 1f, nan, 7f},
      {2f, 2f, 2f, 2f},
      {0f, 4f, 4f, 1f},
      {-1f, -3f, -2f, -1f},
      {nan, nan, nan, nan},
      {1f, 2f, 3f, 4f}
    };
    int windows = 37;
    int width = 2 * windows;
    ConvolutionGeometry g = ConvolutionGeometry.square(1, 1, 2, width, 2, 2, 0);
    float[] x = new float[2 * width];
    float[] gradOut = new float[windows];
    float[] wantOut = new float[windows];
    float[] wantGrad = new float[2 * width];
    for (int w = 0; w < windows; w++) {
      float[] corners = patterns[w % patterns.length];
      int[] at = {2 * w, 2 * w + 1, width + 2 * w, width + 2 * w + 1};
      int first = -1;
      for (int k = 0; k < 4 && first < 0; k++) {
        first = Float.isNaN(corners[k]) ? k : -1;
      }
      if (first < 0) {
        first = 0;
        for (int k = 1; k < 4; k++) {
          first = corners[k] > corners[first] ? k : first;
        }
      }
      for (int k = 0; k < 4; k++) {
        x[at[k]] = corners[k];
      }
      gradOut[w] = w + 1;
      wantOut[w] = corners[first];
      wantGrad[at[first]] = w + 1;
    }
    for (VectorBackend backend : both()) {
      assertThat(pool(backend, PoolOp.MAX, g, x)).as(backend.device()).containsExactly(wantOut);
      assertThat(poolBackward(backend, PoolOp.MAX, g, x, gradOut))
          .as(backend.device())
          .containsExactly(wantGrad);
    }
  }

  @Test
  void avgPoolCountsPaddingInTheWindowArea() {
    // 2x2 input of ones, 3x3 window, padding 1: each window covers 4 ones of 9 positions
    ConvolutionGeometry g = ConvolutionGeometry.square(1, 1, 2, 2, 3, 1, 1);
    float[] x = {1f, 1f, 1f, 1f};
    for (VectorBackend backend : both()) {
      assertThat(pool(backend, PoolOp.AVG, g, x)).containsOnly(4f / 9f);
    }
  }
}
