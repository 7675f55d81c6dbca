package dev.stratum.backend.vector;

import java.util.function.IntUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Copies blocks of A and B into the panel layouts the {@link GemmKernels} read with unit stride.
 * Transposition is resolved here, so one kernel serves all four transpose cases. Panels past the
 * edge of the matrix are zero-padded: the kernel then always computes full tiles, and the zeros
 * contribute nothing to the sums.
 */
final class GemmPacking {

  private GemmPacking() {}

  /**
   * Whether full panels of B stored {@code [n, k]} are transposed in vector registers, a block of
   * {@code LANES × LANES} at a time ({@link #packTransposed16}, {@link #packTransposed8}): on 16-
   * and 8-lane machines unless {@code -Dstratum.gemm.transposeInVectors=false}. Measured on Zen 4
   * (one thread, panels of a {@code [256, 784]} and a {@code [784, 256]} B): 0.21–0.27 ns per
   * element against 0.53–0.66 for the scalar strided copy of {@link #packAcross}; on Zen 3 (8
   * lanes, AVX2; panels of {@code [256, 784]}, {@code [144, 196]}, {@code [512, 128]}) 0.33–0.49
   * against 0.47–0.86.
   */
  static final boolean TRANSPOSE_IN_VECTORS =
      (GemmKernels.LANES == 16 || GemmKernels.LANES == 8)
          && Boolean.parseBoolean(System.getProperty("stratum.gemm.transposeInVectors", "true"));

  /**
   * Lane indices of the stages of the 16-lane transpose, for {@code selectFrom(x, y)}: at stage
   * {@code s} (half-width {@code h = LANES / 2 >> s}) rows {@code x} and {@code y = x + h} swap
   * their off-diagonal {@code h}-lane blocks. Index {@code j < LANES} takes lane j of x, {@code
   * LANES + j} lane j of y.
   */
  private static final FloatVector[] LOW;

  private static final FloatVector[] HIGH;

  static {
    int lanes = GemmKernels.LANES;
    // only the 16-lane transpose reads them (the 8-lane one permutes and blends, below)
    int stages = lanes == 16 ? Integer.numberOfTrailingZeros(lanes) : 0;
    LOW = new FloatVector[stages];
    HIGH = new FloatVector[stages];
    for (int stage = 0; stage < stages; stage++) {
      int h = lanes / 2 >> stage;
      LOW[stage] = indices(j -> (j & h) == 0 ? j : lanes + j - h);
      HIGH[stage] = indices(j -> (j & h) == 0 ? j + h : lanes + j);
    }
  }

  /** The {@code selectFrom} index vector with {@code index(j)} in lane j. */
  private static FloatVector indices(IntUnaryOperator index) {
    float[] lanes = new float[GemmKernels.LANES];
    for (int j = 0; j < lanes.length; j++) {
      lanes[j] = index.applyAsInt(j);
    }
    return FloatVector.fromArray(GemmKernels.SPECIES, lanes, 0);
  }

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
        int src = aBase + (i0 + ir) * lda + p0;
        int done = 0;
        if (FOUR_ROWS_IN_VECTORS && mr == 4 && rows == 4) {
          done = kc / 16 * 16;
          for (int p = 0; p < done; p += 16) {
            packFourRows16(a, src + p, lda, dst, panel + 4 * p);
          }
        }
        packAcross(a, src + done, lda, kc - done, rows, mr, dst, panel + mr * done);
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
      int count = Math.min(nr, nc - jr);
      int d = dstOff + jr * kc;
      int done = 0;
      if (TRANSPOSE_IN_VECTORS && count == nr) {
        final int lanes = GemmKernels.LANES;
        done = kc / lanes * lanes;
        for (int v0 = 0; v0 < nr; v0 += lanes) {
          for (int p = 0; p < done; p += lanes) {
            if (lanes == 16) {
              packTransposed16(b, src + v0 * ldb + p, ldb, dst, d + p * nr + v0, nr);
            } else {
              packTransposed8(b, src + v0 * ldb + p, ldb, dst, d + p * nr + v0, nr);
            }
          }
        }
      }
      packAcross(b, src + done, ldb, kc - done, count, nr, dst, d + done * nr);
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
   * Whether full 4-row panels of A stored {@code [m, k]} are interleaved in vector registers
   * ({@link #packFourRows16}): with 16 lanes, where a two-source {@code selectFrom} is one
   * instruction (AVX-512's {@code vpermt2ps}); elsewhere the scalar strided copy of {@link
   * #packAcross}. Off with {@code -Dstratum.gemm.fourRowsInVectors=false}.
   */
  static final boolean FOUR_ROWS_IN_VECTORS =
      GemmKernels.LANES == 16
          && Boolean.parseBoolean(System.getProperty("stratum.gemm.fourRowsInVectors", "true"));

  /**
   * {@code selectFrom} indices of {@link #packFourRows16}: {@code PAIR_LOW} interleaves the first
   * eight lanes of two rows ({@code x0 y0 x1 y1 …}), {@code PAIR_HIGH} the last eight; {@code
   * QUAD_LOW} interleaves the first eight lanes of two such vectors two lanes at a time ({@code x0
   * x1 y0 y1 x2 x3 y2 y3 …}), {@code QUAD_HIGH} the last eight. Null without 16 lanes.
   */
  private static final FloatVector PAIR_LOW = fourRowsIndex(j -> j % 2 == 0 ? j / 2 : 16 + j / 2);

  private static final FloatVector PAIR_HIGH =
      fourRowsIndex(j -> j % 2 == 0 ? 8 + j / 2 : 24 + j / 2);

  private static final FloatVector QUAD_LOW =
      fourRowsIndex(j -> (j % 4 < 2 ? 0 : 14) + 2 * (j / 4) + j % 4);

  private static final FloatVector QUAD_HIGH =
      fourRowsIndex(j -> (j % 4 < 2 ? 0 : 14) + 2 * (j / 4) + j % 4 + 8);

  private static FloatVector fourRowsIndex(IntUnaryOperator index) {
    return GemmKernels.LANES == 16 ? indices(index) : null;
  }

  /**
   * Sixteen k-steps of a 4-row panel of A stored {@code [m, k]}: element {@code p} of stored row
   * {@code v} (at {@code src + v·ld + p}) goes to {@code d + 4p + v}. Four loads, two rounds of
   * four two-source selections (pairs of rows, then pairs of those), four stores, where the scalar
   * copy makes 64 strided stores.
   */
  private static void packFourRows16(float[] a, int src, int ld, float[] dst, int d) {
    var s = GemmKernels.SPECIES;
    FloatVector r0 = FloatVector.fromArray(s, a, src);
    FloatVector r1 = FloatVector.fromArray(s, a, src + ld);
    FloatVector r2 = FloatVector.fromArray(s, a, src + 2 * ld);
    FloatVector r3 = FloatVector.fromArray(s, a, src + 3 * ld);
    FloatVector t0 = PAIR_LOW.selectFrom(r0, r1);
    FloatVector t1 = PAIR_HIGH.selectFrom(r0, r1);
    FloatVector t2 = PAIR_LOW.selectFrom(r2, r3);
    FloatVector t3 = PAIR_HIGH.selectFrom(r2, r3);
    QUAD_LOW.selectFrom(t0, t2).intoArray(dst, d);
    QUAD_HIGH.selectFrom(t0, t2).intoArray(dst, d + 16);
    QUAD_LOW.selectFrom(t1, t3).intoArray(dst, d + 32);
    QUAD_HIGH.selectFrom(t1, t3).intoArray(dst, d + 48);
  }

  /**
   * Transposes the 16 × 16 block of 16 stored rows from {@code src} (row length {@code ld}) into 16
   * rows of a panel {@code width} wide from {@code d}: element {@code p} of stored row {@code v}
   * goes to {@code d + p·width + v}. Sixteen loads, four stages of eight pairs of two-register
   * selections (each a single permute of two registers on AVX-512), sixteen stores.
   */
  private static void packTransposed16(float[] a, int src, int ld, float[] dst, int d, int width) {
    var s = GemmKernels.SPECIES;
    FloatVector r0 = FloatVector.fromArray(s, a, src);
    FloatVector r1 = FloatVector.fromArray(s, a, src + ld);
    FloatVector r2 = FloatVector.fromArray(s, a, src + 2 * ld);
    FloatVector r3 = FloatVector.fromArray(s, a, src + 3 * ld);
    FloatVector r4 = FloatVector.fromArray(s, a, src + 4 * ld);
    FloatVector r5 = FloatVector.fromArray(s, a, src + 5 * ld);
    FloatVector r6 = FloatVector.fromArray(s, a, src + 6 * ld);
    FloatVector r7 = FloatVector.fromArray(s, a, src + 7 * ld);
    FloatVector r8 = FloatVector.fromArray(s, a, src + 8 * ld);
    FloatVector r9 = FloatVector.fromArray(s, a, src + 9 * ld);
    FloatVector r10 = FloatVector.fromArray(s, a, src + 10 * ld);
    FloatVector r11 = FloatVector.fromArray(s, a, src + 11 * ld);
    FloatVector r12 = FloatVector.fromArray(s, a, src + 12 * ld);
    FloatVector r13 = FloatVector.fromArray(s, a, src + 13 * ld);
    FloatVector r14 = FloatVector.fromArray(s, a, src + 14 * ld);
    FloatVector r15 = FloatVector.fromArray(s, a, src + 15 * ld);
    FloatVector t;
    // stage 0: rows 8 apart swap blocks of 8 lanes
    FloatVector lo = LOW[0];
    FloatVector hi = HIGH[0];
    t = lo.selectFrom(r0, r8);
    r8 = hi.selectFrom(r0, r8);
    r0 = t;
    t = lo.selectFrom(r1, r9);
    r9 = hi.selectFrom(r1, r9);
    r1 = t;
    t = lo.selectFrom(r2, r10);
    r10 = hi.selectFrom(r2, r10);
    r2 = t;
    t = lo.selectFrom(r3, r11);
    r11 = hi.selectFrom(r3, r11);
    r3 = t;
    t = lo.selectFrom(r4, r12);
    r12 = hi.selectFrom(r4, r12);
    r4 = t;
    t = lo.selectFrom(r5, r13);
    r13 = hi.selectFrom(r5, r13);
    r5 = t;
    t = lo.selectFrom(r6, r14);
    r14 = hi.selectFrom(r6, r14);
    r6 = t;
    t = lo.selectFrom(r7, r15);
    r15 = hi.selectFrom(r7, r15);
    r7 = t;
    // stage 1: rows 4 apart, blocks of 4 lanes
    lo = LOW[1];
    hi = HIGH[1];
    t = lo.selectFrom(r0, r4);
    r4 = hi.selectFrom(r0, r4);
    r0 = t;
    t = lo.selectFrom(r1, r5);
    r5 = hi.selectFrom(r1, r5);
    r1 = t;
    t = lo.selectFrom(r2, r6);
    r6 = hi.selectFrom(r2, r6);
    r2 = t;
    t = lo.selectFrom(r3, r7);
    r7 = hi.selectFrom(r3, r7);
    r3 = t;
    t = lo.selectFrom(r8, r12);
    r12 = hi.selectFrom(r8, r12);
    r8 = t;
    t = lo.selectFrom(r9, r13);
    r13 = hi.selectFrom(r9, r13);
    r9 = t;
    t = lo.selectFrom(r10, r14);
    r14 = hi.selectFrom(r10, r14);
    r10 = t;
    t = lo.selectFrom(r11, r15);
    r15 = hi.selectFrom(r11, r15);
    r11 = t;
    // stage 2: rows 2 apart, blocks of 2 lanes
    lo = LOW[2];
    hi = HIGH[2];
    t = lo.selectFrom(r0, r2);
    r2 = hi.selectFrom(r0, r2);
    r0 = t;
    t = lo.selectFrom(r1, r3);
    r3 = hi.selectFrom(r1, r3);
    r1 = t;
    t = lo.selectFrom(r4, r6);
    r6 = hi.selectFrom(r4, r6);
    r4 = t;
    t = lo.selectFrom(r5, r7);
    r7 = hi.selectFrom(r5, r7);
    r5 = t;
    t = lo.selectFrom(r8, r10);
    r10 = hi.selectFrom(r8, r10);
    r8 = t;
    t = lo.selectFrom(r9, r11);
    r11 = hi.selectFrom(r9, r11);
    r9 = t;
    t = lo.selectFrom(r12, r14);
    r14 = hi.selectFrom(r12, r14);
    r12 = t;
    t = lo.selectFrom(r13, r15);
    r15 = hi.selectFrom(r13, r15);
    r13 = t;
    // stage 3: neighbouring rows, single lanes
    lo = LOW[3];
    hi = HIGH[3];
    t = lo.selectFrom(r0, r1);
    r1 = hi.selectFrom(r0, r1);
    r0 = t;
    t = lo.selectFrom(r2, r3);
    r3 = hi.selectFrom(r2, r3);
    r2 = t;
    t = lo.selectFrom(r4, r5);
    r5 = hi.selectFrom(r4, r5);
    r4 = t;
    t = lo.selectFrom(r6, r7);
    r7 = hi.selectFrom(r6, r7);
    r6 = t;
    t = lo.selectFrom(r8, r9);
    r9 = hi.selectFrom(r8, r9);
    r8 = t;
    t = lo.selectFrom(r10, r11);
    r11 = hi.selectFrom(r10, r11);
    r10 = t;
    t = lo.selectFrom(r12, r13);
    r13 = hi.selectFrom(r12, r13);
    r12 = t;
    t = lo.selectFrom(r14, r15);
    r15 = hi.selectFrom(r14, r15);
    r14 = t;
    r0.intoArray(dst, d);
    r1.intoArray(dst, d + width);
    r2.intoArray(dst, d + 2 * width);
    r3.intoArray(dst, d + 3 * width);
    r4.intoArray(dst, d + 4 * width);
    r5.intoArray(dst, d + 5 * width);
    r6.intoArray(dst, d + 6 * width);
    r7.intoArray(dst, d + 7 * width);
    r8.intoArray(dst, d + 8 * width);
    r9.intoArray(dst, d + 9 * width);
    r10.intoArray(dst, d + 10 * width);
    r11.intoArray(dst, d + 11 * width);
    r12.intoArray(dst, d + 12 * width);
    r13.intoArray(dst, d + 13 * width);
    r14.intoArray(dst, d + 14 * width);
    r15.intoArray(dst, d + 15 * width);
  }

  /**
   * The stages of the 8-lane transpose as single-source permutes and blends, for {@link #low} and
   * {@link #high}: at stage {@code s} (half-width {@code h = 4 >> s}) {@code SHIFT_UP[s]} moves
   * lane {@code j − h} to lane j, {@code SHIFT_DOWN[s]} lane {@code j + h} to lane j, and {@code
   * UPPER[s]} holds the lanes with bit h set. AVX2 has no two-source permute: {@code selectFrom(x,
   * y)} there ran at 0.64–0.69 ns per packed element on Zen 3, no faster than the scalar copy
   * (0.47–0.86); a permute and a blend per output vector run at 0.33–0.49. (On 16 lanes, where
   * AVX-512 has the two-source permute, {@link #packTransposed16} keeps {@code selectFrom}.)
   */
  @SuppressWarnings("unchecked")
  private static final VectorShuffle<Float>[] SHIFT_UP = new VectorShuffle[3];

  @SuppressWarnings("unchecked")
  private static final VectorShuffle<Float>[] SHIFT_DOWN = new VectorShuffle[3];

  @SuppressWarnings("unchecked")
  private static final VectorMask<Float>[] UPPER = new VectorMask[3];

  static {
    if (GemmKernels.LANES == 8) {
      for (int stage = 0; stage < 3; stage++) {
        int h = 4 >> stage;
        SHIFT_UP[stage] = Simd.shuffle(j -> (j & h) != 0 ? j - h : j);
        SHIFT_DOWN[stage] = Simd.shuffle(j -> (j & h) != 0 ? j : j + h);
        UPPER[stage] = Simd.mask(j -> (j & h) != 0);
      }
    }
  }

  /** Lanes {@code j} of x where bit h of j is clear, else lane {@code j − h} of y. */
  private static FloatVector low(int stage, FloatVector x, FloatVector y) {
    return x.blend(y.rearrange(SHIFT_UP[stage]), UPPER[stage]);
  }

  /** Lane {@code j + h} of x where bit h of j is clear, else lane j of y. */
  private static FloatVector high(int stage, FloatVector x, FloatVector y) {
    return x.rearrange(SHIFT_DOWN[stage]).blend(y, UPPER[stage]);
  }

  /**
   * {@link #packTransposed16} for 8 lanes: an 8 × 8 block in three stages of four pairs, each pair
   * exchanged by {@link #low} and {@link #high}.
   */
  private static void packTransposed8(float[] a, int src, int ld, float[] dst, int d, int width) {
    var s = GemmKernels.SPECIES;
    FloatVector r0 = FloatVector.fromArray(s, a, src);
    FloatVector r1 = FloatVector.fromArray(s, a, src + ld);
    FloatVector r2 = FloatVector.fromArray(s, a, src + 2 * ld);
    FloatVector r3 = FloatVector.fromArray(s, a, src + 3 * ld);
    FloatVector r4 = FloatVector.fromArray(s, a, src + 4 * ld);
    FloatVector r5 = FloatVector.fromArray(s, a, src + 5 * ld);
    FloatVector r6 = FloatVector.fromArray(s, a, src + 6 * ld);
    FloatVector r7 = FloatVector.fromArray(s, a, src + 7 * ld);
    FloatVector t;
    // stage 0: rows 4 apart swap blocks of 4 lanes
    t = low(0, r0, r4);
    r4 = high(0, r0, r4);
    r0 = t;
    t = low(0, r1, r5);
    r5 = high(0, r1, r5);
    r1 = t;
    t = low(0, r2, r6);
    r6 = high(0, r2, r6);
    r2 = t;
    t = low(0, r3, r7);
    r7 = high(0, r3, r7);
    r3 = t;
    // stage 1: rows 2 apart, blocks of 2 lanes
    t = low(1, r0, r2);
    r2 = high(1, r0, r2);
    r0 = t;
    t = low(1, r1, r3);
    r3 = high(1, r1, r3);
    r1 = t;
    t = low(1, r4, r6);
    r6 = high(1, r4, r6);
    r4 = t;
    t = low(1, r5, r7);
    r7 = high(1, r5, r7);
    r5 = t;
    // stage 2: neighbouring rows, single lanes
    t = low(2, r0, r1);
    r1 = high(2, r0, r1);
    r0 = t;
    t = low(2, r2, r3);
    r3 = high(2, r2, r3);
    r2 = t;
    t = low(2, r4, r5);
    r5 = high(2, r4, r5);
    r4 = t;
    t = low(2, r6, r7);
    r7 = high(2, r6, r7);
    r6 = t;
    r0.intoArray(dst, d);
    r1.intoArray(dst, d + width);
    r2.intoArray(dst, d + 2 * width);
    r3.intoArray(dst, d + 3 * width);
    r4.intoArray(dst, d + 4 * width);
    r5.intoArray(dst, d + 5 * width);
    r6.intoArray(dst, d + 6 * width);
    r7.intoArray(dst, d + 7 * width);
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
