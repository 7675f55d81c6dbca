package dev.stratum.layers;

import java.util.Arrays;

/** The output-size arithmetic of sliding windows (convolution, pooling), with exact messages. */
final class Windows {

  private Windows() {}

  /**
   * {@code (in - kernel + 2·padding) / stride + 1} for one axis; floors like PyTorch unless {@code
   * strict}, in which case a stride that does not divide {@code in - kernel + 2·padding} is an
   * error.
   */
  static int outSize(
      String layer,
      int[] inputShape,
      String axis,
      int in,
      int kernel,
      int stride,
      int padding,
      boolean strict) {
    int span = in - kernel + 2 * padding;
    if (span < 0) {
      throw new IllegalArgumentException(
          layer
              + ": input "
              + Arrays.toString(inputShape)
              + " does not fit: the kernel "
              + kernel
              + " is larger than the padded "
              + axis
              + " "
              + in
              + " + 2·"
              + padding
              + " = "
              + (in + 2 * padding));
    }
    if (strict && span % stride != 0) {
      throw new IllegalArgumentException(
          layer
              + ": input "
              + Arrays.toString(inputShape)
              + " does not fit: along the "
              + axis
              + ", (w - f + 2p)/s + 1 = ("
              + in
              + " - "
              + kernel
              + " + 2·"
              + padding
              + ")/"
              + stride
              + " + 1 = "
              + (span / (double) stride + 1)
              + " is not a whole number");
    }
    return span / stride + 1;
  }

  /** Checks an NCHW input with {@code channels} channels. */
  static void checkImage(String layer, int[] inputShape, int channels) {
    if (inputShape.length != 4) {
      throw new IllegalArgumentException(
          layer
              + ": input "
              + Arrays.toString(inputShape)
              + " does not fit: expected [N, C, H, W] (rank 4)");
    }
    if (channels > 0 && inputShape[1] != channels) {
      throw new IllegalArgumentException(
          layer
              + ": input "
              + Arrays.toString(inputShape)
              + " does not fit: it has "
              + inputShape[1]
              + " channels, expected "
              + channels);
    }
  }

  static void checkPositive(String layer, String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(layer + ": " + what + " must be at least 1, got " + value);
    }
  }

  static void checkNonNegative(String layer, String what, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          layer + ": " + what + " must not be negative, got " + value);
    }
  }

  /**
   * {@code Name(in -> out, k x k, s1, p0<extra>)}, as convolution-like layers describe themselves.
   */
  static String describe(
      String name,
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      String extra) {
    return name
        + "("
        + inChannels
        + " -> "
        + outChannels
        + ", "
        + kernel
        + "x"
        + kernel
        + ", s"
        + stride
        + ", p"
        + padding
        + extra
        + ")";
  }
}
