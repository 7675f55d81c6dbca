package dev.stratum.conformance;

/**
 * How far element {@code i} of a kernel's float result may be from the oracle's double result.
 * Every tolerance of the kit is built here, with its reason.
 *
 * <p>Rules common to all: a NaN is expected exactly where the oracle gives NaN, an infinity exactly
 * where the oracle's result rounds to an infinity of that sign, and signed zeros are not told
 * apart.
 */
@FunctionalInterface
public interface Tolerance {

  /** Unit roundoff of float32 (half an ulp of 1). */
  double U = 0x1.0p-24;

  /** The largest allowed {@code |actual - expected|} for element {@code i}. */
  double allowed(int i, double expected);

  /**
   * Exact: data movement, fill, copy, indexing, comparisons, where, NEG, ABS, SIGN, STEP, RELU,
   * MAX, MIN, SQUARE, LEAKY_RELU, and ADD/SUB/MUL, whose IEEE results are correctly rounded (the
   * oracle's double result rounds to the same float, as double has more than 2·24+2 bits). Exactly
   * summed dyadic data (index-add, col2im and pool gradients on multiples of 1/8) is exact too.
   */
  static Tolerance exact() {
    return (i, e) -> 0;
  }

  /**
   * Four ulps, for DIV, RECIPROCAL and SQRT: IEEE makes them correctly rounded, but OpenCL allows
   * 2.5 ulps for single-precision division and square root unless asked otherwise.
   */
  static Tolerance fewUlps() {
    return (i, e) -> 8 * U * Math.abs(e) + Float.MIN_NORMAL;
  }

  /**
   * Transcendentals (EXP, LOG, SIGMOID, TANH, SOFTPLUS, ELU, POW): 1e-6 relative, about 8-16 ulps,
   * which a vectorised polynomial meets; plus an absolute floor of 2^-21 (4 ulps of 1), because a
   * result formed by cancellation near 1 or 0 (ELU near 0, LOG near 1, SIGMOID far out) keeps its
   * absolute accuracy in float, not its relative one.
   */
  static Tolerance transcendental() {
    return transcendental(1);
  }

  /**
   * {@link #transcendental()} with the absolute floor scaled by {@code max(1, |scale|)}: ELU's
   * {@code alpha·(e^x - 1)} multiplies the cancellation error of {@code e^x - 1} by alpha.
   */
  static Tolerance transcendental(double scale) {
    double floor = 0x1.0p-21 * Math.max(1, Math.abs(scale));
    return (i, e) -> 1e-6 * Math.abs(e) + floor;
  }

  /**
   * A sum of {@code n} terms: {@code 8·sqrt(n)·2^-24·Σ|terms|}. Rounding errors of a float
   * accumulation of n terms grow like sqrt(n) in practice (n in the worst case, never reached with
   * random data), each bounded by an ulp of a partial sum, which is at most {@code Σ|terms|}; the
   * factor 8 leaves room for blocked and pairwise orders, FMA, and the final rounding. The floor of
   * MIN_NORMAL covers sums that are exactly 0.
   *
   * @param absSums {@code Σ|terms|} per element, from the oracle run on absolute values
   */
  static Tolerance sum(int n, double[] absSums) {
    double factor = 8 * Math.sqrt(Math.max(n, 1)) * U;
    return (i, e) -> factor * absSums[i] + Float.MIN_NORMAL;
  }

  /**
   * Softmax over rows of {@code cols}: rounding {@code x - max} to float costs up to an ulp of the
   * shift, which exp turns into that much relative error ({@code 2·2^-24·|x - max|}); the
   * exponential costs 1e-6 relative (transcendental); the row sum {@code 8·sqrt(cols)·2^-24}
   * relative, its terms being positive. Softmax results get these relative to themselves;
   * log-softmax results, being logarithms, get them as absolute errors, plus 1e-6 of the result and
   * of {@code log(cols)} for the logarithm of the sum and 4 ulps of 1.
   *
   * @param shift {@code |x - rowMax|} per element (0 where that is not finite)
   */
  static Tolerance softmax(boolean log, int cols, double[] shift) {
    double sumError = 8 * Math.sqrt(Math.max(cols, 1)) * U;
    return (i, e) -> {
      double relative = 2 * U * shift[i] + 1e-6 + sumError;
      return log
          ? relative + 1e-6 * (Math.abs(e) + Math.log(cols + 1.0)) + 0x1.0p-21
          : relative * Math.abs(e) + Float.MIN_NORMAL;
    };
  }
}
