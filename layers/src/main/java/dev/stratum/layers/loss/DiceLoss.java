package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * Soft Dice loss for segmentation-like outputs: per sample, over every axis but the batch, {@code 1
 * - (2·Σ p·t + s) / (Σ p + Σ t + s)} with smoothing s (default 1), which keeps the ratio defined
 * when both are empty and softens the gradient for small regions. {@code MEAN} averages over the
 * batch. Predictions (probabilities) and targets lie in {@code [0, 1]} and have the same shape.
 */
public final class DiceLoss extends ReducingLoss {

  private final float smoothing;

  /** Smoothing 1, the mean over the batch. */
  public DiceLoss() {
    this(1f, Reduction.MEAN);
  }

  /** {@code smoothing} must be finite and at least 0 (0 gives NaN for an empty sample). */
  public DiceLoss(float smoothing, Reduction reduction) {
    super("dice", reduction);
    if (!(smoothing >= 0) || Float.isInfinite(smoothing)) {
      throw new IllegalArgumentException(
          "dice: smoothing must be finite and >= 0, got " + smoothing);
    }
    this.smoothing = smoothing;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("smoothing", (double) smoothing);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.rankAtLeast(name(), "prediction", prediction, 2, "[N, ...]");
    LossChecks.sameShape(name(), prediction, target);
    LossChecks.inRange(name(), "prediction", prediction, 0, 1);
    LossChecks.inRange(name(), "target", target, 0, 1);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    Tensor overlap = sumPerSample(prediction.mul(target)).mul(2f).add(smoothing);
    Tensor total = sumPerSample(prediction).add(sumPerSample(target)).add(smoothing);
    return overlap.div(total).neg().add(1f);
  }
}
