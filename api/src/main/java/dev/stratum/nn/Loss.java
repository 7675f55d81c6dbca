package dev.stratum.nn;

import dev.stratum.tensor.Tensor;

/**
 * A loss: compares a prediction with a target and returns a differentiable tensor (a scalar unless
 * the loss was made with {@link Reduction#NONE}).
 */
@FunctionalInterface
public interface Loss {

  /**
   * Computes the loss. Implementations validate shapes and throw {@link IllegalArgumentException}
   * naming the loss and both shapes when they do not fit.
   */
  Tensor compute(Tensor prediction, Tensor target);
}
