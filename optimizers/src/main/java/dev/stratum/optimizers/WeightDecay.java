package dev.stratum.optimizers;

/**
 * How an optimizer applies a group's {@link dev.stratum.optim.ParameterGroup#weightDecay() weight
 * decay} {@code λ}.
 */
public enum WeightDecay {
  /**
   * Classic L2 regularisation: {@code λ·θ} is added to the gradient before the update rule sees it,
   * so adaptive methods rescale it like the rest of the gradient.
   */
  L2,
  /**
   * Decoupled weight decay (Loshchilov &amp; Hutter 2019, "Decoupled Weight Decay Regularization"):
   * before the update, {@code θ ← θ·(1 − η·λ)} with the group's current learning rate {@code η},
   * independently of the gradient statistics. This is PyTorch's {@code AdamW} convention; the
   * paper's schedule multiplier {@code η_t} times its {@code λ} equals our {@code η·λ}, so the
   * paper's {@code λ} is ours times the base rate.
   */
  DECOUPLED
}
