package dev.stratum.backend.vector;

import static dev.stratum.backend.vector.Simd.LANES;
import static dev.stratum.backend.vector.Simd.SPECIES;

import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Element-wise kernels: unary functions, binary functions and {@code where} with broadcasting, and
 * the fused bias + activation and axpy. Every entry point takes {@code simd}; {@code false} runs
 * the scalar twin ({@link ScalarMath} element by element) over exactly the same row split.
 */
final class ElementwiseKernels {

  private ElementwiseKernels() {}

  // ---------------------------------------------------------------- unary

  static void unary(
      Parallel parallel, boolean simd, UnaryOp op, float alpha, float[] x, float[] out, int count) {
    parallel.forRange(count, Simd.GRAIN, (start, end) -> unaryRange(simd, op, alpha, x, out, start, end));
  }

  static void unaryRange(
      boolean simd, UnaryOp op, float alpha, float[] x, float[] out, int from, int to) {
    int i = from;
    if (simd) {
      int bound = from + SPECIES.loopBound(to - from);
      body:
      for (; i < bound; i += LANES) {
        apply(op, alpha, FloatVector.fromArray(SPECIES, x, i)).intoArray(out, i);
      }
    }
    tail:
    for (; i < to; i++) {
      out[i] = ScalarMath.unary(op, alpha, x[i]);
    }
  }

  /**
   * The SIMD form of {@link ScalarMath#unary}. Each case names its {@link VectorOperators} constant
   * because C2 only intrinsifies an operator it sees as a constant; the switch itself is on a loop
   * invariant, so it costs one predicted branch per vector.
   */
  private static FloatVector apply(UnaryOp op, float alpha, FloatVector v) {
    return switch (op) {
      case NEG -> v.neg();
      case EXP -> v.lanewise(VectorOperators.EXP);
      case LOG -> v.lanewise(VectorOperators.LOG);
      case SQRT -> v.sqrt();
      case ABS -> v.abs();
      case SIGN -> v.broadcast(0f)
          .blend(1f, v.compare(VectorOperators.GT, 0f))
          .blend(-1f, v.compare(VectorOperators.LT, 0f))
          .blend(v, v.test(VectorOperators.IS_NAN));
      case RECIPROCAL -> v.broadcast(1f).div(v);
      case SQUARE -> v.mul(v);
      // FloatVector.max follows Math.max, so NaN stays NaN
      case RELU -> v.max(0f);
      case LEAKY_RELU -> v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f));
      case ELU -> v.lanewise(VectorOperators.EXPM1).mul(alpha)
          .blend(v, v.compare(VectorOperators.GT, 0f));
      case SIGMOID -> sigmoid(v);
      case TANH -> v.lanewise(VectorOperators.TANH);
      case SOFTPLUS -> v.max(0f).add(
          v.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P));
      case STEP -> v.broadcast(0f)
          .blend(1f, v.compare(VectorOperators.GT, 0f))
          .blend(v, v.test(VectorOperators.IS_NAN));
    };
  }

  private static FloatVector sigmoid(FloatVector v) {
    FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
    FloatVector d = e.add(1f);
    return d.broadcast(1f).div(d).blend(e.div(d), v.compare(VectorOperators.LT, 0f));
  }

  // ---------------------------------------------------------------- binary

  static void binary(
      Parallel parallel, boolean simd, BinaryOp op, int[] shape, float[] a, int[] aStrides,
      float[] b, int[] bStrides, float[] out) {
    StridedLayout layout =
        StridedLayout.of(shape, StridedLayout.contiguousStrides(shape), aStrides, bStrides);
    int as = layout.innerStride(1);
    int bs = layout.innerStride(2);
    layout.forEachRow(parallel, new int[0], (o, ao, bo, unused, n) -> {
      if (simd) {
        binaryRowSimd(op, a, ao, as, b, bo, bs, out, o, n);
      } else {
        binaryRowScalar(op, a, ao, as, b, bo, bs, out, o, n, 0);
      }
    });
  }

  private static void binaryRowScalar(
      BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int o,
      int n, int from) {
    for (int i = from; i < n; i++) {
      out[o + i] = ScalarMath.binary(op, a[ao + i * as], b[bo + i * bs]);
    }
  }

  private static void binaryRowSimd(
      BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int o,
      int n) {
    int i = 0;
    if (as == 0 && bs == 0) {
      java.util.Arrays.fill(out, o, o + n, ScalarMath.binary(op, a[ao], b[bo]));
      return;
    }
    int bound = SPECIES.loopBound(n);
    if (as == 1 && bs == 1) {
      body:
      for (; i < bound; i += LANES) {
        FloatVector va = FloatVector.fromArray(SPECIES, a, ao + i);
        FloatVector vb = FloatVector.fromArray(SPECIES, b, bo + i);
        apply(op, va, vb).intoArray(out, o + i);
      }
    } else if (as == 1 && bs == 0) {
      FloatVector vb = FloatVector.broadcast(SPECIES, b[bo]);
      body:
      for (; i < bound; i += LANES) {
        apply(op, FloatVector.fromArray(SPECIES, a, ao + i), vb).intoArray(out, o + i);
      }
    } else if (as == 0 && bs == 1) {
      FloatVector va = FloatVector.broadcast(SPECIES, a[ao]);
      body:
      for (; i < bound; i += LANES) {
        apply(op, va, FloatVector.fromArray(SPECIES, b, bo + i)).intoArray(out, o + i);
      }
    }
    // strided rows (a transposed operand) stay scalar: a gather costs more than it saves here
    tail:
    binaryRowScalar(op, a, ao, as, b, bo, bs, out, o, n, i);
  }

  /** The SIMD form of {@link ScalarMath#binary}. */
  private static FloatVector apply(BinaryOp op, FloatVector a, FloatVector b) {
    return switch (op) {
      case ADD -> a.add(b);
      case SUB -> a.sub(b);
      case MUL -> a.mul(b);
      case DIV -> a.div(b);
      case POW -> a.lanewise(VectorOperators.POW, b);
      // lanewise MAX/MIN follow Math.max/min: NaN propagates
      case MAX -> a.max(b);
      case MIN -> a.min(b);
      case EQ -> ones(a.compare(VectorOperators.EQ, b));
      case NE -> ones(a.compare(VectorOperators.NE, b));
      case LT -> ones(a.compare(VectorOperators.LT, b));
      case LE -> ones(a.compare(VectorOperators.LE, b));
      case GT -> ones(a.compare(VectorOperators.GT, b));
      case GE -> ones(a.compare(VectorOperators.GE, b));
    };
  }

  private static FloatVector ones(VectorMask<Float> mask) {
    return FloatVector.zero(SPECIES).blend(1f, mask);
  }

  // ---------------------------------------------------------------- where

  static void where(
      Parallel parallel, boolean simd, int[] shape, float[] cond, int[] condStrides, float[] a,
      int[] aStrides, float[] b, int[] bStrides, float[] out) {
    StridedLayout layout = StridedLayout.of(
        shape, StridedLayout.contiguousStrides(shape), condStrides, aStrides, bStrides);
    int cs = layout.innerStride(1);
    int as = layout.innerStride(2);
    int bs = layout.innerStride(3);
    boolean contiguous = simd && cs == 1 && as == 1 && bs == 1;
    layout.forEachRow(parallel, new int[0], (o, co, ao, bo, n) -> {
      int i = 0;
      if (contiguous) {
        int bound = SPECIES.loopBound(n);
        body:
        for (; i < bound; i += LANES) {
          FloatVector vc = FloatVector.fromArray(SPECIES, cond, co + i);
          FloatVector va = FloatVector.fromArray(SPECIES, a, ao + i);
          FloatVector vb = FloatVector.fromArray(SPECIES, b, bo + i);
          // NE is unordered: a NaN condition counts as true, as the SPI asks
          vb.blend(va, vc.compare(VectorOperators.NE, 0f)).intoArray(out, o + i);
        }
      }
      tail:
      for (; i < n; i++) {
        out[o + i] = cond[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
      }
    });
  }

  // ---------------------------------------------------------------- fused

  static void biasActivation(
      Parallel parallel, boolean simd, UnaryOp act, float alpha, float[] x, float[] bias,
      int rows, int cols, float[] out) {
    if (rows == 0 || cols == 0) {
      return;
    }
    parallel.forRange(rows, Math.max(1, Simd.GRAIN / cols), (start, end) -> {
      for (int r = start; r < end; r++) {
        int base = r * cols;
        if (simd) {
          binaryRowSimd(BinaryOp.ADD, x, base, 1, bias, 0, 1, out, base, cols);
        } else {
          binaryRowScalar(BinaryOp.ADD, x, base, 1, bias, 0, 1, out, base, cols, 0);
        }
        // the row was just written, so the activation pass reads it from L1
        if (act != null) {
          unaryRange(simd, act, alpha, out, out, base, base + cols);
        }
      }
    });
  }

  static void axpy(Parallel parallel, boolean simd, float alpha, float[] x, float[] y, int count) {
    parallel.forRange(count, Simd.GRAIN, (start, end) -> {
      int i = start;
      if (simd) {
        int bound = start + SPECIES.loopBound(end - start);
        body:
        for (; i < bound; i += LANES) {
          // mul then add, not fma: keeps the SIMD and scalar paths bit-identical
          FloatVector.fromArray(SPECIES, x, i).mul(alpha)
              .add(FloatVector.fromArray(SPECIES, y, i)).intoArray(y, i);
        }
      }
      tail:
      for (; i < end; i++) {
        y[i] += alpha * x[i];
      }
    });
  }
}
