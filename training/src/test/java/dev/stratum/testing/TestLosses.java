package dev.stratum.testing;

import dev.stratum.nn.Loss;
import dev.stratum.tensor.Tensor;

/** The two losses the tests need, written with tensor ops. */
public final class TestLosses {

  private TestLosses() {}

  /** Mean squared error over every element. */
  public static final Loss MSE = (prediction, target) -> prediction.sub(target).square().mean();

  /** Cross-entropy of logits {@code [N, C]} against class indices {@code [N]}, averaged. */
  public static final Loss CROSS_ENTROPY =
      (logits, classes) -> {
        Tensor picked = Tensor.oneHot(classes, logits.dim(1)).mul(logits.logSoftmax(1));
        return picked.sum().neg().div(logits.dim(0));
      };
}
