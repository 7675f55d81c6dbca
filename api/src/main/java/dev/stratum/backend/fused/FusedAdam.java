package dev.stratum.backend.fused;

import dev.stratum.backend.Storage;

/**
 * One Adam step in one pass over the parameter, its gradient and both moments, in place on {@code
 * param}, {@code m} and {@code v} (instead of about ten element-wise kernels and two temporaries).
 *
 * <p>For each {@code i < count}, with {@code c} the step's {@link Coefficients}, every product, sum
 * and quotient rounded to float on its own, in this order (no fused multiply-add):
 *
 * <pre>
 * m[i]     ← c.beta1·m[i] + c.oneMinusBeta1·g[i]
 * v[i]     ← c.beta2·v[i] + c.oneMinusBeta2·(g[i]·g[i])
 * param[i] ← param[i] + (−c.stepSize)·(m[i] / (√v[i]·c.vScale + c.epsilon))
 * </pre>
 *
 * with the new {@code m[i]} and {@code v[i]}, and {@code √} and {@code /} rounded as the backend's
 * {@code unary(SQRT)} and {@code binary(DIV)} round them. The result must equal, bit for bit, that
 * of the backend's own core kernels in the same order ({@code binary MUL} by {@code beta1}, the
 * {@link FusedAxpy} composition with {@code oneMinusBeta1}, the same for {@code v} with {@code
 * unary SQUARE} of the gradient, {@code unary SQRT}, {@code binary MUL} by {@code vScale}, {@code
 * binary ADD} of {@code epsilon}, {@code binary DIV}, and the axpy composition with {@code
 * −stepSize}), which is what the {@code Adam} optimizer runs on a backend that does not offer this
 * kernel: whether a backend offers it never changes a trained model.
 */
public interface FusedAdam {

  /**
   * One Adam step over {@code count} elements as the interface describes. {@code grad} is read
   * only; no two of the four storages overlap.
   */
  void adamUpdate(Storage param, Storage grad, Storage m, Storage v, int count, Coefficients c);

  /**
   * The scalars of one step, each already rounded to float. Adam's bias corrections are folded in:
   * {@code stepSize = η / (1 − β₁ᵗ)} and {@code vScale = 1 / √(1 − β₂ᵗ)}. {@code 1 − β} is carried
   * on its own, rounded from double, because {@code 1 − 0.9f} in float is not the float nearest 0.1
   * (the value PyTorch uses).
   *
   * @param beta1 the first moment's decay β₁
   * @param oneMinusBeta1 {@code 1 − β₁}, rounded from double
   * @param beta2 the second moment's decay β₂
   * @param oneMinusBeta2 {@code 1 − β₂}, rounded from double
   * @param stepSize {@code η / (1 − β₁ᵗ)}
   * @param vScale {@code 1 / √(1 − β₂ᵗ)}
   * @param epsilon added to the denominator
   */
  record Coefficients(
      float beta1,
      float oneMinusBeta1,
      float beta2,
      float oneMinusBeta2,
      float stepSize,
      float vScale,
      float epsilon) {

    /**
     * The coefficients of step {@code step} (counted from 1) with learning rate {@code
     * learningRate}, every value computed in double and rounded to float once.
     *
     * @throws IllegalArgumentException if {@code step < 1}, or a β is outside {@code [0, 1)}
     */
    public static Coefficients forStep(
        double beta1, double beta2, double epsilon, double learningRate, long step) {
      if (step < 1) {
        throw new IllegalArgumentException("Adam coefficients: step counts from 1, got " + step);
      }
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException(
            "Adam coefficients: beta1 and beta2 must be in [0, 1), got " + beta1 + " and " + beta2);
      }
      double correction1 = 1 - Math.pow(beta1, step);
      double correction2 = 1 - Math.pow(beta2, step);
      return new Coefficients(
          (float) beta1,
          (float) (1 - beta1),
          (float) beta2,
          (float) (1 - beta2),
          (float) (learningRate / correction1),
          (float) (1 / Math.sqrt(correction2)),
          (float) epsilon);
    }
  }
}
