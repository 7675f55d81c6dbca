package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;

/**
 * Categorical cross-entropy on logits with one-hot or probability targets: {@code -Σ_c t_c ·
 * log_softmax(y)_c} over the class axis 1 of a {@code [N, C]} (or {@code [N, C, d...]}) prediction,
 * computed with a stable log-softmax. One term per sample (and position); {@code MEAN} averages
 * over the batch (times the positions {@code d...}), as PyTorch's {@code CrossEntropyLoss}. Targets
 * have the prediction's shape and lie in {@code [0, 1]}; that each row sums to 1 is not checked.
 * For class indices use {@link SparseCrossEntropy}.
 */
public final class CrossEntropy extends ReducingLoss {

  /** The mean over the batch. */
  public CrossEntropy() {
    this(Reduction.MEAN);
  }

  public CrossEntropy(Reduction reduction) {
    super("cross_entropy", reduction);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.rankAtLeast(name(), "prediction", prediction, 2, "[N, C] or [N, C, d...]");
    LossChecks.sameShape(name(), prediction, target);
    LossChecks.inRange(name(), "target", target, 0, 1);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    return target.mul(prediction.logSoftmax(1)).sum(false, 1).neg();
  }
}
