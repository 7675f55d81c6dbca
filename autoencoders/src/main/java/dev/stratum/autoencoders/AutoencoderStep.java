package dev.stratum.autoencoders;

import dev.stratum.data.Batch;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Tensor;
import dev.stratum.train.StepResult;
import dev.stratum.train.TrainingStep;
import java.util.Objects;

/**
 * The training step of every non-variational autoencoder: {@link Autoencoder#objective} on the
 * batch's inputs and targets, then {@link Optimizer#zeroGrad()}, the backward pass of {@link
 * Objective#total()} and one {@link Optimizer#step()}. It reports {@code "loss"} (the
 * reconstruction error) and each penalty under its name; validation reports the reconstruction
 * error of {@code g(f(x))} against the targets only.
 *
 * <p>The batch's targets are the clean inputs ({@code dataset.inputsAsTargets()}); for a denoising
 * autoencoder the loader corrupts the inputs alone ({@link DenoisingAutoencoder#loader}).
 */
public final class AutoencoderStep implements TrainingStep {

  private final Autoencoder model;
  private final Optimizer optimizer;

  /** A step of {@code model} updated by {@code optimizer}. */
  public AutoencoderStep(Autoencoder model, Optimizer optimizer) {
    this.model = Objects.requireNonNull(model, "model");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
  }

  @Override
  public StepResult train(Batch batch) {
    Objective objective = model.objective(batch.inputs(), batch.targets());
    Tensor total = objective.total();
    optimizer.zeroGrad();
    total.backward();
    optimizer.step();
    return objective.toStepResult();
  }

  @Override
  public StepResult evaluate(Batch batch) {
    Tensor output = model.reconstruct(batch.inputs());
    return StepResult.of(model.reconstructionLoss(output, batch.targets())).withPrediction(output);
  }

  /** A NaN loss: the reconstruction loss names a target or output outside its domain, if any. */
  @Override
  public void checkInputs(Batch batch, StepResult result) {
    model.checkReconstructionInputs(result.prediction(), batch.targets());
  }

  @Override
  public boolean defersValueChecks() {
    return true;
  }
}
