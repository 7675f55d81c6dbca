package dev.stratum.train;

import dev.stratum.tensor.Tensor;
import java.util.Arrays;

/** Accuracy and top-k accuracy over class scores. */
final class ClassificationMetrics {

  private ClassificationMetrics() {}

  /** Class indices {@code [N]} from index targets ({@code [N]}, {@code [N, 1]}) or one-hot rows. */
  static Tensor classIndices(String metric, Tensor prediction, Tensor target) {
    if (prediction.rank() != 2) {
      throw new IllegalArgumentException(
          metric
              + ": needs a prediction of shape [batch, classes], got "
              + Arrays.toString(prediction.shape()));
    }
    int n = prediction.dim(0);
    int[] t = target.shape();
    if (Arrays.equals(t, prediction.shape()) && prediction.dim(1) > 1) {
      return target.argmax(1, false);
    }
    if (Arrays.equals(t, new int[] {n})) {
      return target;
    }
    if (Arrays.equals(t, new int[] {n, 1})) {
      return target.reshape(n);
    }
    throw new IllegalArgumentException(
        metric
            + ": targets of shape "
            + Arrays.toString(t)
            + " fit neither class indices ["
            + n
            + "] nor one-hot rows "
            + Arrays.toString(prediction.shape()));
  }

  record Accuracy() implements Metric {
    @Override
    public String name() {
      return "accuracy";
    }

    @Override
    public Tensor batchTotal(Tensor prediction, Tensor target) {
      Tensor classes = classIndices("accuracy", prediction, target);
      return prediction.argmax(1, false).eq(classes).sum();
    }
  }

  record TopK(int k) implements Metric {
    TopK {
      if (k < 1) {
        throw new IllegalArgumentException("top-k accuracy: k must be >= 1, got " + k);
      }
    }

    @Override
    public String name() {
      return "top" + k + "_accuracy";
    }

    @Override
    public Tensor batchTotal(Tensor prediction, Tensor target) {
      Tensor classes = classIndices(name(), prediction, target);
      int c = prediction.dim(1);
      if (k > c) {
        throw new IllegalArgumentException(
            name() + ": k = " + k + " exceeds the " + c + " classes of the prediction");
      }
      // the target's score, picked with where() rather than a product so infinite scores stay exact
      Tensor isTarget = Tensor.oneHot(classes, c);
      Tensor lowest = Tensor.scalar(prediction.backend(), Float.NEGATIVE_INFINITY);
      Tensor targetScore = Tensor.where(isTarget, prediction, lowest).max(true, 1);
      Tensor higher = prediction.gt(targetScore).sum(false, 1);
      return higher.lt(k).sum();
    }
  }
}
