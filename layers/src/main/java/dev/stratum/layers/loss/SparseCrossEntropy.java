package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;

/**
 * Categorical cross-entropy on logits with class indices: {@code -log_softmax(y)_t} for a {@code
 * [N, C]} prediction and a target {@code [N]} of whole numbers in {@code [0, C)} (or {@code [N, C,
 * d...]} and {@code [N, d...]}). One term per sample (and position); {@code MEAN} averages over the
 * batch, as PyTorch's {@code CrossEntropyLoss} with class indices. The indices are downloaded and
 * checked on the host (N numbers).
 */
public final class SparseCrossEntropy extends ReducingLoss {

  /** The mean over the batch. */
  public SparseCrossEntropy() {
    this(Reduction.MEAN);
  }

  public SparseCrossEntropy(Reduction reduction) {
    super("sparse_cross_entropy", reduction);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.rankAtLeast(name(), "prediction", prediction, 2, "[N, C] or [N, C, d...]");
    checkIndexShape(name(), prediction, target);
    LossChecks.classIndices(name(), target, prediction.dim(1));
  }

  /** The target is the prediction's shape without the class axis 1. */
  static void checkIndexShape(String loss, Tensor prediction, Tensor target) {
    int[] p = prediction.shape();
    int[] expected = new int[p.length - 1];
    expected[0] = p[0];
    System.arraycopy(p, 2, expected, 1, p.length - 2);
    if (!Arrays.equals(expected, target.shape())) {
      throw new IllegalArgumentException(
          loss
              + ": class indices "
              + LossChecks.str(target)
              + " do not fit prediction "
              + LossChecks.str(prediction)
              + "; expected indices shaped "
              + Arrays.toString(expected));
    }
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    return oneHotAlongAxis1(target, prediction.dim(1))
        .mul(prediction.logSoftmax(1))
        .sum(false, 1)
        .neg();
  }

  /** One-hot rows of {@code indices [N, d...]} with the class axis at 1: {@code [N, C, d...]}. */
  static Tensor oneHotAlongAxis1(Tensor indices, int classes) {
    Tensor oneHot = Tensor.oneHot(indices, classes);
    int rank = oneHot.rank();
    if (rank == 2) {
      return oneHot;
    }
    int[] order = new int[rank];
    order[0] = 0;
    order[1] = rank - 1;
    for (int i = 2; i < rank; i++) {
      order[i] = i - 1;
    }
    return oneHot.permute(order);
  }
}
