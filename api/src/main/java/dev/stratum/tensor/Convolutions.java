package dev.stratum.tensor;

import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.PoolOp;

/** Convolution and pooling on NCHW tensors, composed from im2col, matmul and the pool kernels. */
final class Convolutions {

  private Convolutions() {}

  static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
    checkOperands("conv2d", "[outC, inC, kh, kw]", x, weight, 1, bias, 0);
    int[] xs = x.shapeView();
    int[] ws = weight.shapeView();
    ConvolutionGeometry g = geometry("conv2d", xs, ws[2], ws[3], stride, padding);
    int outChannels = ws[0];
    return TensorScope.composite(
        () -> {
          // [N, C·kh·kw, P] columns; the weight as one [outC, C·kh·kw] matrix, broadcast
          Tensor cols = Primitives.im2col(x, g);
          Tensor product = weight.reshape(outChannels, g.columnRows()).matmul(cols);
          Tensor out = product.reshape(xs[0], outChannels, g.outHeight(), g.outWidth());
          return addChannelBias(out, bias);
        });
  }

  /**
   * Checks an NCHW input against a 4-D weight whose axis {@code inAxis} counts input channels, and
   * a bias of the weight's {@code outAxis} size.
   */
  private static void checkOperands(
      String op, String layout, Tensor x, Tensor weight, int inAxis, Tensor bias, int outAxis) {
    if (x.rank() != 4 || weight.rank() != 4) {
      throw new IllegalArgumentException(
          op
              + ": input must be [N, C, H, W] and weight "
              + layout
              + ", got "
              + Shapes.str(x.shapeView())
              + " and "
              + Shapes.str(weight.shapeView()));
    }
    int[] xs = x.shapeView();
    int[] ws = weight.shapeView();
    if (xs[1] != ws[inAxis]) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + Shapes.str(xs)
              + " has "
              + xs[1]
              + " channels but weight "
              + Shapes.str(ws)
              + " expects "
              + ws[inAxis]);
    }
    if (bias != null && (bias.rank() != 1 || bias.dim(0) != ws[outAxis])) {
      throw new IllegalArgumentException(
          op + ": bias must be [" + ws[outAxis] + "], got " + Shapes.str(bias.shapeView()));
    }
  }

  /**
   * {@code out + bias} with the bias broadcast over batch, height and width; called inside its
   * caller's {@link TensorScope#composite}, which frees the reshaped bias.
   */
  private static Tensor addChannelBias(Tensor out, Tensor bias) {
    if (bias == null) {
      return out;
    }
    return out.add(bias.reshape(1, bias.dim(0), 1, 1));
  }

  static Tensor col2im(Tensor cols, ConvolutionGeometry g) {
    int[] expected = {g.batch(), g.columnRows(), g.columnCols()};
    if (!java.util.Arrays.equals(cols.shapeView(), expected)) {
      throw new IllegalArgumentException(
          "col2im: columns have shape "
              + Shapes.str(cols.shapeView())
              + " but the geometry expects "
              + Shapes.str(expected));
    }
    return Primitives.col2im(cols, g);
  }

  /**
   * Transposed convolution as the adjoint of {@link #conv2d}: the weight maps each input pixel to a
   * column of {@code outC·kh·kw} values, and col2im scatters the columns over the output.
   */
  static Tensor convTranspose2d(
      Tensor x, Tensor weight, Tensor bias, int stride, int padding, int outputPadding) {
    checkOperands("convTranspose2d", "[inC, outC, kh, kw]", x, weight, 0, bias, 1);
    int[] xs = x.shapeView();
    int[] ws = weight.shapeView();
    if (stride < 1 || padding < 0 || outputPadding < 0 || outputPadding >= stride) {
      throw new IllegalArgumentException(
          "convTranspose2d: need stride >= 1, padding >= 0 and 0 <= outputPadding < stride, got"
              + " stride "
              + stride
              + ", padding "
              + padding
              + ", outputPadding "
              + outputPadding);
    }
    int outChannels = ws[1];
    int outH = (xs[2] - 1) * stride - 2 * padding + ws[2] + outputPadding;
    int outW = (xs[3] - 1) * stride - 2 * padding + ws[3] + outputPadding;
    if (outH < 1 || outW < 1) {
      throw new IllegalArgumentException(
          "convTranspose2d: input "
              + Shapes.str(xs)
              + " with kernel "
              + ws[2]
              + "x"
              + ws[3]
              + ", stride "
              + stride
              + " and padding "
              + padding
              + " gives an empty output "
              + outH
              + "x"
              + outW);
    }
    ConvolutionGeometry g =
        new ConvolutionGeometry(
            xs[0], outChannels, outH, outW, ws[2], ws[3], stride, stride, padding, padding);
    return TensorScope.composite(
        () -> {
          Tensor kernel = weight.reshape(xs[1], g.columnRows());
          Tensor pixels = x.reshape(xs[0], xs[1], xs[2] * xs[3]);
          // [outC·kh·kw, inC] · [N, inC, H·W]: one column per input pixel
          Tensor cols = kernel.matmul(pixels, true, false);
          return addChannelBias(Primitives.col2im(cols, g), bias);
        });
  }

  /** Each pixel repeated into a scale × scale block: reshape, broadcast, reshape. */
  static Tensor upsampleNearest2d(Tensor x, int scale) {
    if (x.rank() != 4 || scale < 1) {
      throw new IllegalArgumentException(
          "upsampleNearest2d: needs an [N, C, H, W] input and a scale >= 1, got "
              + Shapes.str(x.shapeView())
              + " and scale "
              + scale);
    }
    int[] xs = x.shapeView();
    return TensorScope.composite(
        () ->
            x.reshape(xs[0], xs[1], xs[2], 1, xs[3], 1)
                .broadcastTo(xs[0], xs[1], xs[2], scale, xs[3], scale)
                .reshape(xs[0], xs[1], xs[2] * scale, xs[3] * scale));
  }

  static Tensor pool2d(PoolOp op, Tensor x, int kernel, int stride, int padding) {
    String name = op == PoolOp.MAX ? "maxPool2d" : "avgPool2d";
    if (x.rank() != 4) {
      throw new IllegalArgumentException(
          name + ": input must be [N, C, H, W], got " + Shapes.str(x.shapeView()));
    }
    if (padding * 2 > kernel) {
      throw new IllegalArgumentException(
          name + ": padding " + padding + " must be at most half the kernel " + kernel);
    }
    return Primitives.pool2d(op, x, geometry(name, x.shapeView(), kernel, kernel, stride, padding));
  }

  static ConvolutionGeometry geometry(
      String op, int[] xs, int kernelHeight, int kernelWidth, int stride, int padding) {
    try {
      return new ConvolutionGeometry(
          xs[0], xs[1], xs[2], xs[3], kernelHeight, kernelWidth, stride, stride, padding, padding);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          op + ": input " + Shapes.str(xs) + ": " + e.getMessage(), e);
    }
  }

  static void checkInput(String op, Tensor x, ConvolutionGeometry g) {
    int[] expected = {g.batch(), g.channels(), g.height(), g.width()};
    if (!java.util.Arrays.equals(x.shapeView(), expected)) {
      throw new IllegalArgumentException(
          op
              + ": input has shape "
              + Shapes.str(x.shapeView())
              + " but the geometry expects "
              + Shapes.str(expected));
    }
  }
}
