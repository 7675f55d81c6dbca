package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;

/**
 * Binary cross-entropy on logits x (before the sigmoid), computed stably as {@code max(x, 0) - x·t
 * + log(1 + exp(-|x|))} per element; this is {@code softplus(x) - x·t}, and every backend's
 * softplus kernel evaluates exactly that stable form, so no value overflows and the gradient is
 * {@code sigmoid(x) - t}. {@code MEAN} averages over every element, as PyTorch's {@code
 * BCEWithLogitsLoss}. Targets must lie in {@code [0, 1]}.
 */
public final class BinaryCrossEntropyWithLogits extends ReducingLoss {

  /** The mean over every element. */
  public BinaryCrossEntropyWithLogits() {
    this(Reduction.MEAN);
  }

  public BinaryCrossEntropyWithLogits(Reduction reduction) {
    super("bce_with_logits", reduction);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.sameShape(name(), prediction, target);
  }

  @Override
  protected void valueRules(ValueRules rules, Tensor prediction, Tensor target) {
    rules.inRange("target", target, 0, 1);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    return prediction.softplus().sub(prediction.mul(target));
  }
}
