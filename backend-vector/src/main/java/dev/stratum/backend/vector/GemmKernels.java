package dev.stratum.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked micro-kernels of {@link VectorGemm}: each computes an {@code MR × NR} tile of C
 * from one packed A panel ({@code kc × MR}, row {@code p} of the panel holds column {@code p} of
 * the tile's rows) and one packed B panel ({@code kc × NR}), with {@code NR = 2} vectors.
 *
 * <p>Why the shapes: per step {@code p} the kernel loads two B vectors, broadcasts MR elements of A
 * and issues {@code 2·MR} independent FMAs. Two FMA pipes with a latency of four cycles need at
 * least eight independent accumulators to stay busy; each extra row amortises the two B loads over
 * more FMAs. The upper bound is what C2 keeps in registers, which is less than the register file:
 * on AVX2 (16 registers) 5 or 6 rows (10 or 12 accumulators + 2 B vectors + 1 broadcast) ran at
 * less than half the speed of 4 rows, and with AVX-512 C2 was seen to spill and box vectors
 * (allocation, GC) once 12 or more accumulators are live; on Zen 4 with AVX-512, 5 and 6 rows were
 * no faster than 4 on large products and slower on small ones. So the default is 4 rows with either
 * ({@link VectorGemm#MR}), and 6 for large products on a core with two full-width 512-bit FMA pipes
 * such as Zen 5, where 12 accumulators measured faster without spilling ({@link
 * VectorGemm#WIDE_MR}); all three shapes are kept for tuning ({@code -Dstratum.gemm.mr}). The
 * accumulators are plain local variables, never arrays or fields, and no vector leaves these
 * methods, so C2 keeps them in registers without allocating. Indices are written as {@code base +
 * p·stride} of the loop variable so that C2 can hoist the range checks out of the loop.
 *
 * <p>Every kernel either overwrites its tile of C ({@code accumulate == false}, the first k-block)
 * or adds to it (later k-blocks), so C never needs zeroing first.
 */
final class GemmKernels {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();

  /** Width of a packed B panel and of a C tile: two vectors. */
  static final int NR = 2 * LANES;

  private GemmKernels() {}

  /** Dispatches to the kernel for {@code mr} rows; {@code mr} is a constant after start-up. */
  static void tile(
      int mr,
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
      int kc,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    switch (mr) {
      case 4 -> kernel4(ap, aOff, bp, bOff, kc, c, cOff, ldc, accumulate);
      case 5 -> kernel5(ap, aOff, bp, bOff, kc, c, cOff, ldc, accumulate);
      case 6 -> kernel6(ap, aOff, bp, bOff, kc, c, cOff, ldc, accumulate);
      default -> throw new IllegalStateException("no GEMM kernel for MR=" + mr);
    }
  }

  static void kernel4(
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
      int kc,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    var s = SPECIES;
    FloatVector c00 = FloatVector.zero(s), c01 = FloatVector.zero(s);
    FloatVector c10 = FloatVector.zero(s), c11 = FloatVector.zero(s);
    FloatVector c20 = FloatVector.zero(s), c21 = FloatVector.zero(s);
    FloatVector c30 = FloatVector.zero(s), c31 = FloatVector.zero(s);
    // body: one rank-1 update of the tile per step of k
    for (int p = 0; p < kc; p++) {
      int ai = aOff + p * 4;
      int bi = bOff + p * NR;
      FloatVector b0 = FloatVector.fromArray(s, bp, bi);
      FloatVector b1 = FloatVector.fromArray(s, bp, bi + LANES);
      FloatVector a0 = FloatVector.broadcast(s, ap[ai]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(s, ap[ai + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(s, ap[ai + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(s, ap[ai + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    // write-back, row by row
    int o = cOff;
    if (accumulate) {
      c00 = c00.add(FloatVector.fromArray(s, c, o));
      c01 = c01.add(FloatVector.fromArray(s, c, o + LANES));
      c10 = c10.add(FloatVector.fromArray(s, c, o + ldc));
      c11 = c11.add(FloatVector.fromArray(s, c, o + ldc + LANES));
      c20 = c20.add(FloatVector.fromArray(s, c, o + 2 * ldc));
      c21 = c21.add(FloatVector.fromArray(s, c, o + 2 * ldc + LANES));
      c30 = c30.add(FloatVector.fromArray(s, c, o + 3 * ldc));
      c31 = c31.add(FloatVector.fromArray(s, c, o + 3 * ldc + LANES));
    }
    c00.intoArray(c, o);
    c01.intoArray(c, o + LANES);
    c10.intoArray(c, o + ldc);
    c11.intoArray(c, o + ldc + LANES);
    c20.intoArray(c, o + 2 * ldc);
    c21.intoArray(c, o + 2 * ldc + LANES);
    c30.intoArray(c, o + 3 * ldc);
    c31.intoArray(c, o + 3 * ldc + LANES);
  }

  /**
   * {@link #kernel4} reading A where it is stored, {@code [m, k]} row-major with row length {@code
   * lda}, instead of from a packed panel: element {@code (i, p)} of the tile's rows at {@code aOff
   * + i·lda + p}. Four rows are four unit-stride streams, which the hardware prefetches as well as
   * one; what it saves is the packing, which costs as much as a quarter of a small product (a
   * recurrent step's {@code [64, 128]·[128, 512]}). A copy of kernel4's loop rather than one kernel
   * with a stride parameter for A: C2 hoists the range checks out of the loop only for indices of
   * the loop variable times a constant.
   */
  static void kernel4Direct(
      float[] a,
      int aOff,
      int lda,
      float[] bp,
      int bOff,
      int kc,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    var s = SPECIES;
    FloatVector c00 = FloatVector.zero(s), c01 = FloatVector.zero(s);
    FloatVector c10 = FloatVector.zero(s), c11 = FloatVector.zero(s);
    FloatVector c20 = FloatVector.zero(s), c21 = FloatVector.zero(s);
    FloatVector c30 = FloatVector.zero(s), c31 = FloatVector.zero(s);
    int r1 = aOff + lda;
    int r2 = aOff + 2 * lda;
    int r3 = aOff + 3 * lda;
    for (int p = 0; p < kc; p++) {
      int bi = bOff + p * NR;
      FloatVector b0 = FloatVector.fromArray(s, bp, bi);
      FloatVector b1 = FloatVector.fromArray(s, bp, bi + LANES);
      FloatVector a0 = FloatVector.broadcast(s, a[aOff + p]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(s, a[r1 + p]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(s, a[r2 + p]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(s, a[r3 + p]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
    }
    int o = cOff;
    if (accumulate) {
      c00 = c00.add(FloatVector.fromArray(s, c, o));
      c01 = c01.add(FloatVector.fromArray(s, c, o + LANES));
      c10 = c10.add(FloatVector.fromArray(s, c, o + ldc));
      c11 = c11.add(FloatVector.fromArray(s, c, o + ldc + LANES));
      c20 = c20.add(FloatVector.fromArray(s, c, o + 2 * ldc));
      c21 = c21.add(FloatVector.fromArray(s, c, o + 2 * ldc + LANES));
      c30 = c30.add(FloatVector.fromArray(s, c, o + 3 * ldc));
      c31 = c31.add(FloatVector.fromArray(s, c, o + 3 * ldc + LANES));
    }
    c00.intoArray(c, o);
    c01.intoArray(c, o + LANES);
    c10.intoArray(c, o + ldc);
    c11.intoArray(c, o + ldc + LANES);
    c20.intoArray(c, o + 2 * ldc);
    c21.intoArray(c, o + 2 * ldc + LANES);
    c30.intoArray(c, o + 3 * ldc);
    c31.intoArray(c, o + 3 * ldc + LANES);
  }

  static void kernel5(
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
      int kc,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    var s = SPECIES;
    FloatVector c00 = FloatVector.zero(s), c01 = FloatVector.zero(s);
    FloatVector c10 = FloatVector.zero(s), c11 = FloatVector.zero(s);
    FloatVector c20 = FloatVector.zero(s), c21 = FloatVector.zero(s);
    FloatVector c30 = FloatVector.zero(s), c31 = FloatVector.zero(s);
    FloatVector c40 = FloatVector.zero(s), c41 = FloatVector.zero(s);
    for (int p = 0; p < kc; p++) {
      int ai = aOff + p * 5;
      int bi = bOff + p * NR;
      FloatVector b0 = FloatVector.fromArray(s, bp, bi);
      FloatVector b1 = FloatVector.fromArray(s, bp, bi + LANES);
      FloatVector a0 = FloatVector.broadcast(s, ap[ai]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(s, ap[ai + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(s, ap[ai + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(s, ap[ai + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      FloatVector a4 = FloatVector.broadcast(s, ap[ai + 4]);
      c40 = a4.fma(b0, c40);
      c41 = a4.fma(b1, c41);
    }
    int o = cOff;
    if (accumulate) {
      c00 = c00.add(FloatVector.fromArray(s, c, o));
      c01 = c01.add(FloatVector.fromArray(s, c, o + LANES));
      c10 = c10.add(FloatVector.fromArray(s, c, o + ldc));
      c11 = c11.add(FloatVector.fromArray(s, c, o + ldc + LANES));
      c20 = c20.add(FloatVector.fromArray(s, c, o + 2 * ldc));
      c21 = c21.add(FloatVector.fromArray(s, c, o + 2 * ldc + LANES));
      c30 = c30.add(FloatVector.fromArray(s, c, o + 3 * ldc));
      c31 = c31.add(FloatVector.fromArray(s, c, o + 3 * ldc + LANES));
      c40 = c40.add(FloatVector.fromArray(s, c, o + 4 * ldc));
      c41 = c41.add(FloatVector.fromArray(s, c, o + 4 * ldc + LANES));
    }
    c00.intoArray(c, o);
    c01.intoArray(c, o + LANES);
    c10.intoArray(c, o + ldc);
    c11.intoArray(c, o + ldc + LANES);
    c20.intoArray(c, o + 2 * ldc);
    c21.intoArray(c, o + 2 * ldc + LANES);
    c30.intoArray(c, o + 3 * ldc);
    c31.intoArray(c, o + 3 * ldc + LANES);
    c40.intoArray(c, o + 4 * ldc);
    c41.intoArray(c, o + 4 * ldc + LANES);
  }

  static void kernel6(
      float[] ap,
      int aOff,
      float[] bp,
      int bOff,
      int kc,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    var s = SPECIES;
    FloatVector c00 = FloatVector.zero(s), c01 = FloatVector.zero(s);
    FloatVector c10 = FloatVector.zero(s), c11 = FloatVector.zero(s);
    FloatVector c20 = FloatVector.zero(s), c21 = FloatVector.zero(s);
    FloatVector c30 = FloatVector.zero(s), c31 = FloatVector.zero(s);
    FloatVector c40 = FloatVector.zero(s), c41 = FloatVector.zero(s);
    FloatVector c50 = FloatVector.zero(s), c51 = FloatVector.zero(s);
    for (int p = 0; p < kc; p++) {
      int ai = aOff + p * 6;
      int bi = bOff + p * NR;
      FloatVector b0 = FloatVector.fromArray(s, bp, bi);
      FloatVector b1 = FloatVector.fromArray(s, bp, bi + LANES);
      FloatVector a0 = FloatVector.broadcast(s, ap[ai]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(s, ap[ai + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(s, ap[ai + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(s, ap[ai + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      FloatVector a4 = FloatVector.broadcast(s, ap[ai + 4]);
      c40 = a4.fma(b0, c40);
      c41 = a4.fma(b1, c41);
      FloatVector a5 = FloatVector.broadcast(s, ap[ai + 5]);
      c50 = a5.fma(b0, c50);
      c51 = a5.fma(b1, c51);
    }
    int o = cOff;
    if (accumulate) {
      c00 = c00.add(FloatVector.fromArray(s, c, o));
      c01 = c01.add(FloatVector.fromArray(s, c, o + LANES));
      c10 = c10.add(FloatVector.fromArray(s, c, o + ldc));
      c11 = c11.add(FloatVector.fromArray(s, c, o + ldc + LANES));
      c20 = c20.add(FloatVector.fromArray(s, c, o + 2 * ldc));
      c21 = c21.add(FloatVector.fromArray(s, c, o + 2 * ldc + LANES));
      c30 = c30.add(FloatVector.fromArray(s, c, o + 3 * ldc));
      c31 = c31.add(FloatVector.fromArray(s, c, o + 3 * ldc + LANES));
      c40 = c40.add(FloatVector.fromArray(s, c, o + 4 * ldc));
      c41 = c41.add(FloatVector.fromArray(s, c, o + 4 * ldc + LANES));
      c50 = c50.add(FloatVector.fromArray(s, c, o + 5 * ldc));
      c51 = c51.add(FloatVector.fromArray(s, c, o + 5 * ldc + LANES));
    }
    c00.intoArray(c, o);
    c01.intoArray(c, o + LANES);
    c10.intoArray(c, o + ldc);
    c11.intoArray(c, o + ldc + LANES);
    c20.intoArray(c, o + 2 * ldc);
    c21.intoArray(c, o + 2 * ldc + LANES);
    c30.intoArray(c, o + 3 * ldc);
    c31.intoArray(c, o + 3 * ldc + LANES);
    c40.intoArray(c, o + 4 * ldc);
    c41.intoArray(c, o + 4 * ldc + LANES);
    c50.intoArray(c, o + 5 * ldc);
    c51.intoArray(c, o + 5 * ldc + LANES);
  }
}
