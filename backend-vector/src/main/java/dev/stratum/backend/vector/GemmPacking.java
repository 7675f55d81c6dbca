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
   * 0.65 with unrolled copies; walking it row by row instead (stride m) thrashed L1 at power-of-two
   * m (3.5–3.9 at n = 1024). The full panels of [k, m] now take four k-steps of every panel per
   * pass ({@link #packTransposedPanels}). Unrolling the [m, k] case gained under 10%, within the
   * noise, so it stays a plain loop.
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
    int first = 0;
    if (transA) {
      // the full panels of A stored [k, m] together, four k-steps at a time (below)
      first = mc / mr * mr;
      packTransposedPanels(a, aBase + p0 * lda + i0, lda, kc, mr, first, dst, dstOff);
    }
    for (int ir = first; ir < mc; ir += mr) {
      int rows = Math.min(mr, mc - ir);
      int panel = dstOff + ir * kc;
      if (transA) {
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
        packAcross(a, aBase + (i0 + ir) * lda + p0, lda, kc, rows, mr, dst, panel);
      }
    }
  }

  /**
   * The first {@code cols} rows of op(A) (a multiple of mr) of A stored {@code [k, m]}, as full
   * panels. Four k-steps at a time, each panel gets its {@code 4·mr} elements (with mr = 4 one
   * cache line) from four stored rows read left to right. Walking one panel at a time instead reads
   * mr elements per stored row at a stride of a row: at a power-of-two row length those addresses
   * share a few L1 sets, which a block of 256 k-steps overflows (a recurrent layer's {@code H}
   * transposed in its weight gradient, rows of 128 floats: about 3 ns per element).
   */
  private static void packTransposedPanels(
      float[] a, int src, int lda, int kc, int mr, int cols, float[] dst, int d) {
    int panelSize = mr * kc;
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
      int s0 = src + p * lda;
      int s1 = s0 + lda;
      int s2 = s1 + lda;
      int s3 = s2 + lda;
      int o = d + p * mr;
      if (mr == 4) {
        // unrolled: a loop over mr here ran at several times the cost per element
        for (int ir = 0; ir < cols; ir += 4, o += panelSize) {
          dst[o] = a[s0 + ir];
          dst[o + 1] = a[s0 + ir + 1];
          dst[o + 2] = a[s0 + ir + 2];
          dst[o + 3] = a[s0 + ir + 3];
          dst[o + 4] = a[s1 + ir];
          dst[o + 5] = a[s1 + ir + 1];
          dst[o + 6] = a[s1 + ir + 2];
          dst[o + 7] = a[s1 + ir + 3];
          dst[o + 8] = a[s2 + ir];
          dst[o + 9] = a[s2 + ir + 1];
          dst[o + 10] = a[s2 + ir + 2];
          dst[o + 11] = a[s2 + ir + 3];
          dst[o + 12] = a[s3 + ir];
          dst[o + 13] = a[s3 + ir + 1];
          dst[o + 14] = a[s3 + ir + 2];
          dst[o + 15] = a[s3 + ir + 3];
        }
        continue;
      }
      for (int ir = 0; ir < cols; ir += mr, o += panelSize) {
        for (int i = 0; i < mr; i++) {
          dst[o + i] = a[s0 + ir + i];
          dst[o + mr + i] = a[s1 + ir + i];
          dst[o + 2 * mr + i] = a[s2 + ir + i];
          dst[o + 3 * mr + i] = a[s3 + ir + i];
        }
      }
    }
    for (; p < kc; p++) {
      int s0 = src + p * lda;
      int o = d + p * mr;
      for (int ir = 0; ir < cols; ir += mr, o += panelSize) {
        for (int i = 0; i < mr; i++) {
          dst[o + i] = a[s0 + ir + i];
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
      // B stored [n, k]: each column of op(B) is a contiguous row of B
      int src = bBase + (j0 + jr) * ldb + p0;
      packAcross(b, src, ldb, kc, Math.min(nr, nc - jr), nr, dst, dstOff + jr * kc);
    }
  }

  /**
   * One panel {@code width} wide from {@code count} stored rows of {@code kc} contiguous floats,
   * row {@code v} at {@code src + v·ld}: element {@code p} of row {@code v} goes to {@code d +
   * p·width + v}, and the slots of rows {@code count … width − 1} are zero. A panel of op(A) stored
   * {@code [m, k]} or of op(B) stored {@code [n, k]}.
   */
  private static void packAcross(
      float[] a, int src, int ld, int kc, int count, int width, float[] dst, int d) {
    for (int v = 0; v < count; v++) {
      int from = src + v * ld;
      for (int p = 0, o = d + v; p < kc; p++, o += width) {
        dst[o] = a[from + p];
      }
    }
    for (int v = count; v < width; v++) {
      for (int p = 0, o = d + v; p < kc; p++, o += width) {
        dst[o] = 0f;
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
