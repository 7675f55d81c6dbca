package dev.stratum.layers.loss;

import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.function.DoublePredicate;

/**
 * Input checks shared by the losses. Domain checks run on the device and download two numbers (a
 * minimum and a maximum, or a count); only when they fail are the values downloaded to name the
 * first offending one. Class indices, which are small, are checked on the host.
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

  /** Every value of {@code t} lies in {@code [low, high]} (NaN does not). */
  static void inRange(String loss, String role, Tensor t, double low, double high) {
    float min;
    float max;
    try (TensorScope scope = TensorScope.open();
        NoGrad noGrad = Autograd.noGrad()) {
      min = t.min(false).item();
      max = t.max(false).item();
    }
    if (!(min >= low && max <= high)) {
      throw offender(
          loss,
          role,
          t,
          v -> v >= low && v <= high,
          "outside [" + num(low) + ", " + num(high) + "]");
    }
  }

  /** Every value of {@code t} is at least 0 (NaN is not). */
  static void nonNegative(String loss, String role, Tensor t) {
    float min;
    try (TensorScope scope = TensorScope.open();
        NoGrad noGrad = Autograd.noGrad()) {
      min = t.min(false).item();
    }
    if (!(min >= 0)) {
      throw offender(loss, role, t, v -> v >= 0, "not >= 0");
    }
  }

  /** Every value of {@code t} is -1 or 1. */
  static void signs(String loss, String role, Tensor t) {
    float allSigns;
    try (TensorScope scope = TensorScope.open();
        NoGrad noGrad = Autograd.noGrad()) {
      allSigns = t.abs().eq(1f).min(false).item();
    }
    if (allSigns != 1f) {
      throw offender(loss, role, t, v -> v == 1 || v == -1, "neither -1 nor 1");
    }
  }

  /** Every value of {@code t} is a whole number in {@code [0, classes)}. */
  static void classIndices(String loss, Tensor t, int classes) {
    classIndices(loss, t, classes, null);
  }

  /** As {@link #classIndices(String, Tensor, int)}, also allowing {@code ignored} when not null. */
  static void classIndices(String loss, Tensor t, int classes, Integer ignored) {
    DoublePredicate whole =
        v ->
            (v >= 0 && v < classes && v == Math.rint(v))
                || (ignored != null && v == ignored.doubleValue());
    float[] values = t.toArray();
    for (float v : values) {
      if (!whole.test(v)) {
        throw offender(
            loss,
            "class index",
            t,
            whole,
            "not a whole number in [0, "
                + classes
                + ")"
                + (ignored == null ? "" : " nor the ignore index " + ignored));
      }
    }
  }

  private static RuntimeException offender(
      String loss, String role, Tensor t, DoublePredicate ok, String problem) {
    float[] values = t.toArray();
    for (int i = 0; i < values.length; i++) {
      if (!ok.test(values[i])) {
        return new IllegalArgumentException(
            loss
                + ": "
                + role
                + " "
                + values[i]
                + " at flat position "
                + i
                + " of shape "
                + str(t)
                + " is "
                + problem);
      }
    }
    // the device said no, the host says yes: only a kernel bug gets here
    return new IllegalStateException(
        loss + ": the device found a " + role + " " + problem + " but the host did not");
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
