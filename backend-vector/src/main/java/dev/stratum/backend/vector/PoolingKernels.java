package dev.stratum.backend.vector;

import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.PoolOp;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Two-dimensional max and average pooling and their gradients, split over (image, channel) planes.
 * Scalar, but for the usual 2×2 max pooling at stride 2 on rows of at least {@code LANES / 4}
 * windows, which the SIMD path ({@code simd}) splits into its four corners lane-wise ({@link
 * #max2x2Simd}, {@link #max2x2ShortRows}); other windows are small and strided, so a vector would
 * mostly gather.
 *
 * <p>MAX scans only the window positions inside the input; the maximum is the first position that
 * no later one beats, with NaN beating everything (the first NaN wins), so forward and backward
 * always agree on the position. A window lying wholly in padding has no input to take a maximum of:
 * it gives negative infinity and passes no gradient. AVG divides by {@link
 * ConvolutionGeometry#windowArea}: the taps inside the padded input. Taps are {@code dilation}
 * apart; the fast path for max pooling needs plain windows ({@link ConvolutionGeometry#isPlain}).
 */
final class PoolingKernels {

  private PoolingKernels() {}

  static void pool2d(
      Parallel parallel, boolean simd, PoolOp op, ConvolutionGeometry g, float[] x, float[] out) {
    if (op == PoolOp.MAX && g.isPlain()) {
      forEachPlane(parallel, g, plane -> maxPlaneUnpadded(simd, g, x, plane, out, null));
      return;
    }
    forEachPlane(
        parallel,
        g,
        plane -> {
          int inBase = plane * g.height() * g.width();
          int outBase = plane * g.outHeight() * g.outWidth();
          for (int oh = 0; oh < g.outHeight(); oh++) {
            for (int ow = 0; ow < g.outWidth(); ow++) {
              float value;
              if (op == PoolOp.MAX) {
                int at = maxPosition(g, x, plane, oh, ow);
                value = at < 0 ? Float.NEGATIVE_INFINITY : x[inBase + at];
              } else {
                value = sumAt(g, x, plane, oh, ow) / g.windowArea(oh, ow);
              }
              out[outBase + oh * g.outWidth() + ow] = value;
            }
          }
        });
  }

  static void pool2dBackward(
      Parallel parallel,
      boolean simd,
      PoolOp op,
      ConvolutionGeometry g,
      float[] x,
      float[] gradOut,
      float[] gradIn) {
    if (op == PoolOp.MAX && g.isPlain()) {
      forEachPlane(parallel, g, plane -> maxPlaneUnpadded(simd, g, x, plane, gradOut, gradIn));
      return;
    }
    forEachPlane(
        parallel,
        g,
        plane -> {
          int inBase = plane * g.height() * g.width();
          int outBase = plane * g.outHeight() * g.outWidth();
          Arrays.fill(gradIn, inBase, inBase + g.height() * g.width(), 0f);
          for (int oh = 0; oh < g.outHeight(); oh++) {
            for (int ow = 0; ow < g.outWidth(); ow++) {
              float grad = gradOut[outBase + oh * g.outWidth() + ow];
              if (op == PoolOp.MAX) {
                int at = maxPosition(g, x, plane, oh, ow);
                if (at >= 0) {
                  gradIn[inBase + at] += grad;
                }
              } else {
                spread(g, gradIn, inBase, oh, ow, grad / g.windowArea(oh, ow));
              }
            }
          }
        });
  }

  private interface PlaneBody {
    void run(int plane);
  }

  private static void forEachPlane(Parallel parallel, ConvolutionGeometry g, PlaneBody body) {
    int planes = g.batch() * g.channels();
    int work = Math.max(1, g.outHeight() * g.outWidth() * g.kernelHeight() * g.kernelWidth());
    parallel.forRange(
        planes,
        Math.max(1, Simd.GRAIN / work),
        (start, end) -> {
          for (int plane = start; plane < end; plane++) {
            body.run(plane);
          }
        });
  }

  /**
   * Max pooling of one plane without padding, the common case, with the geometry in locals: the
   * forward pass when {@code gradIn} is null ({@code values} is then the output), else the backward
   * pass ({@code values} is the output gradient). Same choice of position as {@link #maxPosition}.
   */
  private static void maxPlaneUnpadded(
      boolean simd, ConvolutionGeometry g, float[] x, int plane, float[] values, float[] gradIn) {
    int height = g.height();
    int width = g.width();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int sh = g.strideHeight();
    int sw = g.strideWidth();
    int outHeight = g.outHeight();
    int outWidth = g.outWidth();
    int inBase = plane * height * width;
    int outBase = plane * outHeight * outWidth;
    // 2×2 windows at stride 2 that tile the plane: the backward pass writes every input once
    boolean tiling =
        kh == 2
            && kw == 2
            && sh == 2
            && sw == 2
            && 2 * outHeight == height
            && 2 * outWidth == width;
    boolean stride2x2 = kh == 2 && kw == 2 && sh == 2 && sw == 2;
    if (simd && stride2x2 && (gradIn == null || tiling)) {
      if (outWidth >= LANES) {
        max2x2Simd(x, width, outHeight, outWidth, inBase, outBase, values, gradIn);
        return;
      }
      if (4 * outWidth >= LANES && outHeight > 1) {
        max2x2ShortRows(x, width, outHeight, outWidth, inBase, outBase, values, gradIn);
        return;
      }
    }
    if (gradIn != null && tiling) {
      max2x2Tiling(x, width, outHeight, outWidth, inBase, outBase, values, gradIn);
      return;
    }
    if (gradIn != null) {
      Arrays.fill(gradIn, inBase, inBase + height * width, 0f);
    }
    if (kh == 2 && kw == 2) {
      max2x2(x, width, sh, sw, outHeight, outWidth, inBase, outBase, values, gradIn);
      return;
    }
    for (int oh = 0; oh < outHeight; oh++) {
      int rowStart = inBase + oh * sh * width;
      for (int ow = 0; ow < outWidth; ow++) {
        int start = rowStart + ow * sw;
        int at = start;
        float best = x[start];
        // a later value wins when it is larger, or NaN over a number: the first NaN or else the
        // first maximum is kept
        for (int i = 0; i < kh; i++) {
          int row = start + i * width;
          for (int j = 0; j < kw; j++) {
            float v = x[row + j];
            boolean wins = v > best || (v != v && best == best);
            best = wins ? v : best;
            at = wins ? row + j : at;
          }
        }
        int o = outBase + oh * outWidth + ow;
        if (gradIn == null) {
          values[o] = best;
        } else {
          gradIn[at] += values[o];
        }
      }
    }
  }

  /**
   * 2×2 windows, the usual pooling, unrolled: loops of two iterations ran about 10× slower than
   * this (C2 does not unroll them well). The value is {@link Math#max}, which lets NaN win; the
   * backward pass takes the first position equal to it (the first NaN when it is NaN), chosen
   * without data-dependent branches. That is {@link #maxPosition}'s choice; the only difference is
   * the sign of a zero maximum ({@code max(-0, 0)} is {@code +0} where the scan keeps the first
   * zero), which the SPI does not distinguish.
   */
  private static void max2x2(
      float[] x,
      int width,
      int sh,
      int sw,
      int outHeight,
      int outWidth,
      int inBase,
      int outBase,
      float[] values,
      float[] gradIn) {
    for (int oh = 0; oh < outHeight; oh++) {
      int row0 = inBase + oh * sh * width;
      int row1 = row0 + width;
      int o = outBase + oh * outWidth;
      for (int ow = 0; ow < outWidth; ow++) {
        int p0 = row0 + ow * sw;
        int p2 = row1 + ow * sw;
        float a = x[p0];
        float b = x[p0 + 1];
        float c = x[p2];
        float d = x[p2 + 1];
        float m = Math.max(Math.max(a, b), Math.max(c, d));
        if (gradIn == null) {
          values[o + ow] = m;
          continue;
        }
        int k = firstMaximum(a, b, c, d, m);
        gradIn[(k >> 1 == 0 ? p0 : p2) + (k & 1)] += values[o + ow];
      }
    }
  }

  /**
   * The backward pass of {@link #max2x2} when the windows tile the plane (2×2 at stride 2, even
   * sides): each input belongs to exactly one window, so all four are written, the gradient at the
   * maximum's position and zero elsewhere, with no clearing of the plane first and no read of it
   * (measured alone, one thread, a batch of 64: 32 planes of 14×14 0.8 ms instead of 1.1; 16 of
   * 28×28 1.4 ms either way).
   */
  private static void max2x2Tiling(
      float[] x,
      int width,
      int outHeight,
      int outWidth,
      int inBase,
      int outBase,
      float[] gradOut,
      float[] gradIn) {
    for (int oh = 0; oh < outHeight; oh++) {
      int row0 = inBase + 2 * oh * width;
      int row1 = row0 + width;
      int o = outBase + oh * outWidth;
      for (int ow = 0; ow < outWidth; ow++) {
        int p0 = row0 + 2 * ow;
        int p2 = row1 + 2 * ow;
        float a = x[p0];
        float b = x[p0 + 1];
        float c = x[p2];
        float d = x[p2 + 1];
        int k = firstMaximum(a, b, c, d, Math.max(Math.max(a, b), Math.max(c, d)));
        // the gradient's bits where the position is k, else +0: masks, since C2 compiled the
        // four selects as branches (mispredicted three times in four on random data: 3× slower)
        int g = Float.floatToRawIntBits(gradOut[o + ow]);
        gradIn[p0] = Float.intBitsToFloat(g & ((k - 1) >> 31));
        gradIn[p0 + 1] = Float.intBitsToFloat(g & (((k ^ 1) - 1) >> 31));
        gradIn[p2] = Float.intBitsToFloat(g & (((k ^ 2) - 1) >> 31));
        gradIn[p2 + 1] = Float.intBitsToFloat(g & (((k ^ 3) - 1) >> 31));
      }
    }
  }

  private static final VectorSpecies<Float> SPECIES = Simd.SPECIES;
  private static final int LANES = Simd.LANES;

  /**
   * Lane permutations of {@link #max2x2Run}, each used on two vectors whose results are blended:
   * {@code EVEN} puts lane {@code 2j mod LANES} in lane j, {@code ODD} lane {@code 2j + 1 mod
   * LANES}; with {@link #UPPER_HALF} (lanes {@code j ≥ LANES / 2} from the second vector) they
   * split a pair of vectors into its even and its odd lanes. {@code FIRST_HALF} puts lane {@code i
   * / 2} in lane i, {@code SECOND_HALF} lane {@code LANES / 2 + i / 2}; with {@link #ODD_LANES}
   * (odd lanes from the second vector) they interleave two vectors. Single-source permutes and a
   * blend rather than a two-source {@code selectFrom}, which AVX2 lacks (GemmPacking's 8-lane
   * transpose).
   */
  private static final VectorShuffle<Float> EVEN = Simd.shuffle(i -> 2 * i % LANES);

  private static final VectorShuffle<Float> ODD = Simd.shuffle(i -> (2 * i + 1) % LANES);

  private static final VectorShuffle<Float> FIRST_HALF = Simd.shuffle(i -> i / 2);

  private static final VectorShuffle<Float> SECOND_HALF = Simd.shuffle(i -> LANES / 2 + i / 2);

  private static final VectorMask<Float> UPPER_HALF = Simd.mask(i -> i >= LANES / 2);

  private static final VectorMask<Float> ODD_LANES = Simd.mask(i -> i % 2 == 1);

  /** {@code order} applied to x and to y, the lanes of {@code fromY} taken from y's. */
  private static FloatVector merge(
      VectorShuffle<Float> order, VectorMask<Float> fromY, FloatVector x, FloatVector y) {
    return x.rearrange(order).blend(y.rearrange(order), fromY);
  }

  /**
   * 2×2 windows at stride 2 of one unpadded plane, {@link #LANES} windows at a time: the two input
   * rows under a run of windows are loaded as two vectors each and split into the four corners
   * (even and odd lanes), so the maximum and its position are lane-wise. A row's last run is moved
   * back to end at the row's last window, overlapping the one before: both passes only store, so a
   * window done twice gives the same result (masked loads and stores for a shorter last run made
   * the kernel slower than the scalar one on Zen 3). Output rows of fewer than {@link #LANES}
   * windows take {@link #max2x2ShortRows}. With {@code gradIn} null the maxima go to {@code values}
   * (the output); else {@code values} is the output gradient and the windows tile the plane ({@link
   * #max2x2Tiling}'s case): every input is written, the gradient at the first position equal to the
   * maximum (the first NaN when it is NaN: {@link #max2x2}'s choice), zero at the other three.
   * Measured alone on Zen 3 (8 lanes, one thread, a batch of 64 planes of 16 × 28 × 28): forward
   * 0.27–0.41 against 0.53–0.66 ns per input element, backward 0.66–0.76 against 1.57–2.20 (with
   * two-source {@code selectFrom} 0.40–0.50 and 0.87–1.03).
   */
  private static void max2x2Simd(
      float[] x,
      int width,
      int outHeight,
      int outWidth,
      int inBase,
      int outBase,
      float[] values,
      float[] gradIn) {
    int last = outWidth - LANES;
    for (int oh = 0; oh < outHeight; oh++) {
      int top = inBase + 2 * oh * width;
      int o = outBase + oh * outWidth;
      for (int ow = 0; ; ow += LANES) {
        int run = Math.min(ow, last);
        max2x2Run(x, top + 2 * run, width, values, o + run, gradIn);
        if (run == last) {
          break;
        }
      }
    }
  }

  /**
   * {@link #max2x2Simd} for rows of {@code LANES / 4} to {@code LANES − 1} windows (the small CNN's
   * second pooling, 7 windows, on 8 and on 16 lanes): one run per output row, starting at its first
   * window, whose lanes past the row's end compute windows straddling the next rows and write into
   * the next rows' outputs (and, backward, into the next input rows). Rows go in order, so the
   * later rows' runs, and the scalar path for the last rows, overwrite all of that with their own
   * values (backward, a run's stores into its own bottom row come after those into its top row).
   * Only rows whose run reads and writes inside the plane take a run ({@link #rowsInPlane}): all
   * but the last with {@code LANES / 2} windows or more; with fewer, a run spans more rows and the
   * last two or three rows are scalar. Measured on Zen 4 (16 lanes, one thread, CPU time, a batch
   * of 64 planes of 32 × 14 × 14, 7-window rows): forward 0.48–0.56, backward 1.10–1.14 ns per
   * input element against 0.64 and 1.83 all scalar.
   */
  private static void max2x2ShortRows(
      float[] x,
      int width,
      int outHeight,
      int outWidth,
      int inBase,
      int outBase,
      float[] values,
      float[] gradIn) {
    int runs = rowsInPlane(width, outHeight, outWidth);
    for (int oh = 0; oh < runs; oh++) {
      max2x2Run(x, inBase + 2 * oh * width, width, values, outBase + oh * outWidth, gradIn);
    }
    int top = inBase + 2 * runs * width;
    int o = outBase + runs * outWidth;
    if (gradIn == null) {
      max2x2(x, width, 2, 2, outHeight - runs, outWidth, top, o, values, null);
    } else {
      max2x2Tiling(x, width, outHeight - runs, outWidth, top, o, values, gradIn);
    }
  }

  /**
   * The first output rows of a plane whose run ({@link #max2x2Run}: {@code 2·LANES} inputs from
   * each of its two input rows, {@code LANES} outputs) stays inside the plane: the bottom row's
   * {@code (2·oh + 1)·width + 2·LANES ≤ 2·outHeight·width} and {@code oh·outWidth + LANES ≤
   * outHeight·outWidth}. (A plane has at least {@code 2·outHeight} input rows.)
   */
  static int rowsInPlane(int width, int outHeight, int outWidth) {
    int byInput = Math.floorDiv(2 * outHeight * width - 2 * LANES - width, 2 * width);
    int byOutput = Math.floorDiv(outHeight * outWidth - LANES, outWidth);
    return Math.max(0, Math.min(outHeight, Math.min(byInput, byOutput) + 1));
  }

  /**
   * One run of {@link #max2x2Simd}: {@link #LANES} windows whose top-left input is at {@code top},
   * output (or output gradient) at {@code o}.
   */
  private static void max2x2Run(
      float[] x, int top, int width, float[] values, int o, float[] gradIn) {
    int bottom = top + width;
    FloatVector t0 = FloatVector.fromArray(SPECIES, x, top);
    FloatVector t1 = FloatVector.fromArray(SPECIES, x, top + LANES);
    FloatVector b0 = FloatVector.fromArray(SPECIES, x, bottom);
    FloatVector b1 = FloatVector.fromArray(SPECIES, x, bottom + LANES);
    FloatVector a = merge(EVEN, UPPER_HALF, t0, t1);
    FloatVector b = merge(ODD, UPPER_HALF, t0, t1);
    FloatVector c = merge(EVEN, UPPER_HALF, b0, b1);
    FloatVector d = merge(ODD, UPPER_HALF, b0, b1);
    FloatVector m = a.max(b).max(c.max(d));
    if (gradIn == null) {
      m.intoArray(values, o);
      return;
    }
    // a corner holds the maximum when equal to it, or when NaN (then m is NaN and equals nothing)
    VectorMask<Float> atA = a.eq(m).or(a.test(VectorOperators.IS_NAN));
    VectorMask<Float> atB = b.eq(m).or(b.test(VectorOperators.IS_NAN)).andNot(atA);
    VectorMask<Float> taken = atA.or(atB);
    VectorMask<Float> atC = c.eq(m).or(c.test(VectorOperators.IS_NAN)).andNot(taken);
    VectorMask<Float> atD = taken.or(atC).not();
    FloatVector grad = FloatVector.fromArray(SPECIES, values, o);
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector ga = zero.blend(grad, atA);
    FloatVector gb = zero.blend(grad, atB);
    FloatVector gc = zero.blend(grad, atC);
    FloatVector gd = zero.blend(grad, atD);
    merge(FIRST_HALF, ODD_LANES, ga, gb).intoArray(gradIn, top);
    merge(SECOND_HALF, ODD_LANES, ga, gb).intoArray(gradIn, top + LANES);
    merge(FIRST_HALF, ODD_LANES, gc, gd).intoArray(gradIn, bottom);
    merge(SECOND_HALF, ODD_LANES, gc, gd).intoArray(gradIn, bottom + LANES);
  }

  /**
   * Which of a window's four values, in reading order (0 = a … 3 = d), is the first equal to its
   * maximum {@code m}, or the first NaN when {@code m} is NaN: the position {@link #maxPosition}
   * chooses. Branch-free for numbers, from 0/1 flags.
   */
  private static int firstMaximum(float a, float b, float c, float d, float m) {
    if (m != m) {
      return a != a ? 0 : b != b ? 1 : c != c ? 2 : 3;
    }
    int notA = a != m ? 1 : 0;
    int notB = b != m ? 1 : 0;
    int notC = c != m ? 1 : 0;
    return notA * (1 + notB * (1 + notC));
  }

  /** Position of the window maximum within its plane, {@code -1} for a window wholly in padding. */
  private static int maxPosition(ConvolutionGeometry g, float[] x, int plane, int oh, int ow) {
    int h0 = oh * g.strideHeight() - g.padHeight();
    int w0 = ow * g.strideWidth() - g.padWidth();
    int dh = g.dilationHeight();
    int dw = g.dilationWidth();
    int iEnd = tapsBelow(g.height(), h0, g.kernelHeight(), dh);
    int jEnd = tapsBelow(g.width(), w0, g.kernelWidth(), dw);
    int base = plane * g.height() * g.width();
    float best = Float.NEGATIVE_INFINITY;
    int bestAt = -1;
    scan:
    for (int i = firstTap(h0, dh); i < iEnd; i++) {
      int ih = h0 + i * dh;
      for (int j = firstTap(w0, dw); j < jEnd; j++) {
        int iw = w0 + j * dw;
        float v = x[base + ih * g.width() + iw];
        if (bestAt < 0 || v != v || v > best) {
          best = v;
          bestAt = ih * g.width() + iw;
          if (v != v) {
            break scan;
          }
        }
      }
    }
    return bestAt;
  }

  /** The first tap {@code i} with {@code start + i·dilation >= 0}. */
  private static int firstTap(int start, int dilation) {
    return start >= 0 ? 0 : Math.ceilDiv(-start, dilation);
  }

  /** One past the last tap {@code i < kernel} with {@code start + i·dilation < size}. */
  private static int tapsBelow(int size, int start, int kernel, int dilation) {
    return Math.min(kernel, Math.max(0, Math.ceilDiv(size - start, dilation)));
  }

  private static float sumAt(ConvolutionGeometry g, float[] x, int plane, int oh, int ow) {
    int h0 = oh * g.strideHeight() - g.padHeight();
    int w0 = ow * g.strideWidth() - g.padWidth();
    int dh = g.dilationHeight();
    int dw = g.dilationWidth();
    int iEnd = tapsBelow(g.height(), h0, g.kernelHeight(), dh);
    int jEnd = tapsBelow(g.width(), w0, g.kernelWidth(), dw);
    int base = plane * g.height() * g.width();
    float sum = 0f;
    for (int i = firstTap(h0, dh); i < iEnd; i++) {
      int row = base + (h0 + i * dh) * g.width();
      for (int j = firstTap(w0, dw); j < jEnd; j++) {
        sum += x[row + w0 + j * dw];
      }
    }
    return sum;
  }

  private static void spread(
      ConvolutionGeometry g, float[] gradIn, int inBase, int oh, int ow, float share) {
    int h0 = oh * g.strideHeight() - g.padHeight();
    int w0 = ow * g.strideWidth() - g.padWidth();
    int dh = g.dilationHeight();
    int dw = g.dilationWidth();
    int iEnd = tapsBelow(g.height(), h0, g.kernelHeight(), dh);
    int jEnd = tapsBelow(g.width(), w0, g.kernelWidth(), dw);
    for (int i = firstTap(h0, dh); i < iEnd; i++) {
      int row = inBase + (h0 + i * dh) * g.width();
      for (int j = firstTap(w0, dw); j < jEnd; j++) {
        gradIn[row + w0 + j * dw] += share;
      }
    }
  }
}
