package dev.stratum.backend.vector;

import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.UnaryOp;

/**
 * The element-wise functions on single floats, exactly as the {@link UnaryOp} and {@link BinaryOp}
 * javadoc defines them. They are the scalar path, the tails of the SIMD loops, and the rule the
 * SIMD bodies must agree with.
 */
final class ScalarMath {

  private ScalarMath() {}

  static float unary(UnaryOp op, float alpha, float x) {
    return switch (op) {
      case NEG -> -x;
      case EXP -> (float) Math.exp(x);
      case LOG -> (float) Math.log(x);
      case SQRT -> (float) Math.sqrt(x);
      case ABS -> Math.abs(x);
      // signum would keep the sign of -0; the SPI wants a plain 0
      case SIGN -> x > 0 ? 1f : x < 0 ? -1f : x == 0 ? 0f : x;
      case RECIPROCAL -> 1f / x;
      case SQUARE -> x * x;
      case RELU -> Math.max(x, 0f);
      case LEAKY_RELU -> x > 0 ? x : alpha * x;
      case ELU -> x > 0 ? x : alpha * (float) Math.expm1(x);
      case SIGMOID -> sigmoid(x);
      case TANH -> (float) Math.tanh(x);
      // max(x,0) + log1p(e^-|x|) never overflows and keeps full precision for large |x|
      case SOFTPLUS -> Math.max(x, 0f) + (float) Math.log1p(Math.exp(-Math.abs(x)));
      case STEP -> x > 0 ? 1f : x == x ? 0f : x;
    };
  }

  /** e^-|x| never overflows; dividing it by 1 + e^-|x| keeps relative precision for x << 0. */
  static float sigmoid(float x) {
    float e = (float) Math.exp(-Math.abs(x));
    return x >= 0 ? 1f / (1f + e) : e / (1f + e);
  }

  static float binary(BinaryOp op, float a, float b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> (float) Math.pow(a, b);
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case EQ -> a == b ? 1f : 0f;
      case NE -> a != b ? 1f : 0f;
      case LT -> a < b ? 1f : 0f;
      case LE -> a <= b ? 1f : 0f;
      case GT -> a > b ? 1f : 0f;
      case GE -> a >= b ? 1f : 0f;
    };
  }
}
