package dev.stratum.conformance;

import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.UnaryOp;

/**
 * What each element-wise and reduction operator of the SPI computes, written once: the kit's
 * double-precision oracle ({@link ReferenceKernels}) evaluates these in double, and the scalar
 * reference backend ({@link dev.stratum.conformance.scalar.ScalarBackend}) evaluates them on its
 * float operands and rounds the result to float. A backend's own kernels must agree with them to
 * the kit's tolerances ({@link Tolerance}).
 */
public final class OpSemantics {

  private OpSemantics() {}

  /**
   * One element of {@link UnaryOp} in double precision. NaN in gives NaN out for every op (the
   * input itself, so a payload survives a float round trip).
   */
  public static double unary(UnaryOp op, double alpha, double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    return switch (op) {
      case NEG -> -x;
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case SQRT -> Math.sqrt(x);
      case ABS -> Math.abs(x);
      case SIGN -> x > 0 ? 1 : x < 0 ? -1 : 0;
      case RECIPROCAL -> 1 / x;
      case SQUARE -> x * x;
      case RELU -> Math.max(x, 0);
      case LEAKY_RELU -> x > 0 ? x : alpha * x;
      case ELU -> x > 0 ? x : alpha * Math.expm1(x);
      case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
      case TANH -> Math.tanh(x);
      case SOFTPLUS -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
      case STEP -> x > 0 ? 1 : 0;
    };
  }

  /**
   * One element of {@link BinaryOp} in double precision. {@code POW} is computed on the float
   * operands and rounded to float, because its float result is what every backend must match.
   */
  public static double binary(BinaryOp op, double a, double b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> (float) Math.pow((float) a, (float) b);
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case EQ -> a == b ? 1 : 0;
      case NE -> a != b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
    };
  }

  /** {@code out[i] = op(x[i])}. */
  /** One step of a {@link ReduceOp}: {@code acc ⊕ v}; a reduction starts from its first element. */
  public static double combine(ReduceOp op, double acc, double v) {
    return switch (op) {
      case SUM -> acc + v;
      case MAX -> Math.max(acc, v);
      case MIN -> Math.min(acc, v);
    };
  }
}
