package dev.stratum.backend.vector;

import static dev.stratum.backend.vector.Simd.LANES;
import static dev.stratum.backend.vector.Simd.SPECIES;

import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.support.StridedSpace;
import dev.stratum.tensor.Shapes;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Element-wise kernels: unary functions, binary functions and {@code where} with broadcasting.
 * Every entry point takes {@code simd}; {@code false} runs the scalar twin ({@link ScalarMath}
 * element by element) over exactly the same row split.
 */
final class ElementwiseKernels {

  private ElementwiseKernels() {}

  // ---------------------------------------------------------------- unary

  static void unary(
      Parallel parallel, boolean simd, UnaryOp op, float alpha, float[] x, float[] out, int count) {
    parallel.forRange(
        count, Simd.GRAIN, (start, end) -> unaryRange(simd, op, alpha, x, out, start, end));
  }

  /**
   * Unary op over {@code [from, to)}: the scalar loop, or the SIMD body of {@link #unaryBody} and
   * the scalar tail.
   */
  static void unaryRange(
      boolean simd, UnaryOp op, float alpha, float[] x, float[] out, int from, int to) {
    int i = simd ? unaryBody(op, alpha, x, out, from, from + SPECIES.loopBound(to - from)) : from;
    tail:
    for (; i < to; i++) {
      out[i] = ScalarMath.unary(op, alpha, x[i]);
    }
  }

  /**
   * The vector loops of every unary op over {@code [from, bound)}; returns {@code bound}. One loop
   * per op, never a switch inside one loop: once C2 sees several ops take the switch, the vectors
   * merging after it are boxed on the heap (measured: RELU 10x slower, constant GC). Each case
   * names its {@link VectorOperators} constant because C2 only intrinsifies a constant operator.
   * Transcendentals come from {@link VectorMath}, never {@code lanewise(EXP)}: those give different
   * bits before and after C2 compiles the loop.
   */
  private static int unaryBody(
      UnaryOp op, float alpha, float[] x, float[] out, int from, int bound) {
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    switch (op) {
      case NEG -> {
        for (int i = from; i < bound; i += LANES) {
          FloatVector.fromArray(SPECIES, x, i).neg().intoArray(out, i);
        }
      }
      case EXP -> expLoop(x, out, from, bound);
      case LOG -> logLoop(x, out, from, bound);
      case SQRT -> {
        for (int i = from; i < bound; i += LANES) {
          FloatVector.fromArray(SPECIES, x, i).sqrt().intoArray(out, i);
        }
      }
      case ABS -> {
        for (int i = from; i < bound; i += LANES) {
          FloatVector.fromArray(SPECIES, x, i).abs().intoArray(out, i);
        }
      }
      case SIGN -> {
        for (int i = from; i < bound; i += LANES) {
          FloatVector v = FloatVector.fromArray(SPECIES, x, i);
          zero.blend(one, v.compare(VectorOperators.GT, 0f))
              .blend(-1f, v.compare(VectorOperators.LT, 0f))
              .blend(v, v.test(VectorOperators.IS_NAN))
              .intoArray(out, i);
        }
      }
      case RECIPROCAL -> {
        for (int i = from; i < bound; i += LANES) {
          one.div(FloatVector.fromArray(SPECIES, x, i)).intoArray(out, i);
        }
      }
      case SQUARE -> {
        for (int i = from; i < bound; i += LANES) {
          FloatVector v = FloatVector.fromArray(SPECIES, x, i);
          v.mul(v).intoArray(out, i);
        }
      }
      case RELU -> {
        for (int i = from; i < bound; i += LANES) {
          // FloatVector.max follows Math.max, so NaN stays NaN
          FloatVector.fromArray(SPECIES, x, i).max(zero).intoArray(out, i);
        }
      }
      case LEAKY_RELU -> {
        for (int i = from; i < bound; i += LANES) {
          FloatVector v = FloatVector.fromArray(SPECIES, x, i);
          v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, i);
        }
      }
      case ELU -> eluLoop(alpha, x, out, from, bound);
      case SIGMOID -> sigmoidLoop(x, out, from, bound);
      case TANH -> tanhLoop(x, out, from, bound);
      case SOFTPLUS -> softplusLoop(x, out, from, bound);
      case STEP -> {
        for (int i = from; i < bound; i += LANES) {
          step(FloatVector.fromArray(SPECIES, x, i)).intoArray(out, i);
        }
      }
    }
    return Math.max(from, bound);
  }

  /**
   * The Heaviside step of each lane: 1 where {@code v > 0}, NaN for NaN, else 0 ({@link
   * UnaryOp#STEP}; the gradient kernels of {@link FusedKernels} use the same).
   */
  static FloatVector step(FloatVector v) {
    return FloatVector.zero(SPECIES)
        .blend(1f, v.compare(VectorOperators.GT, 0f))
        .blend(v, v.test(VectorOperators.IS_NAN));
  }

  private static void expLoop(float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += LANES) {
      VectorMath.exp(FloatVector.fromArray(SPECIES, x, i)).intoArray(out, i);
    }
  }

  private static void logLoop(float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += LANES) {
      VectorMath.log(FloatVector.fromArray(SPECIES, x, i)).intoArray(out, i);
    }
  }

  private static void eluLoop(float alpha, float[] x, float[] out, int from, int bound) {
    for (int i = from; i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      VectorMath.expm1(v).mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, i);
    }
  }

  private static void sigmoidLoop(float[] x, float[] out, int from, int bound) {
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    for (int i = from; i < bound; i += LANES) {
      // e^-|x| never overflows; e / (1 + e) keeps relative precision for x << 0
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      FloatVector e = VectorMath.exp(v.abs().neg());
      one.blend(e, v.compare(VectorOperators.LT, 0f)).div(e.add(one)).intoArray(out, i);
    }
  }

  private static void tanhLoop(float[] x, float[] out, int from, int bound) {
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    // Lanewise TANH is a slow stub on AVX2 (about 400 M elements/s); one EXP is much faster.
    // For |x| >= 0.25: tanh|x| = (1 - e) / (1 + e) with e = exp(-2|x|) in (0, 0.61], where
    // 1 - e is exact (Sterbenz) or free of cancellation. Below 0.25 the odd Taylor series to
    // x^9 is within 2e-8 relative. Measured worst error 2.4 ulp; NaN and ±inf pass through.
    FloatVector c3 = FloatVector.broadcast(SPECIES, -1f / 3f);
    FloatVector c5 = FloatVector.broadcast(SPECIES, 2f / 15f);
    FloatVector c7 = FloatVector.broadcast(SPECIES, -17f / 315f);
    FloatVector c9 = FloatVector.broadcast(SPECIES, 62f / 2835f);
    for (int i = from; i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      FloatVector e = VectorMath.exp(v.abs().mul(-2f));
      FloatVector large = one.sub(e).div(one.add(e));
      large = large.blend(large.neg(), v.compare(VectorOperators.LT, 0f));
      FloatVector v2 = v.mul(v);
      FloatVector series = v2.fma(c9, c7).fma(v2, c5).fma(v2, c3);
      FloatVector small = v2.mul(v).fma(series, v);
      small.blend(large, v.abs().compare(VectorOperators.GE, 0.25f)).intoArray(out, i);
    }
  }

  private static void softplusLoop(float[] x, float[] out, int from, int bound) {
    FloatVector zero = FloatVector.zero(SPECIES);
    for (int i = from; i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, i);
      v.max(zero).add(VectorMath.log1p(VectorMath.exp(v.abs().neg()))).intoArray(out, i);
    }
  }

  // ---------------------------------------------------------------- binary

  static void binary(
      Parallel parallel,
      boolean simd,
      BinaryOp op,
      int[] shape,
      float[] a,
      int[] aStrides,
      float[] b,
      int[] bStrides,
      float[] out) {
    StridedSpace space = StridedSpace.of(shape, Shapes.strides(shape), aStrides, bStrides);
    int as = space.innerStride(1);
    int bs = space.innerStride(2);
    parallel.forEachRow(
        space,
        Simd.GRAIN,
        new int[0],
        (o, ao, bo, unused, n) -> {
          if (simd) {
            binaryRowSimd(op, a, ao, as, b, bo, bs, out, o, n);
          } else {
            binaryRowScalar(op, a, ao, as, b, bo, bs, out, o, n, 0);
          }
        });
  }

  static void binaryRowScalar(
      BinaryOp op,
      float[] a,
      int ao,
      int as,
      float[] b,
      int bo,
      int bs,
      float[] out,
      int o,
      int n,
      int from) {
    for (int i = from; i < n; i++) {
      out[o + i] = ScalarMath.binary(op, a[ao + i * as], b[bo + i * bs]);
    }
  }

  /**
   * Broadcast operands as arrays: a row with a stride-0 operand reads it from a scratch vector of
   * copies with step 0, so one loop per op serves every stride pattern without a vector merging two
   * sources (which C2 would box, see {@link #unaryBody}).
   */
  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[3][LANES]);

  /** One row with inner strides {@code as}, {@code bs} of 0 or 1 (anything else runs scalar). */
  static void binaryRowSimd(
      BinaryOp op,
      float[] a,
      int ao,
      int as,
      float[] b,
      int bo,
      int bs,
      float[] out,
      int o,
      int n) {
    if (n == 0) {
      return;
    }
    if (as == 0 && bs == 0) {
      Arrays.fill(out, o, o + n, ScalarMath.binary(op, a[ao], b[bo]));
      return;
    }
    int i = 0;
    // POW stays scalar: lanewise POW was no faster than Math.pow here (about 1.1 ms per 64K
    // elements either way) and allocated, so it was not intrinsified; Math.pow is exact as well
    if ((as | 1) == 1 && (bs | 1) == 1 && n >= LANES && op != BinaryOp.POW) {
      float[] av = a;
      int aFrom = ao;
      float[] bv = b;
      int bFrom = bo;
      if (as == 0 || bs == 0) {
        float[][] scratch = SCRATCH.get();
        if (as == 0) {
          Arrays.fill(scratch[0], a[ao]);
          av = scratch[0];
          aFrom = 0;
        } else {
          Arrays.fill(scratch[1], b[bo]);
          bv = scratch[1];
          bFrom = 0;
        }
      }
      i =
          binaryBody(
              op, av, aFrom, as * LANES, bv, bFrom, bs * LANES, out, o, SPECIES.loopBound(n));
    }
    // strided rows (a transposed operand) stay scalar: a gather costs more than it saves here
    tail:
    binaryRowScalar(op, a, ao, as, b, bo, bs, out, o, n, i);
  }

  /**
   * The vector loops of every binary op: {@code a} advances by {@code aStep} per vector (0 for a
   * scratch broadcast), {@code b} likewise; returns {@code bound}.
   */
  private static int binaryBody(
      BinaryOp op,
      float[] a,
      int ai,
      int aStep,
      float[] b,
      int bi,
      int bStep,
      float[] out,
      int o,
      int bound) {
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    switch (op) {
      case ADD -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector.fromArray(SPECIES, a, ai)
              .add(FloatVector.fromArray(SPECIES, b, bi))
              .intoArray(out, o + i);
        }
      }
      case SUB -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector.fromArray(SPECIES, a, ai)
              .sub(FloatVector.fromArray(SPECIES, b, bi))
              .intoArray(out, o + i);
        }
      }
      case MUL -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector.fromArray(SPECIES, a, ai)
              .mul(FloatVector.fromArray(SPECIES, b, bi))
              .intoArray(out, o + i);
        }
      }
      case DIV -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector.fromArray(SPECIES, a, ai)
              .div(FloatVector.fromArray(SPECIES, b, bi))
              .intoArray(out, o + i);
        }
      }
      case POW -> throw new AssertionError("POW runs on the scalar path");
      // lanewise MAX/MIN follow Math.max/min: NaN propagates
      case MAX -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector.fromArray(SPECIES, a, ai)
              .max(FloatVector.fromArray(SPECIES, b, bi))
              .intoArray(out, o + i);
        }
      }
      case MIN -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector.fromArray(SPECIES, a, ai)
              .min(FloatVector.fromArray(SPECIES, b, bi))
              .intoArray(out, o + i);
        }
      }
      case EQ -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector va = FloatVector.fromArray(SPECIES, a, ai);
          FloatVector vb = FloatVector.fromArray(SPECIES, b, bi);
          zero.blend(one, va.compare(VectorOperators.EQ, vb)).intoArray(out, o + i);
        }
      }
      case NE -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector va = FloatVector.fromArray(SPECIES, a, ai);
          FloatVector vb = FloatVector.fromArray(SPECIES, b, bi);
          zero.blend(one, va.compare(VectorOperators.NE, vb)).intoArray(out, o + i);
        }
      }
      case LT -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector va = FloatVector.fromArray(SPECIES, a, ai);
          FloatVector vb = FloatVector.fromArray(SPECIES, b, bi);
          zero.blend(one, va.compare(VectorOperators.LT, vb)).intoArray(out, o + i);
        }
      }
      case LE -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector va = FloatVector.fromArray(SPECIES, a, ai);
          FloatVector vb = FloatVector.fromArray(SPECIES, b, bi);
          zero.blend(one, va.compare(VectorOperators.LE, vb)).intoArray(out, o + i);
        }
      }
      case GT -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector va = FloatVector.fromArray(SPECIES, a, ai);
          FloatVector vb = FloatVector.fromArray(SPECIES, b, bi);
          zero.blend(one, va.compare(VectorOperators.GT, vb)).intoArray(out, o + i);
        }
      }
      case GE -> {
        for (int i = 0; i < bound; i += LANES, ai += aStep, bi += bStep) {
          FloatVector va = FloatVector.fromArray(SPECIES, a, ai);
          FloatVector vb = FloatVector.fromArray(SPECIES, b, bi);
          zero.blend(one, va.compare(VectorOperators.GE, vb)).intoArray(out, o + i);
        }
      }
    }
    return bound;
  }

  // ---------------------------------------------------------------- where

  static void where(
      Parallel parallel,
      boolean simd,
      int[] shape,
      float[] cond,
      int[] condStrides,
      float[] a,
      int[] aStrides,
      float[] b,
      int[] bStrides,
      float[] out) {
    StridedSpace space =
        StridedSpace.of(shape, Shapes.strides(shape), condStrides, aStrides, bStrides);
    int cs = space.innerStride(1);
    int as = space.innerStride(2);
    int bs = space.innerStride(3);
    boolean vectorRows = simd && (cs | 1) == 1 && (as | 1) == 1 && (bs | 1) == 1;
    parallel.forEachRow(
        space,
        Simd.GRAIN,
        new int[0],
        (o, co, ao, bo, n) -> {
          int i = 0;
          if (vectorRows && n >= LANES) {
            float[][] scratch = SCRATCH.get();
            i =
                whereBody(
                    broadcastSource(cond, co, cs, scratch[0]),
                    cs == 0 ? 0 : co,
                    cs * LANES,
                    broadcastSource(a, ao, as, scratch[1]),
                    as == 0 ? 0 : ao,
                    as * LANES,
                    broadcastSource(b, bo, bs, scratch[2]),
                    bs == 0 ? 0 : bo,
                    bs * LANES,
                    out,
                    o,
                    SPECIES.loopBound(n));
          }
          tail:
          for (; i < n; i++) {
            out[o + i] = cond[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
          }
        });
  }

  /** The array a vector loop reads: the operand itself, or for stride 0 a scratch of copies. */
  private static float[] broadcastSource(float[] operand, int offset, int stride, float[] scratch) {
    if (stride != 0) {
      return operand;
    }
    Arrays.fill(scratch, operand[offset]);
    return scratch;
  }

  private static int whereBody(
      float[] cond,
      int ci,
      int cStep,
      float[] a,
      int ai,
      int aStep,
      float[] b,
      int bi,
      int bStep,
      float[] out,
      int o,
      int bound) {
    for (int i = 0; i < bound; i += LANES, ci += cStep, ai += aStep, bi += bStep) {
      FloatVector vc = FloatVector.fromArray(SPECIES, cond, ci);
      FloatVector va = FloatVector.fromArray(SPECIES, a, ai);
      FloatVector vb = FloatVector.fromArray(SPECIES, b, bi);
      // NE is unordered: a NaN condition counts as true, as the SPI asks
      vb.blend(va, vc.compare(VectorOperators.NE, 0f)).intoArray(out, o + i);
    }
    return bound;
  }
}
