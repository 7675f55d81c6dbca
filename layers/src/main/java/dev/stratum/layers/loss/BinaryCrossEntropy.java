package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;

/**
 * Binary cross-entropy on probabilities, {@code -(t·log p + (1 - t)·log(1 - p))} per element.
 * {@code MEAN} averages over every element, as PyTorch's {@code BCELoss}. Predictions and targets
 * must lie in {@code [0, 1]}.
 *
 * <p>The prediction is clamped to {@code [EPSILON, 1 - EPSILON]} (as Keras does) so that a
 * saturated sigmoid gives a large finite loss instead of infinity; where the clamp is active the
 * gradient is zero. Prefer {@link BinaryCrossEntropyWithLogits} on the logits, which needs no
 * clamp.
 */
public final class BinaryCrossEntropy extends ReducingLoss {

  /** The clamp applied to predictions: {@value}. */
  public static final float EPSILON = 1e-7f;

  /** The mean over every element. */
  public BinaryCrossEntropy() {
    this(Reduction.MEAN);
  }

  public BinaryCrossEntropy(Reduction reduction) {
    super("bce", reduction);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.sameShape(name(), prediction, target);
    LossChecks.inRange(name(), "prediction", prediction, 0, 1);
    LossChecks.inRange(name(), "target", target, 0, 1);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    Tensor p = prediction.clamp(EPSILON, 1f - EPSILON);
    Tensor positive = target.mul(p.log());
    Tensor negative = target.neg().add(1f).mul(p.neg().add(1f).log());
    return positive.add(negative).neg();
  }
}
