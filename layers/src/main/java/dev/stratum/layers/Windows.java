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
    return outSize(layer, inputShape, axis, in, kernel, stride, padding, padding, 1, false, strict);
  }

  /**
   * The general form: {@code span = in + before + after - dilation·(kernel - 1) - 1}, then {@code
   * floor(span / stride) + 1}, or with {@code ceil} {@code ceil(span / stride) + 1} less one when
   * the last window would start past the input and its leading padding (PyTorch's pooling rule,
   * which {@link dev.stratum.backend.ConvolutionGeometry} shares).
   */
  static int outSize(
      String layer,
      int[] inputShape,
      String axis,
      int in,
      int kernel,
      int stride,
      int before,
      int after,
      int dilation,
      boolean ceil,
      boolean strict) {
    boolean simple = before == after && dilation == 1;
    int padding = before;
    int effective = dilation * (kernel - 1) + 1;
    int span = in + before + after - effective;
    if (span < 0 && !simple) {
      throw new IllegalArgumentException(
          layer
              + ": input "
              + Arrays.toString(inputShape)
              + " does not fit: the kernel "
              + kernel
              + (dilation == 1
                  ? ""
                  : " with dilation " + dilation + " spans " + effective + ", which")
              + " is larger than the padded "
              + axis
              + " "
              + in
              + " + "
              + before
              + " + "
              + after
              + " = "
              + (in + before + after));
    }
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
    if (strict && span % stride != 0 && !simple) {
      throw new IllegalArgumentException(
          layer
              + ": input "
              + Arrays.toString(inputShape)
              + " does not fit: along the "
              + axis
              + ", (in + padding - dilation·(kernel - 1) - 1)/stride + 1 = ("
              + in
              + " + "
              + (before + after)
              + " - "
              + (effective - 1)
              + " - 1)/"
              + stride
              + " + 1 = "
              + (span / (double) stride + 1)
              + " is not a whole number");
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
    if (!ceil) {
      return span / stride + 1;
    }
    int out = Math.ceilDiv(span, stride) + 1;
    return (out - 1) * stride >= in + before ? out - 1 : out;
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
   * {@code Name(in -> out, kh x kw, s1, p0<extra>)} for rectangular windows: a square stride or
   * padding is one number, any other {@code h x w}.
   */
  static String describe(
      String name,
      int inChannels,
      int outChannels,
      Size2d kernel,
      Size2d stride,
      Padding2d padding,
      String extra) {
    return name
        + "("
        + inChannels
        + " -> "
        + outChannels
        + ", "
        + kernel.height()
        + "x"
        + kernel.width()
        + ", s"
        + stride
        + ", p"
        + padding
        + extra
        + ")";
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
