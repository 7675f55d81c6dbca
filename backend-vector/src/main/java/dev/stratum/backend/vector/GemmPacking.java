package dev.stratum.backend.vector;

import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of A and B into the panel layouts the {@link GemmKernels} read with unit stride.
 * Transposition is resolved here, so one kernel serves all four transpose cases. Panels past the
 * edge of the matrix are zero-padded: the kernel then always computes full tiles, and the zeros
 * contribute nothing to the sums.
 */
final class GemmPacking {

  private GemmPacking() {}

  /**
   * Packs rows {@code [i0, i0+mc)} and columns {@code [p0, p0+kc)} of {@code op(A)} into panels of
   * {@code mr} rows: panel {@code q} starts at {@code q·mr·kc}, element {@code (i, p)} of the panel
   * sits at {@code p·mr + i}, all from {@code dst[dstOff]}.
   *
   * <p>Each layout is read along its contiguous direction. Measured on Zen 3, ns per element at n =
   * 128 / 1024: A stored [m, k], row by row with the writes strided by mr: 0.8 / 0.8–0.9. A stored
   * [k, m], one k-step of mr contiguous elements at a time: 2.9 with an inner loop over mr, 0.5 /
   * 0.65 with the unrolled copies below; walking it row by row instead (stride m) thrashed L1 at
   * power-of-two m (3.5–3.9 at n = 1024). Unrolling the [m, k] case the same way gained under 10%,
   * within the noise, so it stays a plain loop.
   *
   * @param lda row length of A as stored: k without transposition, m with it
   */
  static void packA(
      float[] a,
      int aBase,
      int lda,
      boolean transA,
      int i0,
      int mc,
      int p0,
      int kc,
      int mr,
      float[] dst,
      int dstOff) {
    for (int ir = 0; ir < mc; ir += mr) {
      int rows = Math.min(mr, mc - ir);
      int panel = dstOff + ir * kc;
      if (transA && rows == mr) {
        packTransposedPanel(a, aBase + p0 * lda + i0 + ir, lda, kc, mr, dst, panel);
      } else if (transA) {
        // last, partial panel of A stored [k, m]
        int src = aBase + p0 * lda + i0 + ir;
        for (int p = 0; p < kc; p++, src += lda) {
          int d = panel + p * mr;
          for (int i = 0; i < rows; i++) {
            dst[d + i] = a[src + i];
          }
          for (int i = rows; i < mr; i++) {
            dst[d + i] = 0f;
          }
        }
      } else {
        // A stored [m, k]: read each row contiguously, write with stride mr
        for (int i = 0; i < rows; i++) {
          int src = aBase + (i0 + ir + i) * lda + p0;
          int d = panel + i;
          for (int p = 0; p < kc; p++, d += mr) {
            dst[d] = a[src + p];
          }
        }
        for (int i = rows; i < mr; i++) {
          int d = panel + i;
          for (int p = 0; p < kc; p++, d += mr) {
            dst[d] = 0f;
          }
        }
      }
    }
  }

  /** A full panel of A stored [k, m]: per k-step, mr contiguous elements, copied unrolled. */
  private static void packTransposedPanel(
      float[] a, int src, int lda, int kc, int mr, float[] dst, int d) {
    switch (mr) {
      case 4 -> {
        for (int p = 0; p < kc; p++, src += lda, d += 4) {
          dst[d] = a[src];
          dst[d + 1] = a[src + 1];
          dst[d + 2] = a[src + 2];
          dst[d + 3] = a[src + 3];
        }
      }
      case 5 -> {
        for (int p = 0; p < kc; p++, src += lda, d += 5) {
          dst[d] = a[src];
          dst[d + 1] = a[src + 1];
          dst[d + 2] = a[src + 2];
          dst[d + 3] = a[src + 3];
          dst[d + 4] = a[src + 4];
        }
      }
      default -> {
        for (int p = 0; p < kc; p++, src += lda, d += mr) {
          for (int i = 0; i < mr; i++) {
            dst[d + i] = a[src + i];
          }
        }
      }
    }
  }

  /**
   * Packs rows {@code [p0, p0+kc)} and columns {@code [j0, j0+nc)} of {@code op(B)} into panels of
   * {@link GemmKernels#NR} columns: panel {@code q} starts at {@code q·NR·kc}, element {@code (p,
   * j)} of the panel sits at {@code p·NR + j}, all from {@code dst[dstOff]}.
   *
   * @param ldb row length of B as stored: n without transposition, k with it
   */
  static void packB(
      float[] b,
      int bBase,
      int ldb,
      boolean transB,
      int p0,
      int kc,
      int j0,
      int nc,
      float[] dst,
      int dstOff) {
    final int nr = GemmKernels.NR;
    if (!transB) {
      packRowsOfB(b, bBase, ldb, p0, kc, j0, nc, dst, dstOff);
      return;
    }
    for (int jr = 0; jr < nc; jr += nr) {
      int cols = Math.min(nr, nc - jr);
      int panel = dstOff + jr * kc;
      // B stored [n, k]: each column of op(B) is a contiguous row of B
      for (int j = 0; j < cols; j++) {
        int src = bBase + (j0 + jr + j) * ldb + p0;
        int d = panel + j;
        for (int p = 0; p < kc; p++, d += nr) {
          dst[d] = b[src + p];
        }
      }
      for (int j = cols; j < nr; j++) {
        int d = panel + j;
        for (int p = 0; p < kc; p++, d += nr) {
          dst[d] = 0f;
        }
      }
    }
  }

  /**
   * {@link #packB} of B stored {@code [k, n]}: each row of the block is read once, left to right,
   * two vector copies per full panel, then the last partial panel with a scalar copy and zero fill.
   * Walking panel by panel instead reads each row {@code nc / NR} times, 64 bytes at a stride of a
   * row, a pattern the prefetcher loses on a block larger than L2 (a recurrent layer's gradient
   * over all steps, {@code [3200, 512]}, packed at about 1.4 ns per float that way).
   */
  private static void packRowsOfB(
      float[] b, int bBase, int ldb, int p0, int kc, int j0, int nc, float[] dst, int dstOff) {
    final int nr = GemmKernels.NR;
    final int lanes = GemmKernels.LANES;
    final int panelSize = nr * kc;
    int full = nc / nr * nr;
    for (int p = 0; p < kc; p++) {
      int src = bBase + (p0 + p) * ldb + j0;
      int d = dstOff + p * nr;
      for (int jr = 0; jr < full; jr += nr, d += panelSize) {
        FloatVector.fromArray(GemmKernels.SPECIES, b, src + jr).intoArray(dst, d);
        FloatVector.fromArray(GemmKernels.SPECIES, b, src + jr + lanes).intoArray(dst, d + lanes);
      }
    }
    if (full == nc) {
      return;
    }
    int cols = nc - full;
    int src = bBase + p0 * ldb + j0 + full;
    for (int p = 0, d = dstOff + full * kc; p < kc; p++, src += ldb, d += nr) {
      for (int j = 0; j < cols; j++) {
        dst[d + j] = b[src + j];
      }
      for (int j = cols; j < nr; j++) {
        dst[d + j] = 0f;
      }
    }
  }
}
