package dev.stratum.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = A·Bᵀ} with A stored {@code [m, k]} and B stored {@code [n, k]}, both rows contiguous
 * in k, computed as {@code m·n} dot products of rows, nothing packed: the shape of a convolution's
 * weight gradient per image ({@code dY·colsᵀ}, {@code [outC, P]} by {@code [C·kh·kw, P]}) and of a
 * dense layer with few outputs ({@code x·Wᵀ}, {@code [batch, in]} by {@code [out, in]}).
 *
 * <p>Why: {@link VectorGemm} packs B into panels of {@link GemmKernels#NR} columns, zero-padded;
 * with {@code n} below NR most of each panel is zeros that the micro-kernel multiplies anyway, and
 * the transposing copy of a B stored {@code [n, k]} costs about a nanosecond per packed element.
 * The first convolution of the small CNN has {@code n = 9} ({@code 1·3·3}): on Zen 4 (16 lanes, NR
 * = 32) its per-image {@code [16, 784]·[9, 784]ᵀ} ran at 10 GFLOP/s that way.
 *
 * <p>Each kernel keeps one vector accumulator per output: the products of whole vectors of k
 * fused-multiply-added lane by lane, then, where k is not a multiple of the lane count, the last
 * {@code LANES} floats of both rows multiplied (overlapping the vector before) and only their lanes
 * past the last whole vector added (needs {@code k ≥ LANES}; {@link VectorGemm#DOT_MIN_K} is
 * larger), then the lanes summed in the fixed tree of {@link VectorMath#sumLanes}, not with {@code
 * reduceLanes}, whose order of additions changes when C2 compiles the caller. Measured on Zen 4
 * ({@code [64, k]·[10, k]ᵀ}): a scalar tail of k cost more than the vectors before it (k = 100 ran
 * at half the speed of k = 96: a dependent chain after each lane sum); masked loads, and {@code
 * blend} against zero, were slower still. Four rows of A against two of B (eight accumulators, six
 * loads per eight FMAs) is the largest block kept in registers without boxing (see {@link
 * GemmKernels}); its eight lane sums are added in scalar code from a per-thread array, because
 * eight inlined {@code sumLanes} exceeded C2's inlining budget and boxed the rest (4× slower at k =
 * 96). The edges take one column or one row at a time. Every output is summed the same way in every
 * kernel and whatever the split over threads, so the result depends neither on the thread count nor
 * on the JIT tier.
 */
final class GemmDots {

  private static final VectorSpecies<Float> SPECIES = GemmKernels.SPECIES;
  private static final int LANES = GemmKernels.LANES;

  /** Each thread's room for the eight accumulators of {@link #fourByTwo}. */
  private static final ThreadLocal<float[]> SUMS =
      ThreadLocal.withInitial(() -> new float[8 * LANES]);

  private GemmDots() {}

  /**
   * Rows {@code [i0, i1)} of {@code C[m, n] = A·Bᵀ} for A at {@code aOff} ({@code [m, k]}), B at
   * {@code bOff} ({@code [n, k]}) and C at {@code cOff}; C is overwritten.
   */
  static void rows(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int i0, int i1) {
    float[] sums = SUMS.get();
    int i = i0;
    for (; i + 4 <= i1; i += 4) {
      int ai = aOff + i * k;
      int ci = cOff + i * n;
      int j = 0;
      for (; j + 2 <= n; j += 2) {
        fourByTwo(a, ai, b, bOff + j * k, k, c, ci + j, n, sums);
      }
      if (j < n) {
        fourByOne(a, ai, k, b, bOff + j * k, c, ci + j, n);
      }
    }
    for (; i < i1; i++) {
      int ai = aOff + i * k;
      int ci = cOff + i * n;
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        // one row of A against four of B is fourByOne with the operands' roles exchanged
        fourByOne(b, bOff + j * k, k, a, ai, c, ci + j, 1);
      }
      for (; j < n; j++) {
        c[ci + j] = dot(a, ai, b, bOff + j * k, k);
      }
    }
  }

  /** Rows {@code x..x+3} of A against rows {@code y, y+1} of B into {@code C[r, 0..1]}. */
  private static void fourByTwo(
      float[] x, int x0, float[] y, int y0, int k, float[] c, int c0, int ldc, float[] sums) {
    var s = SPECIES;
    FloatVector s00 = FloatVector.zero(s), s01 = FloatVector.zero(s);
    FloatVector s10 = FloatVector.zero(s), s11 = FloatVector.zero(s);
    FloatVector s20 = FloatVector.zero(s), s21 = FloatVector.zero(s);
    FloatVector s30 = FloatVector.zero(s), s31 = FloatVector.zero(s);
    int bound = s.loopBound(k);
    int x1 = x0 + k;
    int x2 = x1 + k;
    int x3 = x2 + k;
    int y1 = y0 + k;
    for (int p = 0; p < bound; p += LANES) {
      FloatVector b0 = FloatVector.fromArray(s, y, y0 + p);
      FloatVector b1 = FloatVector.fromArray(s, y, y1 + p);
      FloatVector a0 = FloatVector.fromArray(s, x, x0 + p);
      s00 = a0.fma(b0, s00);
      s01 = a0.fma(b1, s01);
      FloatVector a1 = FloatVector.fromArray(s, x, x1 + p);
      s10 = a1.fma(b0, s10);
      s11 = a1.fma(b1, s11);
      FloatVector a2 = FloatVector.fromArray(s, x, x2 + p);
      s20 = a2.fma(b0, s20);
      s21 = a2.fma(b1, s21);
      FloatVector a3 = FloatVector.fromArray(s, x, x3 + p);
      s30 = a3.fma(b0, s30);
      s31 = a3.fma(b1, s31);
    }
    if (bound < k) {
      // the last LANES floats, overlapping the chunk before: only lanes past bound are added
      int last = k - LANES;
      VectorMask<Float> fresh = freshLanes(k - bound);
      FloatVector b0 = FloatVector.fromArray(s, y, y0 + last);
      FloatVector b1 = FloatVector.fromArray(s, y, y1 + last);
      FloatVector a0 = FloatVector.fromArray(s, x, x0 + last);
      s00 = s00.add(a0.mul(b0), fresh);
      s01 = s01.add(a0.mul(b1), fresh);
      FloatVector a1 = FloatVector.fromArray(s, x, x1 + last);
      s10 = s10.add(a1.mul(b0), fresh);
      s11 = s11.add(a1.mul(b1), fresh);
      FloatVector a2 = FloatVector.fromArray(s, x, x2 + last);
      s20 = s20.add(a2.mul(b0), fresh);
      s21 = s21.add(a2.mul(b1), fresh);
      FloatVector a3 = FloatVector.fromArray(s, x, x3 + last);
      s30 = s30.add(a3.mul(b0), fresh);
      s31 = s31.add(a3.mul(b1), fresh);
    }
    // the lanes summed in scalar code, in sumLanes's order (eight calls of it did not all inline,
    // and the vectors of those not inlined were boxed)
    s00.intoArray(sums, 0);
    s01.intoArray(sums, LANES);
    s10.intoArray(sums, 2 * LANES);
    s11.intoArray(sums, 3 * LANES);
    s20.intoArray(sums, 4 * LANES);
    s21.intoArray(sums, 5 * LANES);
    s30.intoArray(sums, 6 * LANES);
    s31.intoArray(sums, 7 * LANES);
    c[c0] = sumLanes(sums, 0);
    c[c0 + 1] = sumLanes(sums, LANES);
    c[c0 + ldc] = sumLanes(sums, 2 * LANES);
    c[c0 + ldc + 1] = sumLanes(sums, 3 * LANES);
    c[c0 + 2 * ldc] = sumLanes(sums, 4 * LANES);
    c[c0 + 2 * ldc + 1] = sumLanes(sums, 5 * LANES);
    c[c0 + 3 * ldc] = sumLanes(sums, 6 * LANES);
    c[c0 + 3 * ldc + 1] = sumLanes(sums, 7 * LANES);
  }

  /**
   * The {@code LANES} floats from {@code at} added as {@link VectorMath#sumLanes} adds the lanes of
   * a vector: lane i plus lane i + w for w = LANES/2, …, 2, 1 (so that every kernel here gives an
   * output the same bits).
   */
  private static float sumLanes(float[] t, int at) {
    for (int w = LANES / 2; w >= 1; w /= 2) {
      for (int i = at; i < at + w; i++) {
        t[i] += t[i + w];
      }
    }
    return t[at];
  }

  /**
   * Rows {@code x..x+3} (each {@code k} long, consecutive) against the one row at {@code y}: the
   * four dot products go to {@code c[c0 + r·step]}.
   */
  private static void fourByOne(
      float[] x, int x0, int k, float[] y, int y0, float[] c, int c0, int step) {
    var s = SPECIES;
    FloatVector s0 = FloatVector.zero(s), s1 = FloatVector.zero(s);
    FloatVector s2 = FloatVector.zero(s), s3 = FloatVector.zero(s);
    int bound = s.loopBound(k);
    int x1 = x0 + k;
    int x2 = x1 + k;
    int x3 = x2 + k;
    for (int p = 0; p < bound; p += LANES) {
      FloatVector b = FloatVector.fromArray(s, y, y0 + p);
      s0 = FloatVector.fromArray(s, x, x0 + p).fma(b, s0);
      s1 = FloatVector.fromArray(s, x, x1 + p).fma(b, s1);
      s2 = FloatVector.fromArray(s, x, x2 + p).fma(b, s2);
      s3 = FloatVector.fromArray(s, x, x3 + p).fma(b, s3);
    }
    if (bound < k) {
      int last = k - LANES;
      VectorMask<Float> fresh = freshLanes(k - bound);
      FloatVector b = FloatVector.fromArray(s, y, y0 + last);
      s0 = s0.add(FloatVector.fromArray(s, x, x0 + last).mul(b), fresh);
      s1 = s1.add(FloatVector.fromArray(s, x, x1 + last).mul(b), fresh);
      s2 = s2.add(FloatVector.fromArray(s, x, x2 + last).mul(b), fresh);
      s3 = s3.add(FloatVector.fromArray(s, x, x3 + last).mul(b), fresh);
    }
    c[c0] = VectorMath.sumLanes(s0);
    c[c0 + step] = VectorMath.sumLanes(s1);
    c[c0 + 2 * step] = VectorMath.sumLanes(s2);
    c[c0 + 3 * step] = VectorMath.sumLanes(s3);
  }

  /** Lane indices 0, 1, … as floats. */
  private static final FloatVector IOTA = FloatVector.zero(SPECIES).addIndex(1);

  /** The last {@code count} lanes ({@code 0 < count < LANES}). */
  private static VectorMask<Float> freshLanes(int count) {
    return IOTA.compare(VectorOperators.GE, LANES - count);
  }

  /** One dot product of {@code k} floats. */
  private static float dot(float[] x, int x0, float[] y, int y0, int k) {
    var s = SPECIES;
    FloatVector sum = FloatVector.zero(s);
    int bound = s.loopBound(k);
    for (int p = 0; p < bound; p += LANES) {
      sum = FloatVector.fromArray(s, x, x0 + p).fma(FloatVector.fromArray(s, y, y0 + p), sum);
    }
    if (bound < k) {
      int last = k - LANES;
      FloatVector product =
          FloatVector.fromArray(s, x, x0 + last).mul(FloatVector.fromArray(s, y, y0 + last));
      sum = sum.add(product, freshLanes(k - bound));
    }
    return VectorMath.sumLanes(sum);
  }
}
