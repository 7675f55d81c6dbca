package dev.stratum.conformance.scalar;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.Distribution;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.PoolOp;
import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.support.StorageLedger;
import dev.stratum.backend.support.TrackedStorage;
import dev.stratum.conformance.OpSemantics;
import dev.stratum.random.Philox;
import java.util.Arrays;

/**
 * The scalar reference backend, and the worked example of a third-party backend: the core kernels
 * as plain float loops over heap arrays, each element-wise operator and reduction step taken from
 * {@link OpSemantics} (the definitions the kit's oracle uses) and rounded to float; it offers no
 * fused kernel, so every capability falls back to its composition. Written for readability, not
 * speed. Its storages are kept as a third-party backend would keep them, with the SPI's {@link
 * StorageLedger}. It is registered through {@code
 * META-INF/services/dev.stratum.backend.BackendProvider} as {@code "scalar"}, with priority 0,
 * exactly as a backend in another jar would be.
 */
public final class ScalarBackend implements Backend {

  /** A heap array. */
  private static final class Array extends TrackedStorage<float[]> {
    Array(StorageLedger<float[], Array> ledger, float[] data) {
      super(ledger, data.length, data);
    }
  }

  private final StorageLedger<float[], Array> ledger =
      StorageLedger.counting("scalar", Array.class);

  private float[] data(Storage storage) {
    return ledger.own(storage, "kernel").payload();
  }

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public String device() {
    return "the Java heap, one thread, plain loops";
  }

  @Override
  public Storage allocate(int size) {
    return ledger.admit(new Array(ledger, new float[size]));
  }

  @Override
  public void release(Storage storage) {
    ledger.release(ledger.own(storage, "release"));
  }

  @Override
  public int liveStorages() {
    return ledger.live();
  }

  @Override
  public void upload(float[] src, int srcOffset, Storage dst, int dstOffset, int count) {
    System.arraycopy(src, srcOffset, data(dst), dstOffset, count);
  }

  @Override
  public void download(Storage src, int srcOffset, float[] dst, int dstOffset, int count) {
    System.arraycopy(data(src), srcOffset, dst, dstOffset, count);
  }

  @Override
  public void fill(Storage dst, int offset, int count, float value) {
    Arrays.fill(data(dst), offset, offset + count, value);
  }

  @Override
  public void copy(
      int[] shape,
      Storage src,
      int srcOffset,
      int[] srcStrides,
      Storage dst,
      int dstOffset,
      int[] dstStrides) {
    float[] from = data(src);
    float[] to = data(dst);
    int[] index = new int[shape.length];
    for (int i = 0; i < count(shape); i++) {
      to[dstOffset + offset(index, dstStrides)] = from[srcOffset + offset(index, srcStrides)];
      next(index, shape);
    }
  }

  @Override
  public void unary(UnaryOp op, float alpha, Storage x, Storage out, int count) {
    float[] in = data(x);
    float[] result = data(out);
    for (int i = 0; i < count; i++) {
      result[i] = (float) OpSemantics.unary(op, alpha, in[i]);
    }
  }

  @Override
  public void binary(
      BinaryOp op, int[] shape, Storage a, int[] aStrides, Storage b, int[] bStrides, Storage out) {
    float[] left = data(a);
    float[] right = data(b);
    float[] result = data(out);
    int[] index = new int[shape.length];
    for (int i = 0; i < count(shape); i++) {
      result[i] =
          (float)
              OpSemantics.binary(op, left[offset(index, aStrides)], right[offset(index, bStrides)]);
      next(index, shape);
    }
  }

  @Override
  public void where(
      int[] shape,
      Storage cond,
      int[] condStrides,
      Storage a,
      int[] aStrides,
      Storage b,
      int[] bStrides,
      Storage out) {
    float[] c = data(cond);
    float[] result = data(out);
    int[] index = new int[shape.length];
    for (int i = 0; i < count(shape); i++) {
      result[i] =
          c[offset(index, condStrides)] != 0
              ? data(a)[offset(index, aStrides)]
              : data(b)[offset(index, bStrides)];
      next(index, shape);
    }
  }

  @Override
  public void reduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out) {
    float[] in = data(x);
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        float acc = op == ReduceOp.SUM ? 0 : in[o * extent * inner + j];
        for (int e = 0; e < extent; e++) {
          float v = in[(o * extent + e) * inner + j];
          acc = (float) OpSemantics.combine(op, acc, v);
        }
        data(out)[o * inner + j] = acc;
      }
    }
  }

  @Override
  public void argReduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out) {
    float[] in = data(x);
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        int best = 0;
        for (int e = 0; e < extent && !Float.isNaN(in[(o * extent + best) * inner + j]); e++) {
          float v = in[(o * extent + e) * inner + j];
          float current = in[(o * extent + best) * inner + j];
          if (Float.isNaN(v) || (op == ReduceOp.MAX ? v > current : v < current)) {
            best = e;
          }
        }
        data(out)[o * inner + j] = best;
      }
    }
  }

  @Override
  public void softmax(boolean log, Storage x, int rows, int cols, Storage out) {
    float[] in = data(x);
    float[] result = data(out);
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, in[row + c]);
      }
      float sum = 0;
      for (int c = 0; c < cols; c++) {
        sum += (float) Math.exp(in[row + c] - max);
      }
      for (int c = 0; c < cols; c++) {
        float shifted = in[row + c] - max;
        result[row + c] = log ? shifted - (float) Math.log(sum) : (float) Math.exp(shifted) / sum;
      }
    }
  }

  @Override
  public void matmul(MatmulSpec s, Storage a, Storage b, Storage c) {
    float[] left = data(a);
    float[] right = data(b);
    float[] result = data(c);
    for (int batch = 0; batch < s.batch(); batch++) {
      int aBase = batch * s.aBatchStride();
      int bBase = batch * s.bBatchStride();
      for (int i = 0; i < s.m(); i++) {
        for (int j = 0; j < s.n(); j++) {
          float acc = 0;
          for (int p = 0; p < s.k(); p++) {
            acc +=
                left[aBase + (s.transA() ? p * s.m() + i : i * s.k() + p)]
                    * right[bBase + (s.transB() ? j * s.k() + p : p * s.n() + j)];
          }
          result[(batch * s.m() + i) * s.n() + j] = acc;
        }
      }
    }
  }

  @Override
  public void indexSelect(
      Storage src, int outer, int srcExtent, int inner, Storage indices, int count, Storage out) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < count; i++) {
        int from = (int) data(indices)[i];
        System.arraycopy(
            data(src), (o * srcExtent + from) * inner, data(out), (o * count + i) * inner, inner);
      }
    }
  }

  @Override
  public void indexAdd(
      Storage src, int outer, int count, int inner, Storage indices, Storage out, int outExtent) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < count; i++) {
        int to = (int) data(indices)[i];
        for (int j = 0; j < inner; j++) {
          data(out)[(o * outExtent + to) * inner + j] += data(src)[(o * count + i) * inner + j];
        }
      }
    }
  }

  @Override
  public void im2col(ConvolutionGeometry g, Storage x, Storage cols) {
    float[] in = data(x);
    float[] result = data(cols);
    int col = 0;
    for (int b = 0; b < g.batch(); b++) {
      for (int c = 0; c < g.channels(); c++) {
        for (int i = 0; i < g.kernelHeight(); i++) {
          for (int j = 0; j < g.kernelWidth(); j++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
              for (int ox = 0; ox < g.outWidth(); ox++) {
                int at = inputIndex(g, b, c, oy, ox, i, j);
                result[col++] = at < 0 ? 0 : in[at];
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void col2im(ConvolutionGeometry g, Storage cols, Storage x) {
    float[] in = data(cols);
    float[] result = data(x);
    Arrays.fill(result, 0, g.inputSize(), 0);
    int col = 0;
    for (int b = 0; b < g.batch(); b++) {
      for (int c = 0; c < g.channels(); c++) {
        for (int i = 0; i < g.kernelHeight(); i++) {
          for (int j = 0; j < g.kernelWidth(); j++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
              for (int ox = 0; ox < g.outWidth(); ox++) {
                int at = inputIndex(g, b, c, oy, ox, i, j);
                if (at >= 0) {
                  result[at] += in[col];
                }
                col++;
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void pool2d(PoolOp op, ConvolutionGeometry g, Storage x, Storage out) {
    float[] in = data(x);
    for (int w = 0; w < g.pooledSize(); w++) {
      float area = area(g, w);
      float acc = op == PoolOp.MAX ? Float.NEGATIVE_INFINITY : 0;
      for (int at : window(g, w)) {
        if (at >= 0) {
          acc = op == PoolOp.MAX ? Math.max(acc, in[at]) : acc + in[at];
        }
      }
      data(out)[w] = op == PoolOp.MAX ? acc : acc / area;
    }
  }

  @Override
  public void pool2dBackward(
      PoolOp op, ConvolutionGeometry g, Storage x, Storage gradOut, Storage gradIn) {
    float[] in = data(x);
    float[] grad = data(gradIn);
    Arrays.fill(grad, 0, g.inputSize(), 0);
    for (int w = 0; w < g.pooledSize(); w++) {
      float area = area(g, w);
      float dy = data(gradOut)[w];
      int best = -1;
      for (int at : window(g, w)) {
        if (at >= 0 && op == PoolOp.AVG) {
          grad[at] += dy / area;
        } else if (at >= 0 && (best < 0 || in[at] > in[best])) {
          best = at;
        }
      }
      if (op == PoolOp.MAX) {
        grad[best] += dy;
      }
    }
  }

  @Override
  public void random(
      Distribution distribution,
      float p0,
      float p1,
      long seed,
      long stream,
      Storage out,
      int count) {
    switch (distribution) {
      case UNIFORM -> Philox.fillUniform(seed, stream, 0, p0, p1, data(out), 0, count);
      case NORMAL -> Philox.fillNormal(seed, stream, 0, p0, p1, data(out), 0, count);
      case BERNOULLI -> Philox.fillBernoulli(seed, stream, 0, p0, data(out), 0, count);
    }
  }

  @Override
  public void close() {}

  /** Input elements of pooled window {@code w} in row-major window order; -1 over padding. */
  private static int[] window(ConvolutionGeometry g, int w) {
    int ox = w % g.outWidth();
    int oy = w / g.outWidth() % g.outHeight();
    int plane = w / (g.outWidth() * g.outHeight());
    int[] taps = new int[g.kernelHeight() * g.kernelWidth()];
    for (int i = 0; i < g.kernelHeight(); i++) {
      for (int j = 0; j < g.kernelWidth(); j++) {
        taps[i * g.kernelWidth() + j] =
            inputIndex(g, plane / g.channels(), plane % g.channels(), oy, ox, i, j);
      }
    }
    return taps;
  }

  /** AVG's divisor for window {@code w}: its taps inside the padded input, counted one by one. */
  private static float area(ConvolutionGeometry g, int w) {
    int ox = w % g.outWidth();
    int oy = w / g.outWidth() % g.outHeight();
    int rows = 0;
    for (int i = 0; i < g.kernelHeight(); i++) {
      rows +=
          oy * g.strideHeight() + i * g.dilationHeight()
                  < g.height() + g.padHeight() + g.padBottom()
              ? 1
              : 0;
    }
    int cols = 0;
    for (int j = 0; j < g.kernelWidth(); j++) {
      cols +=
          ox * g.strideWidth() + j * g.dilationWidth() < g.width() + g.padWidth() + g.padRight()
              ? 1
              : 0;
    }
    return rows * cols;
  }

  /** Index into x of tap (i, j) of window (oy, ox) of image b, channel c; -1 over padding. */
  private static int inputIndex(ConvolutionGeometry g, int b, int c, int oy, int ox, int i, int j) {
    int y = oy * g.strideHeight() + i * g.dilationHeight() - g.padHeight();
    int x = ox * g.strideWidth() + j * g.dilationWidth() - g.padWidth();
    if (y < 0 || y >= g.height() || x < 0 || x >= g.width()) {
      return -1;
    }
    return ((b * g.channels() + c) * g.height() + y) * g.width() + x;
  }

  private static int count(int[] shape) {
    int n = 1;
    for (int extent : shape) {
      n *= extent;
    }
    return n;
  }

  private static int offset(int[] index, int[] strides) {
    int offset = 0;
    for (int d = 0; d < index.length; d++) {
      offset += index[d] * strides[d];
    }
    return offset;
  }

  private static void next(int[] index, int[] shape) {
    for (int d = index.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) {
        return;
      }
      index[d] = 0;
    }
  }
}
