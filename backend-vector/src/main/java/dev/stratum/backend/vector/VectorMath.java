package dev.stratum.backend.vector;

import static dev.stratum.backend.vector.Simd.LANES;
import static dev.stratum.backend.vector.Simd.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * Vector exp, log, expm1, log1p and lane sums that give the same bits in every JIT tier.
 *
 * <p>{@code lanewise(EXP)} and friends are not: interpreted or C1-compiled, the Vector API computes
 * {@code (float) Math.exp} per lane; once C2 intrinsifies the loop it calls a different (SVML-like)
 * stub that differs in the last bit for about 4% of inputs. {@code reduceLanes(ADD)} likewise adds
 * lanes in one order before C2 and in another after. When C2 compiles a kernel depends on timing,
 * so the same seed gave different weights from run to run. Everything here is built from IEEE
 * operations that every tier rounds identically (add, mul, div, fma, min/max, blends, lane swaps,
 * integer bit operations), so a result never depends on compilation.
 */
final class VectorMath {

  private VectorMath() {}

  private static final float LOG2E = 1.44269504f;
  // ln 2 split so that k * LN2_HI is exact for |k| < 2^9 (its low 9 bits are zero)
  private static final float LN2_HI = 0.693145752f;
  private static final float LN2_LO = 1.42860677e-6f;
  // adding 1.5 * 2^23 rounds to an integer and leaves it in the low mantissa bits
  private static final float ROUNDER = 0x1.8p23f;
  private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
  private static final int SQRT_HALF_BITS = Float.floatToRawIntBits(0.70710678f);

  /**
   * e^x: {@code x = k·ln2 + r} with |r| <= ln2/2 (Cody–Waite), then the Taylor series of e^r to r^7
   * (truncation below 6e-9 relative) times 2^k. About 1 ulp; NaN stays NaN, overflow gives +inf,
   * underflow 0. Which branch runs depends on the data only, and both give the same bits for a lane
   * whose result is normal, so the branch costs no determinism.
   */
  static FloatVector exp(FloatVector x) {
    // with -87 <= x <= 88, 2^k is a normal float and the result too: one scaling suffices
    boolean normal =
        x.compare(VectorOperators.GE, -87f).and(x.compare(VectorOperators.LE, 88f)).allTrue();
    // e^89 overflows and e^-104 rounds to 0, so clamping changes no result and keeps k in range
    FloatVector c = normal ? x : x.max(-104f).min(89f);
    FloatVector t = c.fma(LOG2E, ROUNDER);
    FloatVector k = t.sub(ROUNDER);
    FloatVector r = k.fma(splat(-LN2_LO), k.fma(splat(-LN2_HI), c));
    FloatVector p = r.fma(1f / 5040f, 1f / 720f);
    p = p.fma(r, splat(1f / 120f));
    p = p.fma(r, splat(1f / 24f));
    p = p.fma(r, splat(1f / 6f));
    p = p.fma(r, splat(0.5f));
    p = p.fma(r, splat(1f));
    p = p.fma(r, splat(1f));
    IntVector ki = t.reinterpretAsInts().sub(ROUNDER_BITS);
    if (normal) {
      return p.mul(powerOfTwo(ki));
    }
    // 2^k as two normal powers of two, so a subnormal result rounds once
    IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
    return p.mul(powerOfTwo(k1)).mul(powerOfTwo(ki.sub(k1)));
  }

  private static FloatVector splat(float c) {
    return FloatVector.broadcast(SPECIES, c);
  }

  private static FloatVector powerOfTwo(IntVector k) {
    return k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
  }

  /**
   * e^x - 1: the Taylor series to x^7 for |x| < 0.35 (where e^x - 1 would cancel; truncation below
   * 2e-8 relative), {@link #exp} minus 1 elsewhere (at most a factor 2.3 of cancellation).
   */
  static FloatVector expm1(FloatVector x) {
    FloatVector p = x.fma(1f / 5040f, 1f / 720f);
    p = p.fma(x, splat(1f / 120f));
    p = p.fma(x, splat(1f / 24f));
    p = p.fma(x, splat(1f / 6f));
    p = p.fma(x, splat(0.5f));
    FloatVector small = x.mul(x).fma(p, x);
    FloatVector large = exp(x).sub(1f);
    return large.blend(small, x.abs().compare(VectorOperators.LT, 0.35f));
  }

  /**
   * ln x: {@code x = m·2^e} with m in [√½, √2), then ln m = 2·atanh(s), s = (m - 1)/(m + 1), |s| <=
   * 0.172, as an odd series to s^11 (truncation below 1e-9 relative). Subnormals are scaled by 2^23
   * first. ln 0 = -inf, ln of a negative number or NaN is NaN, ln +inf = +inf. As in {@link #exp},
   * the branches depend on the data only and agree on ordinary lanes.
   */
  static FloatVector log(FloatVector x) {
    // positive, normal and finite in every lane: no scaling and no special values to patch
    boolean normal =
        x.compare(VectorOperators.GE, Float.MIN_NORMAL)
            .and(x.compare(VectorOperators.LT, Float.POSITIVE_INFINITY))
            .allTrue();
    VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
    FloatVector scaled = normal ? x : x.blend(x.mul(0x1.0p23f), subnormal);
    // subtracting the bits of √½ puts the exponent step at √2: m = x / 2^e lies in [√½, √2)
    IntVector bits = scaled.reinterpretAsInts().sub(SQRT_HALF_BITS);
    FloatVector e = toFloat(bits.lanewise(VectorOperators.ASHR, 23));
    FloatVector m = bits.and(0x007fffff).add(SQRT_HALF_BITS).reinterpretAsFloats();
    FloatVector f = m.sub(1f); // exact (Sterbenz)
    FloatVector s = f.div(f.add(2f));
    FloatVector z = s.mul(s);
    FloatVector q = z.fma(1f / 11f, 1f / 9f);
    q = q.fma(z, splat(1f / 7f));
    q = q.fma(z, splat(1f / 5f));
    q = q.fma(z, splat(1f / 3f));
    FloatVector lnM = s.mul(z).fma(q, s).mul(2f);
    if (!normal) {
      e = e.blend(e.sub(23f), subnormal);
    }
    // e·LN2_HI is exact, so only the additions round
    FloatVector result = e.mul(LN2_HI).add(e.fma(splat(LN2_LO), lnM));
    if (normal) {
      return result;
    }
    return result
        .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY))
        .blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f))
        .blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.test(VectorOperators.IS_NAN)));
  }

  /** An integer of magnitude below 2^22 as a float, exactly, without a conversion instruction. */
  private static FloatVector toFloat(IntVector i) {
    return i.add(ROUNDER_BITS).reinterpretAsFloats().sub(ROUNDER);
  }

  /**
   * ln(1 + x), accurate for small x: ln u - ((u - 1) - x)/u with u = 1 + x. For finite x > -1, all
   * SOFTPLUS needs (x = e^-|y| in [0, 1]); x = -1 and x = +inf give NaN, not -inf and +inf.
   */
  static FloatVector log1p(FloatVector x) {
    FloatVector u = x.add(1f);
    return log(u).sub(u.sub(1f).sub(x).div(u));
  }

  /**
   * The sum of the lanes as a fixed tree: lane i plus lane i ^ w for w = LANES/2, ..., 2, 1. The
   * swaps are constant shuffles, so C2 keeps the vector in registers (a helper array or a call that
   * is not inlined would box it, about 6x slower on rows of 64).
   */
  static float sumLanes(FloatVector v) {
    if (LANES > 8) {
      v = v.add(v.rearrange(SWAP_8));
    }
    if (LANES > 4) {
      v = v.add(v.rearrange(SWAP_4));
    }
    if (LANES > 2) {
      v = v.add(v.rearrange(SWAP_2));
    }
    if (LANES > 1) {
      v = v.add(v.rearrange(SWAP_1));
    }
    return v.lane(0);
  }

  private static final VectorShuffle<Float> SWAP_8 = swap(8);
  private static final VectorShuffle<Float> SWAP_4 = swap(4);
  private static final VectorShuffle<Float> SWAP_2 = swap(2);
  private static final VectorShuffle<Float> SWAP_1 = swap(1);

  /** Lane i takes lane i ^ w; null where the species has no such lanes (never used then). */
  private static VectorShuffle<Float> swap(int w) {
    return w < LANES ? SPECIES.shuffleFromOp(i -> i ^ w) : null;
  }
}
