package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;

/**
 * Squared error (L2), {@code (y - t)²} per element. {@code MEAN} averages over every element (batch
 * times outputs), as PyTorch's {@code MSELoss}; prediction and target must have the same shape.
 */
public final class MeanSquaredError extends ReducingLoss {

  /** The mean over every element. */
  public MeanSquaredError() {
    this(Reduction.MEAN);
  }

  public MeanSquaredError(Reduction reduction) {
    super("mse", reduction);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.sameShape(name(), prediction, target);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    return prediction.sub(target).square();
  }
}
