package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;

/**
 * Absolute error (L1), {@code |y - t|} per element. {@code MEAN} averages over every element, as
 * PyTorch's {@code L1Loss}. The gradient at {@code y = t} is 0 (the sign of 0).
 */
public final class MeanAbsoluteError extends ReducingLoss {

  /** The mean over every element. */
  public MeanAbsoluteError() {
    this(Reduction.MEAN);
  }

  public MeanAbsoluteError(Reduction reduction) {
    super("l1", reduction);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.sameShape(name(), prediction, target);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    return prediction.sub(target).abs();
  }
}
