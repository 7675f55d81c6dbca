package dev.stratum.optimizers;

import dev.stratum.tensor.Tensor;

/** The exponential moving averages the Adam family shares, updated in place. */
final class Moments {

  private Moments() {}

  /** {@code m ← β₁·m + (1 − β₁)·g} in slot {@code "m"}. */
  static Tensor first(AbstractOptimizer.Update u, double beta1) {
    return u.state("m")
        .mulInPlace((float) beta1)
        .addScaledInPlace((float) (1 - beta1), u.gradient());
  }

  /** {@code v ← β₂·v + (1 − β₂)·g²} in slot {@code "v"}. */
  static Tensor second(AbstractOptimizer.Update u, double beta2) {
    return u.state("v")
        .mulInPlace((float) beta2)
        .addScaledInPlace((float) (1 - beta2), u.gradient().square());
  }
}
