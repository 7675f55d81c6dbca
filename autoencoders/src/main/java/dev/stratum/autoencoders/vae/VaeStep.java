package dev.stratum.autoencoders.vae;

import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.data.Batch;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.StepResult;
import dev.stratum.train.TrainingStep;
import java.util.Map;
import java.util.Objects;

/**
 * The training step of a {@link VariationalAutoencoder}: the batch's {@link
 * VariationalAutoencoder#elbo(Tensor, Tensor) ELBO terms} with a fresh ε, then {@link
 * Optimizer#zeroGrad()}, the backward pass of {@link Elbo#loss()} and one {@link Optimizer#step()}.
 * It reports {@code "loss"} ({@code reconstruction + β·kl}), {@code "reconstruction"} and {@code
 * "kl"}, each a batch mean, which the Trainer turns into per-sample means over the epoch; the
 * prediction (for metrics) is the decoded mean of the drawn code. Validation reports the same parts
 * with ε from the model's validation generator.
 *
 * <p>The targets of a Bernoulli decoder must lie in {@code [0, 1]}. The step checks them where they
 * are: the first batch's at once (two numbers downloaded), later batches' by a running minimum and
 * maximum kept on the device and read once per epoch, so that no step waits for a check. Data
 * outside the range therefore fails on the first batch or, if only later batches hold it, at the
 * end of that epoch, with the range in the message.
 */
public final class VaeStep implements TrainingStep, Callback {

  private final VariationalAutoencoder model;
  private final Optimizer optimizer;
  private final boolean bernoulli;
  private Tensor low;
  private Tensor high;

  /** A step of {@code model} updated by {@code optimizer}. */
  public VaeStep(VariationalAutoencoder model, Optimizer optimizer) {
    this.model = Objects.requireNonNull(model, "model");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.bernoulli = model.likelihood() == Likelihood.BERNOULLI;
  }

  @Override
  public StepResult train(Batch batch) {
    Elbo elbo = model.elbo(batch.inputs(), batch.targets());
    watchTargets(batch.targets());
    Tensor loss = elbo.loss();
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    return parts(elbo, loss);
  }

  @Override
  public StepResult evaluate(Batch batch) {
    Elbo elbo = model.elbo(batch.inputs(), batch.targets());
    watchTargets(batch.targets());
    return parts(elbo, elbo.loss());
  }

  private StepResult parts(Elbo elbo, Tensor loss) {
    return StepResult.of(loss, "reconstruction", elbo.meanReconstruction(), "kl", elbo.meanKl())
        .withPrediction(model.mean(elbo.output()));
  }

  /** Reads the running range once per epoch (training and validation batches). */
  @Override
  public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
    if (low != null) {
      model.checkBernoulliTargets(low.item(), high.item(), "epoch " + epoch + "'s targets");
    }
  }

  /** Starts a new range: a run checks its own first batch. */
  @Override
  public void onTrainBegin(TrainingContext context) {
    onTrainEnd(context);
  }

  /** Frees the running range. */
  @Override
  public void onTrainEnd(TrainingContext context) {
    if (low != null) {
      low.close();
      high.close();
      low = null;
      high = null;
    }
  }

  /** Folds {@code targets} into the running range; checks the very first batch at once. */
  private void watchTargets(Tensor targets) {
    if (!bernoulli) {
      return;
    }
    try (NoGrad off = Autograd.noGrad();
        TensorScope scope = TensorScope.open()) {
      Tensor batchLow = targets.min(false);
      Tensor batchHigh = targets.max(false);
      if (low == null) {
        model.checkBernoulliTargets(batchLow.item(), batchHigh.item(), "the first batch's targets");
        low = TensorScope.unscoped(batchLow.mul(1f));
        high = TensorScope.unscoped(batchHigh.mul(1f));
      } else {
        low.copyFrom(low.minimum(batchLow));
        high.copyFrom(high.maximum(batchHigh));
      }
    }
  }
}
