package dev.stratum.train;

/**
 * What the {@link Trainer} does when a training step's objective or a parameter's gradient is NaN
 * or infinite. Chosen with {@link Trainer.Builder#nonFinite(NonFinitePolicy)}; the default is
 * {@link #STOP}.
 *
 * <p>With the Trainer's own step ({@link Trainer.Builder#loss}) the check runs after the backward
 * pass and before {@link dev.stratum.optim.Optimizer#step()}: the objective (loss plus penalties)
 * is read as a number and the gradients of the model's parameters are reduced on the device to one
 * number (one more download per step, and an element-wise pass over the gradients). A custom {@link
 * TrainingStep} runs its own updates, so the Trainer can only look at the loss it returns, after
 * the step; it names the first bad gradient it then finds, and {@link #SKIP} is refused.
 */
public enum NonFinitePolicy {
  /**
   * Throw {@link NonFiniteTrainingException}, naming the epoch, the step and the first parameter
   * whose gradient is not finite. With the Trainer's own step the update is not applied, so the
   * parameters stay as they were after the last good step.
   */
  STOP,
  /**
   * Skip the optimizer step (parameters and optimizer state untouched), count it and go on. A
   * skipped batch adds nothing to the epoch's loss and metrics and does not reach {@link
   * dev.stratum.callback.Callback#onBatchEnd}; each epoch's history holds {@value
   * Trainer#SKIPPED_STEPS} (how many were skipped), and {@link Trainer.Builder#onNonFinite} hears
   * of each one. An epoch whose every step is skipped throws. Only for the Trainer's own step.
   */
  SKIP,
  /** No check: a NaN goes on into the parameters, as it would without the Trainer. No cost. */
  IGNORE
}
