package dev.stratum.train;

import dev.stratum.data.Batch;

/**
 * What the {@link Trainer} does with one batch: the objective, the backward pass and the update(s).
 * The usual step, {@code loss(model(x), y)} plus penalty terms followed by one optimizer step, is
 * {@link SupervisedStep}, which {@link Trainer.Builder#loss} sets up. A model whose objective is
 * more than a prediction and a target writes its own, and the Trainer runs it the same way, with no
 * special case per kind:
 *
 * <ul>
 *   <li>a variational autoencoder returns its parts {@code "reconstruction"} and {@code "kl"}
 *       beside their sum {@code "loss"};
 *   <li>a contractive or sparse autoencoder returns its penalty as a part;
 *   <li>a GAN runs two optimizers in one step and returns the discriminator's and the generator's
 *       losses;
 *   <li>truncated backpropagation through time runs one optimizer step per chunk of the sequence.
 * </ul>
 *
 * <p>Every part goes into the {@link History} and the progress line as its per-sample mean over the
 * epoch, {@code Σ n_b·part_b / Σ n_b}, and under {@code "val_" + name} for validation data. A step
 * that also implements {@link dev.stratum.callback.Callback} is called first among the callbacks
 * (to reset a carried state at the start of an epoch, for example).
 *
 * <pre>{@code
 * TrainingStep vae = new TrainingStep() {
 *   public StepResult train(Batch batch) {
 *     StepResult r = evaluate(batch);
 *     optimizer.zeroGrad();
 *     r.loss().backward();
 *     optimizer.step();
 *     return r;
 *   }
 *   public StepResult evaluate(Batch batch) {
 *     ... // encode, sample, decode
 *     return StepResult.of(reconstruction.add(kl), "reconstruction", reconstruction, "kl", kl);
 *   }
 * };
 * }</pre>
 */
public interface TrainingStep {

  /**
   * Trains on one batch: forward pass, backward pass and optimizer step(s). Runs inside the step's
   * {@link dev.stratum.tensor.TensorScope}, in training mode; what it returns is read and then
   * freed with the scope.
   */
  StepResult train(Batch batch);

  /**
   * The same parts for a validation batch, without updating anything. The Trainer calls it in
   * evaluation mode with graph recording off.
   */
  StepResult evaluate(Batch batch);

  /**
   * Called by the Trainer when the loss of a step it has just run (trained or evaluated) reads NaN:
   * throws {@link IllegalArgumentException} naming the offending input when the batch was the
   * cause, and returns quietly when it was not (a model that diverged). A loss checks the values of
   * its inputs on the device and turns NaN when one fails, instead of reading a verdict back every
   * step ({@link dev.stratum.nn.Loss#checkValues}); this is where the Trainer asks why. Checks
   * nothing by default.
   */
  default void checkInputs(Batch batch, StepResult result) {}

  /**
   * Whether the Trainer runs this step with its losses' value checks deferred to the device ({@link
   * dev.stratum.nn.ValueChecks#deferred}), which saves a host round trip per check. A step that
   * says so must name bad inputs in {@link #checkInputs}, since its losses then give NaN for them
   * instead of throwing. False by default: the losses check eagerly and throw.
   */
  default boolean defersValueChecks() {
    return false;
  }
}
