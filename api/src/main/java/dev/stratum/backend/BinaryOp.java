package dev.stratum.backend;

/**
 * Element-wise functions of two arguments, {@code out = f(a, b)}, with broadcasting expressed by
 * strides (see {@link Backend#binary}). Comparisons give 1 for true and 0 for false; a comparison
 * with NaN is false except {@link #NE}, which is true. {@link #MAX} and {@link #MIN} propagate NaN.
 */
public enum BinaryOp {
  ADD,
  SUB,
  MUL,
  DIV,
  /** {@code a^b} with the semantics of {@link Math#pow} rounded to float. */
  POW,
  /** larger of the two; NaN if either is NaN. */
  MAX,
  /** smaller of the two; NaN if either is NaN. */
  MIN,
  EQ,
  NE,
  LT,
  LE,
  GT,
  GE
}
