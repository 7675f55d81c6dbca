package dev.stratum.tensor;

import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.PoolOp;

/** Convolution and pooling on NCHW tensors, composed from im2col, matmul and the pool kernels. */
final class Convolutions {

  private Convolutions() {}

  static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
    checkOperands("conv2d", "[outC, inC, kh, kw]", x, weight, 1, 1, bias, 0);
    int[] ws = weight.shapeView();
    return conv2d(
        x, weight, bias, geometry("conv2d", x.shapeView(), ws[2], ws[3], stride, padding), 1);
  }

  /**
   * Grouped convolution as one im2col and one batched matmul: the column rows of input channel
   * group {@code g} are contiguous (rows run channel-major), so {@code [N, C·kh·kw, P]} reshapes to
   * {@code [N, G, C/G·kh·kw, P]} and the weight {@code [outC, C/G, kh, kw]} to {@code [G, outC/G,
   * C/G·kh·kw]}, whose product broadcasts over the batch.
   */
  static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, ConvolutionGeometry g, int groups) {
    checkGroups("conv2d", x, weight, groups, 0);
    checkOperands("conv2d", "[outC, inC/groups, kh, kw]", x, weight, 1, groups, bias, 0);
    checkInput("conv2d", x, g);
    checkKernel("conv2d", weight, g);
    int[] xs = x.shapeView();
    int outChannels = weight.dim(0);
    return TensorScope.composite(
        () -> {
          Tensor cols = Primitives.im2col(x, g);
          Tensor product;
          if (groups == 1) {
            // [N, C·kh·kw, P] columns; the weight as one [outC, C·kh·kw] matrix, broadcast
            product = weight.reshape(outChannels, g.columnRows()).matmul(cols);
          } else {
            int rows = g.columnRows() / groups;
            product =
                weight
                    .reshape(groups, outChannels / groups, rows)
                    .matmul(cols.reshape(xs[0], groups, rows, g.columnCols()));
          }
          Tensor out = product.reshape(xs[0], outChannels, g.outHeight(), g.outWidth());
          return addChannelBias(out, bias);
        });
  }

  private static void checkGroups(String op, Tensor x, Tensor weight, int groups, int outAxis) {
    if (groups < 1) {
      throw new IllegalArgumentException(op + ": groups must be at least 1, got " + groups);
    }
    if (x.rank() == 4 && x.dim(1) % groups != 0) {
      throw new IllegalArgumentException(
          op + ": groups " + groups + " must divide the input channels " + x.dim(1));
    }
    if (weight.rank() == 4 && outAxis == 0 && weight.dim(0) % groups != 0) {
      throw new IllegalArgumentException(
          op + ": groups " + groups + " must divide the output channels " + weight.dim(0));
    }
  }

  private static void checkKernel(String op, Tensor weight, ConvolutionGeometry g) {
    if (weight.dim(2) != g.kernelHeight() || weight.dim(3) != g.kernelWidth()) {
      throw new IllegalArgumentException(
          op
              + ": weight "
              + Shapes.str(weight.shapeView())
              + " has a "
              + weight.dim(2)
              + "x"
              + weight.dim(3)
              + " kernel but the geometry's is "
              + g.kernelHeight()
              + "x"
              + g.kernelWidth());
    }
  }

  /**
   * Checks an NCHW input against a 4-D weight whose axis {@code inAxis} counts input channels, and
   * a bias of the weight's {@code outAxis} size.
   */
  private static void checkOperands(
      String op,
      String layout,
      Tensor x,
      Tensor weight,
      int inAxis,
      int groups,
      Tensor bias,
      int outAxis) {
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
    // conv2d's weight holds C/groups input channels per filter; convTranspose2d's all C
    int expected = inAxis == 1 ? ws[1] * groups : ws[0];
    if (xs[1] != expected) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + Shapes.str(xs)
              + " has "
              + xs[1]
              + " channels but weight "
              + Shapes.str(ws)
              + " expects "
              + expected
              + (groups == 1 ? "" : " (groups " + groups + ")"));
    }
    int outChannels = outAxis == 0 ? ws[0] : ws[1] * groups;
    if (bias != null && (bias.rank() != 1 || bias.dim(0) != outChannels)) {
      throw new IllegalArgumentException(
          op + ": bias must be [" + outChannels + "], got " + Shapes.str(bias.shapeView()));
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

  /** Transposed convolution with square stride and padding and no groups. */
  static Tensor convTranspose2d(
      Tensor x, Tensor weight, Tensor bias, int stride, int padding, int outputPadding) {
    checkOperands("convTranspose2d", "[inC, outC, kh, kw]", x, weight, 0, 1, bias, 1);
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
            xs[0], ws[1], outH, outW, ws[2], ws[3], stride, stride, padding, padding);
    return convTranspose2d(x, weight, bias, g, 1);
  }

  /**
   * Transposed convolution as the adjoint of {@link #conv2d}: the weight maps each input pixel to a
   * column of {@code outC·kh·kw} values (per group: {@code [G, inC/G, outC/G·kh·kw]} transposed
   * times {@code [N, G, inC/G, H·W]}), and col2im scatters the columns over the output. {@code g}
   * is the geometry of the convolution this is the adjoint of: its input is this op's output, its
   * output this op's input.
   */
  static Tensor convTranspose2d(
      Tensor x, Tensor weight, Tensor bias, ConvolutionGeometry g, int groups) {
    checkGroups("convTranspose2d", x, weight, groups, 1);
    checkOperands("convTranspose2d", "[inC, outC/groups, kh, kw]", x, weight, 0, groups, bias, 1);
    checkKernel("convTranspose2d", weight, g);
    int[] xs = x.shapeView();
    int outChannels = weight.dim(1) * groups;
    if (g.batch() != xs[0]
        || g.channels() != outChannels
        || g.outHeight() != xs[2]
        || g.outWidth() != xs[3]) {
      throw new IllegalArgumentException(
          "convTranspose2d: input "
              + Shapes.str(xs)
              + " does not match the geometry, whose windows give ["
              + g.batch()
              + ", "
              + g.channels()
              + ", "
              + g.outHeight()
              + ", "
              + g.outWidth()
              + "] for output channels "
              + outChannels);
    }
    return TensorScope.composite(
        () -> {
          Tensor cols;
          if (groups == 1) {
            Tensor kernel = weight.reshape(xs[1], g.columnRows());
            Tensor pixels = x.reshape(xs[0], xs[1], xs[2] * xs[3]);
            // [outC·kh·kw, inC] · [N, inC, H·W]: one column per input pixel
            cols = kernel.matmul(pixels, true, false);
          } else {
            int in = xs[1] / groups;
            Tensor kernel = weight.reshape(groups, in, g.columnRows() / groups);
            Tensor pixels = x.reshape(xs[0], groups, in, xs[2] * xs[3]);
            cols = kernel.matmul(pixels, true, false).reshape(xs[0], g.columnRows(), xs[2] * xs[3]);
          }
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

  static Tensor pool2d(PoolOp op, Tensor x, ConvolutionGeometry g) {
    String name = op == PoolOp.MAX ? "maxPool2d" : "avgPool2d";
    if (x.rank() != 4) {
      throw new IllegalArgumentException(
          name + ": input must be [N, C, H, W], got " + Shapes.str(x.shapeView()));
    }
    checkInput(name, x, g);
    return Primitives.pool2d(op, x, g);
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
