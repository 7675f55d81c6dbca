package dev.stratum.backend;

/**
 * Element-wise functions of one argument, {@code out[i] = f(x[i])}. Only {@link #LEAKY_RELU} and
 * {@link #ELU} read the scalar {@code alpha} passed to {@link Backend#unary}; the others ignore it.
 * NaN in gives NaN out for every op, {@link #SIGN} and {@link #STEP} included.
 */
public enum UnaryOp {
  /** {@code -x}. */
  NEG,
  /** {@code e^x}. */
  EXP,
  /** natural logarithm; {@code log(0) = -inf}, negative gives NaN. */
  LOG,
  /** square root; negative gives NaN. */
  SQRT,
  /** {@code |x|}. */
  ABS,
  /** -1, 0 or 1 ({@code -0} and {@code 0} give 0). */
  SIGN,
  /** {@code 1 / x}. */
  RECIPROCAL,
  /** {@code x * x}. */
  SQUARE,
  /** {@code max(x, 0)}. */
  RELU,
  /** {@code x > 0 ? x : alpha * x}. */
  LEAKY_RELU,
  /** {@code x > 0 ? x : alpha * (e^x - 1)}. */
  ELU,
  /** {@code 1 / (1 + e^-x)}, accurate for large {@code |x|}. */
  SIGMOID,
  /** hyperbolic tangent. */
  TANH,
  /** {@code log(1 + e^x)}, computed without overflow ({@code x} for large {@code x}). */
  SOFTPLUS,
  /** Heaviside step: {@code x > 0 ? 1 : 0} (used by gradient rules). */
  STEP
}
