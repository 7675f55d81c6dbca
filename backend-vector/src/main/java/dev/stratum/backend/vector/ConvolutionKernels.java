package dev.stratum.backend.vector;

import dev.stratum.backend.ConvolutionGeometry;
import java.util.Arrays;

/**
 * im2col and its adjoint col2im, so that convolution becomes a matrix product. Tap {@code (i, j)}
 * of window {@code (oh, ow)} reads input {@code (oh·sh - padTop + i·dh, ow·sw - padLeft + j·dw)};
 * the output sides come from the geometry, so end padding and dilation need nothing more. With a
 * column stride above 1 the fast path computes, once per call, the input offset of every column
 * entry of a plane ({@link #taps}), then moves each plane with one flat gather (im2col) or
 * scatter-add (col2im); with stride 1 it works a whole output row at a time, the span of output
 * columns whose tap lands inside the input moved with one array copy (or SIMD additions) and the
 * rest zeroed. The scalar path ({@code simd == false}, the reference) reads the window definition
 * element by element (im2col) and adds row by row (col2im). Work is split over (image, channel)
 * pairs, which own disjoint blocks of both buffers.
 */
final class ConvolutionKernels {

  private ConvolutionKernels() {}

  static void im2col(
      Parallel parallel, boolean simd, ConvolutionGeometry g, float[] x, float[] cols) {
    int planes = g.batch() * g.channels();
    int perPlane = g.kernelHeight() * g.kernelWidth() * g.columnCols();
    if (planes == 0 || perPlane == 0) {
      return;
    }
    int[] taps = simd && g.strideWidth() != 1 ? taps(g) : null;
    parallel.forRange(
        planes,
        Math.max(1, Simd.GRAIN / perPlane),
        (start, end) -> {
          for (int plane = start; plane < end; plane++) {
            if (taps != null) {
              im2colPlane(g, taps, x, cols, plane);
            } else if (simd) {
              im2colRows(g, x, cols, plane);
            } else {
              im2colPlaneScalar(g, x, cols, plane);
            }
          }
        });
  }

  private static final ThreadLocal<int[]> TAPS = ThreadLocal.withInitial(() -> new int[0]);

  /**
   * For every column entry of one plane, {@code (tap, oh, ow)} in the order im2col writes them, the
   * offset within the input plane it reads, or −1 in the padding. The same for every plane of a
   * call, so the planes become one flat gather each: an output row of a stride-2 convolution is 7
   * or 14 columns, too short for a loop per row to pay for its set-up (per-row copies with their
   * zeroed ends ran at 1.2–2 ns an element on the workload-5 geometries, the table in 50–70% of
   * that time). Built by the calling thread into its own buffer, read by the workers.
   */
  private static int[] taps(ConvolutionGeometry g) {
    int size = g.kernelHeight() * g.kernelWidth() * g.outHeight() * g.outWidth();
    int[] taps = TAPS.get();
    if (taps.length < size) {
      taps = new int[size];
      TAPS.set(taps);
    }
    int r = 0;
    for (int ki = 0; ki < g.kernelHeight(); ki++) {
      for (int kj = 0; kj < g.kernelWidth(); kj++) {
        for (int oh = 0; oh < g.outHeight(); oh++) {
          int ih = oh * g.strideHeight() - g.padHeight() + ki * g.dilationHeight();
          for (int ow = 0; ow < g.outWidth(); ow++, r++) {
            int iw = ow * g.strideWidth() - g.padWidth() + kj * g.dilationWidth();
            boolean inside = ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width();
            taps[r] = inside ? ih * g.width() + iw : -1;
          }
        }
      }
    }
    return taps;
  }

  /** The first output column whose tap {@code k} lands at input column >= 0. */
  private static int firstInside(int pad, int k, int stride, int outSize) {
    return Math.min(outSize, Math.max(0, Math.ceilDiv(pad - k, stride)));
  }

  /** One past the last output column whose tap {@code k} lands inside an input of {@code size}. */
  private static int endInside(int size, int pad, int k, int stride, int outSize) {
    return Math.min(outSize, Math.floorDiv(size - 1 + pad - k, stride) + 1);
  }

  private static void im2colPlane(
      ConvolutionGeometry g, int[] taps, float[] x, float[] cols, int plane) {
    int xBase = plane * g.height() * g.width();
    int size = g.kernelHeight() * g.kernelWidth() * g.columnCols();
    // plane = b * C + c, and rows of image b start at b * C * kh * kw: the same block index
    int cBase = plane * size;
    for (int r = 0; r < size; r++) {
      int at = taps[r];
      cols[cBase + r] = at >= 0 ? x[xBase + at] : 0f;
    }
  }

  /**
   * The stride-1 fast path: each output row's span that lands inside the input is one array copy
   * (the small CNN's 28- and 14-column rows: 7% faster training than through the tap table).
   */
  private static void im2colRows(ConvolutionGeometry g, float[] x, float[] cols, int plane) {
    int h = g.height();
    int w = g.width();
    int outH = g.outHeight();
    int outW = g.outWidth();
    int sh = g.strideHeight();
    int sw = g.strideWidth();
    int xBase = plane * h * w;
    // plane = b * C + c, and rows of image b start at b * C * kh * kw: the same block index
    int row = plane * g.kernelHeight() * g.kernelWidth();
    // stride 1 both ways and as many output columns as input ones ("same" padding): the inside
    // rows of a tap are consecutive in x and in cols, one run of x with a few padding columns
    boolean oneRun = sh == 1 && sw == 1 && outW == w;
    for (int ki = 0; ki < g.kernelHeight(); ki++) {
      for (int kj = 0; kj < g.kernelWidth(); kj++, row++) {
        int tapW = kj * g.dilationWidth();
        int lo = firstInside(g.padWidth(), tapW, sw, outW);
        int hi = Math.max(lo, endInside(w, g.padWidth(), tapW, sw, outW));
        int colBase = row * outH * outW;
        if (oneRun) {
          tapAsOneRun(g, x, xBase, cols, colBase, ki * g.dilationHeight(), tapW, lo, hi);
          continue;
        }
        for (int oh = 0; oh < outH; oh++) {
          int ih = oh * sh - g.padHeight() + ki * g.dilationHeight();
          int c = colBase + oh * outW;
          if (ih < 0 || ih >= h) {
            Arrays.fill(cols, c, c + outW, 0f);
            continue;
          }
          zeroFew(cols, c, c + lo);
          int from = xBase + ih * w + lo * sw - g.padWidth() + tapW;
          if (sw == 1) {
            System.arraycopy(x, from, cols, c + lo, hi - lo);
          } else {
            for (int ow = lo; ow < hi; ow++, from += sw) {
              cols[c + ow] = x[from];
            }
          }
          zeroFew(cols, c + hi, c + outW);
        }
      }
    }
  }

  /**
   * One tap of {@link #im2colRows} at stride 1 with {@code outW == w}: the rows whose tap lands
   * inside the input are one copy of x from the first inside element to the last, which also copies
   * the elements that wrap round from the neighbouring rows into each row's padding columns {@code
   * [0, lo)} and {@code [hi, outW)}; those are zeroed after it, and the rows above and below the
   * input are zeroed whole. One copy per tap instead of one per output row.
   */
  private static void tapAsOneRun(
      ConvolutionGeometry g,
      float[] x,
      int xBase,
      float[] cols,
      int colBase,
      int tapH,
      int tapW,
      int lo,
      int hi) {
    int w = g.width();
    int outH = g.outHeight();
    int outW = g.outWidth();
    int first = Math.min(outH, Math.max(0, g.padHeight() - tapH));
    int end = Math.max(first, Math.min(outH, g.height() + g.padHeight() - tapH));
    Arrays.fill(cols, colBase, colBase + first * outW, 0f);
    if (end > first && hi > lo) {
      int from = xBase + (first - g.padHeight() + tapH) * w + lo - g.padWidth() + tapW;
      int length = (end - 1 - first) * w + hi - lo;
      System.arraycopy(x, from, cols, colBase + first * outW + lo, length);
    }
    for (int oh = first; oh < end; oh++) {
      int c = colBase + oh * outW;
      zeroFew(cols, c, c + lo);
      zeroFew(cols, c + hi, c + outW);
    }
    Arrays.fill(cols, colBase + end * outW, colBase + outH * outW, 0f);
  }

  /**
   * Zeroes {@code [from, to)}, a span of a row's padding: a column or two, for which a plain loop
   * beats {@link Arrays#fill}'s call (the small CNN's im2col spent 6% of its training step in those
   * calls, measured on Zen 3).
   */
  private static void zeroFew(float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      a[i] = 0f;
    }
  }

  private static void im2colPlaneScalar(ConvolutionGeometry g, float[] x, float[] cols, int plane) {
    int h = g.height();
    int w = g.width();
    int outH = g.outHeight();
    int outW = g.outWidth();
    int row = plane * g.kernelHeight() * g.kernelWidth();
    for (int ki = 0; ki < g.kernelHeight(); ki++) {
      for (int kj = 0; kj < g.kernelWidth(); kj++, row++) {
        for (int oh = 0; oh < outH; oh++) {
          for (int ow = 0; ow < outW; ow++) {
            int ih = oh * g.strideHeight() - g.padHeight() + ki * g.dilationHeight();
            int iw = ow * g.strideWidth() - g.padWidth() + kj * g.dilationWidth();
            boolean inside = ih >= 0 && ih < h && iw >= 0 && iw < w;
            cols[(row * outH + oh) * outW + ow] = inside ? x[(plane * h + ih) * w + iw] : 0f;
          }
        }
      }
    }
  }

  static void col2im(
      Parallel parallel, boolean simd, ConvolutionGeometry g, float[] cols, float[] x) {
    int planes = g.batch() * g.channels();
    int perPlane = g.kernelHeight() * g.kernelWidth() * g.columnCols();
    if (planes == 0) {
      return;
    }
    int[] taps = simd && g.strideWidth() != 1 ? taps(g) : null;
    parallel.forRange(
        planes,
        Math.max(1, Simd.GRAIN / Math.max(1, perPlane)),
        (start, end) -> {
          for (int plane = start; plane < end; plane++) {
            if (taps != null) {
              col2imPlane(g, taps, cols, x, plane);
            } else {
              col2imRows(simd, g, cols, x, plane);
            }
          }
        });
  }

  /**
   * The adjoint of {@link #im2colPlane}: every column entry added to the input it was read from.
   */
  private static void col2imPlane(
      ConvolutionGeometry g, int[] taps, float[] cols, float[] x, int plane) {
    int xBase = plane * g.height() * g.width();
    int size = g.kernelHeight() * g.kernelWidth() * g.columnCols();
    int cBase = plane * size;
    Arrays.fill(x, xBase, xBase + g.height() * g.width(), 0f);
    for (int r = 0; r < size; r++) {
      int at = taps[r];
      if (at >= 0) {
        x[xBase + at] += cols[cBase + r];
      }
    }
  }

  /** Row by row: stride 1 with SIMD additions of each span, or the scalar reference path. */
  private static void col2imRows(
      boolean simd, ConvolutionGeometry g, float[] cols, float[] x, int plane) {
    int h = g.height();
    int w = g.width();
    int outH = g.outHeight();
    int outW = g.outWidth();
    int sw = g.strideWidth();
    int xBase = plane * h * w;
    Arrays.fill(x, xBase, xBase + h * w, 0f);
    int row = plane * g.kernelHeight() * g.kernelWidth();
    for (int ki = 0; ki < g.kernelHeight(); ki++) {
      for (int kj = 0; kj < g.kernelWidth(); kj++, row++) {
        int tapW = kj * g.dilationWidth();
        int lo = firstInside(g.padWidth(), tapW, sw, outW);
        int hi = Math.max(lo, endInside(w, g.padWidth(), tapW, sw, outW));
        for (int oh = 0; oh < outH; oh++) {
          int ih = oh * g.strideHeight() - g.padHeight() + ki * g.dilationHeight();
          if (ih < 0 || ih >= h) {
            continue;
          }
          int c = (row * outH + oh) * outW;
          int to = xBase + ih * w + lo * sw - g.padWidth() + tapW;
          if (sw == 1) {
            IndexKernels.addRow(simd, cols, c + lo, x, to, hi - lo);
          } else {
            for (int ow = lo; ow < hi; ow++, to += sw) {
              x[to] += cols[c + ow];
            }
          }
        }
      }
    }
  }
}
