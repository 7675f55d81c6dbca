package dev.stratum.layers.loss;

import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;

/**
 * Shape checks shared by the losses, which need nothing from the device, and a one-hot encoding
 * that reads nothing back. The checks of values are {@link ValueRules}.
 */
final class LossChecks {

  private LossChecks() {}

  static String str(Tensor t) {
    return Arrays.toString(t.shape());
  }

  static void sameShape(String loss, Tensor prediction, Tensor target) {
    if (!Arrays.equals(prediction.shape(), target.shape())) {
      throw new IllegalArgumentException(
          loss
              + ": prediction "
              + str(prediction)
              + " and target "
              + str(target)
              + " must have the same shape");
    }
  }

  /** {@code t} has at least {@code rank} axes; {@code layout} names them ({@code "[N, C]"}). */
  static void rankAtLeast(String loss, String role, Tensor t, int rank, String layout) {
    if (t.rank() < rank) {
      throw new IllegalArgumentException(
          loss + ": " + role + " must be shaped " + layout + ", got " + str(t));
    }
  }

  /**
   * One-hot rows of {@code indices [N, d...]}, the class axis last: {@code [N, d..., C]}, with an
   * all-zero row where an index is not a whole number in {@code [0, classes)}. Unlike {@link
   * Tensor#oneHot}, which downloads the indices to check them, this stays on the device; the losses
   * check their indices with {@link ValueRules#classIndices}.
   */
  static Tensor oneHot(Tensor indices, int classes) {
    try (NoGrad noGrad = Autograd.noGrad();
        Tensor range = Tensor.arange(indices.backend(), classes);
        Tensor column = indices.unsqueeze(indices.rank())) {
      return column.eq(range);
    }
  }
}
