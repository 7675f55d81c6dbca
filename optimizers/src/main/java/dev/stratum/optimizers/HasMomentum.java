package dev.stratum.optimizers;

/**
 * An optimizer whose momentum coefficient a schedule may change between steps, as PyTorch's {@code
 * OneCycleLR(cycle_momentum=True)} does: SGD's and RMSProp's {@code momentum}, and β₁ of {@link
 * Adam}, {@link AdamW}, {@link AdaMax} and {@link QhAdam} (PyTorch's {@code betas[0]}). {@link
 * Nadam} is left out on purpose: its momentum schedule μ_t is built from β₁ and step counts alone,
 * which is what lets a checkpoint skip the products Π_t; a β₁ that changed along the way would make
 * them depend on history.
 */
public interface HasMomentum {

  /** The momentum coefficient the next step uses. */
  double momentum();

  /**
   * Sets the momentum coefficient for the next steps.
   *
   * @throws IllegalArgumentException when the value is out of range, or when the optimizer was
   *     built without momentum (SGD or RMSProp with momentum 0 keep no velocity)
   */
  void momentum(double value);
}
