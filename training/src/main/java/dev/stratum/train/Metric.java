package dev.stratum.train;

import dev.stratum.tensor.Tensor;

/**
 * A per-sample quality measure that the training loop averages over an epoch, on the training data
 * (reported under {@link #name()}) and on the validation data ({@code "val_" + name()}). The loss
 * is always reported and needs no metric.
 *
 * <p>{@link #batchTotal} returns the <em>sum</em> over the batch as a one-element tensor; the loop
 * adds these on the device and divides by the number of samples once per epoch, so a metric costs
 * no download per step.
 */
public interface Metric {

  /** The key in the epoch's metrics ({@code "accuracy"}, {@code "top5_accuracy"}). */
  String name();

  /**
   * The sum of the metric over the batch, a one-element tensor. Called without recording a graph;
   * the tensor belongs to the current {@link dev.stratum.tensor.TensorScope}.
   */
  Tensor batchTotal(Tensor prediction, Tensor target);

  /**
   * Classification accuracy: the arg-max of each row of the {@code [N, C]} prediction (scores,
   * logits or probabilities) against targets given as class indices ({@code [N]} or {@code [N, 1]})
   * or as one-hot rows ({@code [N, C]}, whose arg-max is the class).
   */
  static Metric accuracy() {
    return new ClassificationMetrics.Accuracy();
  }

  /**
   * Top-k accuracy: a sample counts when fewer than {@code k} classes score strictly higher than
   * its target class (so ties with the target count in its favour). Targets as for {@link
   * #accuracy()}.
   */
  static Metric topK(int k) {
    return new ClassificationMetrics.TopK(k);
  }
}
