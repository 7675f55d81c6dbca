package dev.stratum.backend.vector;

import dev.stratum.backend.ConvolutionGeometry;
import java.util.Arrays;

/**
 * im2col and its adjoint col2im, so that convolution becomes a matrix product. Tap {@code (i, j)}
 * of window {@code (oh, ow)} reads input {@code (oh·sh - padTop + i·dh, ow·sw - padLeft + j·dw)};
 * the output sides come from the geometry, so end padding and dilation need nothing more. The fast
 * path works a whole output row at a time: it finds the span of output columns whose window tap
 * lands inside the input, zeroes the rest, and moves the span with one array copy (stride 1) or a
 * short strided loop. Work is split over (image, channel) pairs, which own disjoint blocks of both
 * buffers.
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
    parallel.forRange(
        planes,
        Math.max(1, Simd.GRAIN / perPlane),
        (start, end) -> {
          for (int plane = start; plane < end; plane++) {
            if (simd) {
              im2colPlane(g, x, cols, plane);
            } else {
              im2colPlaneScalar(g, x, cols, plane);
            }
          }
        });
  }

  /** The first output column whose tap {@code k} lands at input column >= 0. */
  private static int firstInside(int pad, int k, int stride, int outSize) {
    return Math.min(outSize, Math.max(0, Math.ceilDiv(pad - k, stride)));
  }

  /** One past the last output column whose tap {@code k} lands inside an input of {@code size}. */
  private static int endInside(int size, int pad, int k, int stride, int outSize) {
    return Math.min(outSize, Math.floorDiv(size - 1 + pad - k, stride) + 1);
  }

  private static void im2colPlane(ConvolutionGeometry g, float[] x, float[] cols, int plane) {
    int h = g.height();
    int w = g.width();
    int outH = g.outHeight();
    int outW = g.outWidth();
    int sh = g.strideHeight();
    int sw = g.strideWidth();
    int xBase = plane * h * w;
    // plane = b * C + c, and rows of image b start at b * C * kh * kw: the same block index
    int row = plane * g.kernelHeight() * g.kernelWidth();
    for (int ki = 0; ki < g.kernelHeight(); ki++) {
      for (int kj = 0; kj < g.kernelWidth(); kj++, row++) {
        int tapW = kj * g.dilationWidth();
        int lo = firstInside(g.padWidth(), tapW, sw, outW);
        int hi = Math.max(lo, endInside(w, g.padWidth(), tapW, sw, outW));
        int colBase = row * outH * outW;
        for (int oh = 0; oh < outH; oh++) {
          int ih = oh * sh - g.padHeight() + ki * g.dilationHeight();
          int c = colBase + oh * outW;
          if (ih < 0 || ih >= h) {
            Arrays.fill(cols, c, c + outW, 0f);
            continue;
          }
          Arrays.fill(cols, c, c + lo, 0f);
          int from = xBase + ih * w + lo * sw - g.padWidth() + tapW;
          if (sw == 1) {
            System.arraycopy(x, from, cols, c + lo, hi - lo);
          } else {
            for (int ow = lo; ow < hi; ow++, from += sw) {
              cols[c + ow] = x[from];
            }
          }
          Arrays.fill(cols, c + hi, c + outW, 0f);
        }
      }
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
    parallel.forRange(
        planes,
        Math.max(1, Simd.GRAIN / Math.max(1, perPlane)),
        (start, end) -> {
          for (int plane = start; plane < end; plane++) {
            col2imPlane(simd, g, cols, x, plane);
          }
        });
  }

  private static void col2imPlane(
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
