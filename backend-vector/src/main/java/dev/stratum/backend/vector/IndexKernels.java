package dev.stratum.backend.vector;

import static dev.stratum.backend.vector.Simd.HALF;
import static dev.stratum.backend.vector.Simd.HALF_LANES;
import static dev.stratum.backend.vector.Simd.LANES;
import static dev.stratum.backend.vector.Simd.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * Gather and scatter-add along the middle axis of {@code [outer, extent, inner]}. Each index picks
 * a whole inner row, so the work is row copies and row additions.
 */
final class IndexKernels {

  private IndexKernels() {}

  static void indexSelect(
      Parallel parallel,
      boolean simd,
      float[] src,
      int outer,
      int srcExtent,
      int inner,
      float[] indices,
      int count,
      float[] out) {
    if (inner == 0) {
      return;
    }
    parallel.forRange(
        outer * count,
        Math.max(1, Simd.GRAIN / inner),
        (start, end) -> {
          for (int t = start; t < end; t++) {
            int o = t / count;
            int i = t % count;
            int from = (o * srcExtent + (int) indices[i]) * inner;
            int to = t * inner;
            if (simd) {
              System.arraycopy(src, from, out, to, inner);
            } else {
              for (int j = 0; j < inner; j++) {
                out[to + j] = src[from + j];
              }
            }
          }
        });
  }

  /** Parallel over {@code outer} only: repeated indices within one outer slice hit the same row. */
  static void indexAdd(
      Parallel parallel,
      boolean simd,
      float[] src,
      int outer,
      int count,
      int inner,
      float[] indices,
      float[] out,
      int outExtent) {
    if (inner == 0 || count == 0) {
      return;
    }
    parallel.forRange(
        outer,
        Math.max(1, Simd.GRAIN / (count * inner)),
        (start, end) -> {
          for (int o = start; o < end; o++) {
            for (int i = 0; i < count; i++) {
              int from = (o * count + i) * inner;
              int to = (o * outExtent + (int) indices[i]) * inner;
              addRow(simd, src, from, out, to, inner);
            }
          }
        });
  }

  /**
   * {@code y[yo..yo+n) += x[xo..xo+n)}; shared with col2im. With 16 lanes or more, a remainder of
   * at least half a vector takes one half-width vector before the scalar tail: col2im's rows of the
   * small CNN (13 and 14 floats) were wholly scalar on AVX-512.
   */
  static void addRow(boolean simd, float[] x, int xo, float[] y, int yo, int n) {
    int j = 0;
    if (simd) {
      int bound = SPECIES.loopBound(n);
      body:
      for (; j < bound; j += LANES) {
        FloatVector.fromArray(SPECIES, y, yo + j)
            .add(FloatVector.fromArray(SPECIES, x, xo + j))
            .intoArray(y, yo + j);
      }
      if (HALF != null && n - j >= HALF_LANES) {
        FloatVector.fromArray(HALF, y, yo + j)
            .add(FloatVector.fromArray(HALF, x, xo + j))
            .intoArray(y, yo + j);
        j += HALF_LANES;
      }
    }
    tail:
    for (; j < n; j++) {
      y[yo + j] += x[xo + j];
    }
  }
}
