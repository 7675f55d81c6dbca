package dev.stratum.conformance;

import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.Distribution;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.PoolOp;
import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.UnaryOp;
import dev.stratum.random.Philox;

/**
 * The oracle: every kernel of {@link dev.stratum.backend.Backend}, in double precision, written as
 * plainly as its Javadoc reads. Arrays stand for storages; arguments mean what they mean in the
 * SPI.
 */
public final class ReferenceKernels {

  private ReferenceKernels() {}

  // ---------------------------------------------------------------- data movement

  /**
   * {@code dst[dstOffset + Σ i·dstStrides] = src[srcOffset + Σ i·srcStrides]} over {@code shape}.
   */
  public static void copy(
      int[] shape,
      double[] src,
      int srcOffset,
      int[] srcStrides,
      double[] dst,
      int dstOffset,
      int[] dstStrides) {
    int n = Inputs.count(shape);
    int[] index = new int[shape.length];
    for (int flat = 0; flat < n; flat++) {
      dst[offset(index, dstOffset, dstStrides)] = src[offset(index, srcOffset, srcStrides)];
      increment(index, shape);
    }
  }

  // ---------------------------------------------------------------- element-wise

  /** One element of {@link UnaryOp}: {@link OpSemantics#unary}. */
  public static double unary(UnaryOp op, double alpha, double x) {
    return OpSemantics.unary(op, alpha, x);
  }

  /** One element of {@link BinaryOp}: {@link OpSemantics#binary}. */
  public static double binary(BinaryOp op, double a, double b) {
    return OpSemantics.binary(op, a, b);
  }

  public static void unary(UnaryOp op, double alpha, double[] x, double[] out, int count) {
    for (int i = 0; i < count; i++) {
      out[i] = unary(op, alpha, x[i]);
    }
  }

  /** {@code out[i] = op(a[i·aStrides], b[i·bStrides])}, out contiguous. */
  public static void binary(
      BinaryOp op,
      int[] shape,
      double[] a,
      int[] aStrides,
      double[] b,
      int[] bStrides,
      double[] out) {
    int n = Inputs.count(shape);
    int[] index = new int[shape.length];
    for (int flat = 0; flat < n; flat++) {
      out[flat] = binary(op, a[offset(index, 0, aStrides)], b[offset(index, 0, bStrides)]);
      increment(index, shape);
    }
  }

  /** {@code out[i] = cond[i] != 0 ? a[i] : b[i]}; NaN is not 0, so it selects a. */
  public static void where(
      int[] shape,
      double[] cond,
      int[] condStrides,
      double[] a,
      int[] aStrides,
      double[] b,
      int[] bStrides,
      double[] out) {
    int n = Inputs.count(shape);
    int[] index = new int[shape.length];
    for (int flat = 0; flat < n; flat++) {
      boolean pick = cond[offset(index, 0, condStrides)] != 0;
      out[flat] = pick ? a[offset(index, 0, aStrides)] : b[offset(index, 0, bStrides)];
      increment(index, shape);
    }
  }

  // ---------------------------------------------------------------- reductions

  /** Reduces the middle axis of {@code [outer, extent, inner]}. */
  public static void reduce(
      ReduceOp op, double[] x, int outer, int extent, int inner, double[] out) {
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        double acc = op == ReduceOp.SUM ? 0 : x[o * extent * inner + j];
        for (int e = 0; e < extent; e++) {
          double v = x[(o * extent + e) * inner + j];
          acc = OpSemantics.combine(op, acc, v);
        }
        out[o * inner + j] = acc;
      }
    }
  }

  /** First index of the maximum or minimum; the first NaN wins. */
  public static void argReduce(
      ReduceOp op, double[] x, int outer, int extent, int inner, double[] out) {
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        int best = 0;
        for (int e = 0; e < extent; e++) {
          double v = x[(o * extent + e) * inner + j];
          if (Double.isNaN(v)) {
            best = e;
            break;
          }
          double current = x[(o * extent + best) * inner + j];
          if (op == ReduceOp.MAX ? v > current : v < current) {
            best = e;
          }
        }
        out[o * inner + j] = best;
      }
    }
  }

  /** Softmax or log-softmax of each row, subtracting the row maximum first. */
  public static void softmax(boolean log, double[] x, int rows, int cols, double[] out) {
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
        double shifted = x[r * cols + c] - max;
        out[r * cols + c] = log ? shifted - Math.log(sum) : Math.exp(shifted) / sum;
      }
    }
  }

  // ---------------------------------------------------------------- linear algebra

  /** {@code C[b] = op(A[b]) · op(B[b])}, C contiguous and overwritten. */
  public static void matmul(MatmulSpec s, double[] a, double[] b, double[] c) {
    for (int batch = 0; batch < s.batch(); batch++) {
      int aBase = batch * s.aBatchStride();
      int bBase = batch * s.bBatchStride();
      for (int i = 0; i < s.m(); i++) {
        for (int j = 0; j < s.n(); j++) {
          double acc = 0;
          for (int p = 0; p < s.k(); p++) {
            double av = a[aBase + (s.transA() ? p * s.m() + i : i * s.k() + p)];
            double bv = b[bBase + (s.transB() ? j * s.k() + p : p * s.n() + j)];
            acc += av * bv;
          }
          c[(batch * s.m() + i) * s.n() + j] = acc;
        }
      }
    }
  }

  // ---------------------------------------------------------------- indexing

  /** {@code out[o, i, j] = src[o, indices[i], j]}. */
  public static void indexSelect(
      double[] src,
      int outer,
      int srcExtent,
      int inner,
      double[] indices,
      int count,
      double[] out) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < count; i++) {
        int from = (int) indices[i];
        for (int j = 0; j < inner; j++) {
          out[(o * count + i) * inner + j] = src[(o * srcExtent + from) * inner + j];
        }
      }
    }
  }

  /** {@code out[o, indices[i], j] += src[o, i, j]}. */
  public static void indexAdd(
      double[] src,
      int outer,
      int count,
      int inner,
      double[] indices,
      double[] out,
      int outExtent) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < count; i++) {
        int to = (int) indices[i];
        for (int j = 0; j < inner; j++) {
          out[(o * outExtent + to) * inner + j] += src[(o * count + i) * inner + j];
        }
      }
    }
  }

  // ---------------------------------------------------------------- convolution and pooling

  /** Unfolds windows into {@code [batch, channels·kh·kw, outH·outW]}, zero over padding. */
  public static void im2col(ConvolutionGeometry g, double[] x, double[] cols) {
    forEachTap(g, (colIndex, inIndex) -> cols[colIndex] = inIndex < 0 ? 0 : x[inIndex]);
  }

  /** The adjoint of {@link #im2col}; overwrites {@code x}. */
  public static void col2im(ConvolutionGeometry g, double[] cols, double[] x) {
    java.util.Arrays.fill(x, 0, g.inputSize(), 0);
    forEachTap(
        g,
        (colIndex, inIndex) -> {
          if (inIndex >= 0) {
            x[inIndex] += cols[colIndex];
          }
        });
  }

  /**
   * MAX ignores padding; AVG divides by the window's taps inside the padded input (the whole window
   * unless ceil mode lets it run past the end padding).
   */
  public static void pool2d(PoolOp op, ConvolutionGeometry g, double[] x, double[] out) {
    for (int window = 0; window < g.pooledSize(); window++) {
      int area = paddedTaps(g, window);
      int[] taps = windowTaps(g, window);
      double acc = op == PoolOp.MAX ? Double.NEGATIVE_INFINITY : 0;
      for (int tap : taps) {
        if (tap >= 0) {
          acc = op == PoolOp.MAX ? Math.max(acc, x[tap]) : acc + x[tap];
        }
      }
      out[window] = op == PoolOp.MAX ? acc : acc / area;
    }
  }

  /** Gradient of {@link #pool2d}: MAX to the first maximum of each window, AVG spread evenly. */
  public static void pool2dBackward(
      PoolOp op, ConvolutionGeometry g, double[] x, double[] gradOut, double[] gradIn) {
    java.util.Arrays.fill(gradIn, 0, g.inputSize(), 0);
    for (int window = 0; window < g.pooledSize(); window++) {
      int area = paddedTaps(g, window);
      int[] taps = windowTaps(g, window);
      if (op == PoolOp.AVG) {
        for (int tap : taps) {
          if (tap >= 0) {
            gradIn[tap] += gradOut[window] / area;
          }
        }
        continue;
      }
      int best = -1;
      for (int tap : taps) {
        if (tap >= 0 && (best < 0 || x[tap] > x[best])) {
          best = tap;
        }
      }
      gradIn[best] += gradOut[window];
    }
  }

  // ---------------------------------------------------------------- random numbers

  /** Elements {@code [0, count)} of the stream, straight from {@link Philox}. */
  public static float[] random(
      Distribution distribution, float p0, float p1, long seed, long stream, int count) {
    float[] out = new float[count];
    switch (distribution) {
      case UNIFORM -> Philox.fillUniform(seed, stream, 0, p0, p1, out, 0, count);
      case NORMAL -> Philox.fillNormal(seed, stream, 0, p0, p1, out, 0, count);
      case BERNOULLI -> Philox.fillBernoulli(seed, stream, 0, p0, out, 0, count);
    }
    return out;
  }

  // ---------------------------------------------------------------- fused

  /** {@code out[r, c] = act(x[r, c] + bias[c])}; {@code act} null for none. */
  public static void biasActivation(
      UnaryOp act, double alpha, double[] x, double[] bias, int rows, int cols, double[] out) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double v = (float) (x[r * cols + c] + bias[c]);
        out[r * cols + c] = act == null ? v : unary(act, alpha, v);
      }
    }
  }

  /** {@code y[i] += alpha·x[i]}. */
  public static void axpy(double alpha, double[] x, double[] y, int count) {
    for (int i = 0; i < count; i++) {
      y[i] += alpha * x[i];
    }
  }

  /** Adam's step in double, as {@link dev.stratum.backend.fused.FusedAdam} defines it. */
  public static void adamUpdate(
      double[] param,
      double[] grad,
      double[] m,
      double[] v,
      int count,
      double beta1,
      double oneMinusBeta1,
      double beta2,
      double oneMinusBeta2,
      double stepSize,
      double vScale,
      double epsilon) {
    for (int i = 0; i < count; i++) {
      m[i] = beta1 * m[i] + oneMinusBeta1 * grad[i];
      v[i] = beta2 * v[i] + oneMinusBeta2 * grad[i] * grad[i];
      param[i] -= stepSize * m[i] / (Math.sqrt(v[i]) * vScale + epsilon);
    }
  }

  // ---------------------------------------------------------------- helpers

  private interface Tap {
    void accept(int colIndex, int inIndex);
  }

  /** Every (column entry, input element or -1 for padding) pair of im2col. */
  private static void forEachTap(ConvolutionGeometry g, Tap tap) {
    int rows = g.columnRows();
    int colsPerImage = g.columnCols();
    for (int b = 0; b < g.batch(); b++) {
      for (int c = 0; c < g.channels(); c++) {
        for (int i = 0; i < g.kernelHeight(); i++) {
          for (int j = 0; j < g.kernelWidth(); j++) {
            int row = (c * g.kernelHeight() + i) * g.kernelWidth() + j;
            for (int oy = 0; oy < g.outHeight(); oy++) {
              for (int ox = 0; ox < g.outWidth(); ox++) {
                int colIndex = (b * rows + row) * colsPerImage + oy * g.outWidth() + ox;
                tap.accept(colIndex, inputIndex(g, b, c, oy, ox, i, j));
              }
            }
          }
        }
      }
    }
  }

  /** Input elements of pooled window {@code window} in row-major window order, -1 for padding. */
  private static int[] windowTaps(ConvolutionGeometry g, int window) {
    int ox = window % g.outWidth();
    int oy = window / g.outWidth() % g.outHeight();
    int c = window / (g.outWidth() * g.outHeight()) % g.channels();
    int b = window / (g.outWidth() * g.outHeight() * g.channels());
    int[] taps = new int[g.kernelHeight() * g.kernelWidth()];
    for (int i = 0; i < g.kernelHeight(); i++) {
      for (int j = 0; j < g.kernelWidth(); j++) {
        taps[i * g.kernelWidth() + j] = inputIndex(g, b, c, oy, ox, i, j);
      }
    }
    return taps;
  }

  /**
   * Taps of pooled window {@code window} whose padded position lies before the end padding's end.
   */
  private static int paddedTaps(ConvolutionGeometry g, int window) {
    int ox = window % g.outWidth();
    int oy = window / g.outWidth() % g.outHeight();
    int count = 0;
    for (int i = 0; i < g.kernelHeight(); i++) {
      for (int j = 0; j < g.kernelWidth(); j++) {
        int y = oy * g.strideHeight() - g.padHeight() + i * g.dilationHeight();
        int x = ox * g.strideWidth() - g.padWidth() + j * g.dilationWidth();
        if (y < g.height() + g.padBottom() && x < g.width() + g.padRight()) {
          count++;
        }
      }
    }
    return count;
  }

  private static int inputIndex(ConvolutionGeometry g, int b, int c, int oy, int ox, int i, int j) {
    int y = oy * g.strideHeight() - g.padHeight() + i * g.dilationHeight();
    int x = ox * g.strideWidth() - g.padWidth() + j * g.dilationWidth();
    if (y < 0 || y >= g.height() || x < 0 || x >= g.width()) {
      return -1;
    }
    return ((b * g.channels() + c) * g.height() + y) * g.width() + x;
  }

  private static int offset(int[] index, int base, int[] strides) {
    int offset = base;
    for (int d = 0; d < index.length; d++) {
      offset += index[d] * strides[d];
    }
    return offset;
  }

  private static void increment(int[] index, int[] shape) {
    for (int d = index.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) {
        return;
      }
      index[d] = 0;
    }
  }
}
