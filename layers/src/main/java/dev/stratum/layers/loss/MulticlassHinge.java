package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;

/**
 * Multi-class hinge loss (Weston–Watkins, the "SVM loss") for scores {@code [N, C]} and class
 * indices {@code [N]}: {@code Σ_{i≠t} max(0, 1 - (y_t - y_i))} per sample, or the sum of the
 * squared margins. {@code MEAN} averages over the batch. Unlike PyTorch's {@code MultiMarginLoss}
 * the sum is not divided by C.
 */
public final class MulticlassHinge extends ReducingLoss {

  private final boolean squared;

  /** The mean over the batch. */
  public MulticlassHinge() {
    this(Reduction.MEAN);
  }

  public MulticlassHinge(Reduction reduction) {
    this(false, reduction);
  }

  private MulticlassHinge(boolean squared, Reduction reduction) {
    super(squared ? "squared_multiclass_hinge" : "multiclass_hinge", reduction);
    this.squared = squared;
  }

  /** {@code Σ_{i≠t} max(0, 1 - (y_t - y_i))²}. */
  public static MulticlassHinge squared(Reduction reduction) {
    return new MulticlassHinge(true, reduction);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    if (prediction.rank() != 2) {
      throw new IllegalArgumentException(
          name() + ": prediction must be shaped [N, C], got " + LossChecks.str(prediction));
    }
    SparseCrossEntropy.checkIndexShape(name(), prediction, target);
    LossChecks.classIndices(name(), target, prediction.dim(1));
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    Tensor oneHot = Tensor.oneHot(target, prediction.dim(1));
    Tensor correct = prediction.mul(oneHot).sum(true, 1);
    // the i = t term would add max(0, 1) = 1: the mask drops it
    Tensor margins = prediction.sub(correct).add(1f).relu().mul(oneHot.neg().add(1f));
    return (squared ? margins.square() : margins).sum(false, 1);
  }
}
