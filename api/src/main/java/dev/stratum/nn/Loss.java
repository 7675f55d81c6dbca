package dev.stratum.nn;

import dev.stratum.tensor.Tensor;

/**
 * A loss: compares a prediction with a target and returns a differentiable tensor (a scalar unless
 * the loss was made with {@link Reduction#NONE}).
 *
 * <p>Input checks come in two kinds. Shapes are known on the host, so {@link #compute} checks them
 * at once. Values (a probability in {@code [0, 1]}, a whole class index) live on the device: by
 * default {@code compute} reads them and throws, as PyTorch's CPU losses do; inside {@link
 * ValueChecks#deferred} (the {@code Trainer}'s steps) it checks them where the data is and, when
 * one fails, makes its result NaN, and {@link #checkValues} names the offending value for a caller
 * that read a NaN loss.
 */
@FunctionalInterface
public interface Loss {

  /**
   * Computes the loss. Implementations validate shapes and throw {@link IllegalArgumentException}
   * naming the loss and both shapes when they do not fit; values outside the loss's domain throw
   * the same way, or, while {@link ValueChecks#areDeferred}, make the result NaN (see {@link
   * #checkValues}).
   */
  Tensor compute(Tensor prediction, Tensor target);

  /**
   * Checks the values of inputs that {@link #compute} would take against the loss's domain, reading
   * them on the host, and throws {@link IllegalArgumentException} naming the loss, the input, the
   * first offending value and its position; returns quietly when they fit. Meant for after a NaN
   * loss, not for every step. Checks nothing by default.
   */
  default void checkValues(Tensor prediction, Tensor target) {}
}
