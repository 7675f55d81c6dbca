package dev.stratum.layers;

import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * What max and average pooling share: {@code kh × kw} windows, a stride per axis (default: the
 * kernel, so windows do not overlap), zero padding of at most half the kernel on each axis (as
 * PyTorch requires), and output sides floored as in PyTorch or, with {@code ceilMode}, rounded up
 * (PyTorch's {@code ceil_mode}: a last, partial window is kept if it starts inside the input or its
 * leading padding).
 */
public abstract sealed class Pool2d implements Layer permits MaxPool2d, AvgPool2d {

  private final Size2d kernel;
  private final Size2d stride;
  private final Size2d padding;
  private final Size2d dilation;
  private final boolean ceilMode;

  Pool2d(Size2d kernel, Size2d stride, Size2d padding, Size2d dilation, boolean ceilMode) {
    String name = getClass().getSimpleName();
    kernel.checkPositive(name, "kernel");
    stride.checkPositive(name, "stride");
    dilation.checkPositive(name, "dilation");
    padding.checkNonNegative(name, "padding");
    if (2 * padding.height() > kernel.height() || 2 * padding.width() > kernel.width()) {
      throw new IllegalArgumentException(
          name + ": padding " + padding + " must be at most half the kernel " + kernel);
    }
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.ceilMode = ceilMode;
  }

  /** Window side (the height when the window is not square). */
  public int kernel() {
    return kernel.height();
  }

  /** Step between windows (along the height when it differs per axis). */
  public int stride() {
    return stride.height();
  }

  /** Zero padding on each side (along the height when it differs per axis). */
  public int padding() {
    return padding.height();
  }

  /** Window height and width. */
  public Size2d kernelSize() {
    return kernel;
  }

  /** Steps between windows along the height and the width. */
  public Size2d strides() {
    return stride;
  }

  /** Zero padding along the height and the width. */
  public Size2d paddings() {
    return padding;
  }

  /** Whether output sides are rounded up. */
  public boolean ceilMode() {
    return ceilMode;
  }

  /** The window geometry over an input of {@code shape}. */
  ConvolutionGeometry geometry(int[] shape) {
    return new ConvolutionGeometry(
        shape[0],
        shape[1],
        shape[2],
        shape[3],
        kernel.height(),
        kernel.width(),
        stride.height(),
        stride.width(),
        padding.height(),
        padding.width(),
        padding.height(),
        padding.width(),
        dilation.height(),
        dilation.width(),
        ceilMode);
  }

  /** Pools a checked input. */
  abstract Tensor pool(Tensor input);

  /** The config record as a map. */
  abstract Map<String, Object> configMap();

  /** Options beyond kernel, stride and padding, for {@link #toString()}. */
  abstract String extra();

  @Override
  public Tensor forward(Tensor input) {
    outputShape(input.shape());
    return pool(input);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    String name = toString();
    Windows.checkImage(name, inputShape, 0);
    int h =
        Windows.outSize(
            name,
            inputShape,
            "height",
            inputShape[2],
            kernel.height(),
            stride.height(),
            padding.height(),
            padding.height(),
            dilation.height(),
            ceilMode,
            false);
    int w =
        Windows.outSize(
            name,
            inputShape,
            "width",
            inputShape[3],
            kernel.width(),
            stride.width(),
            padding.width(),
            padding.width(),
            dilation.width(),
            ceilMode,
            false);
    return new int[] {inputShape[0], inputShape[1], h, w};
  }

  @Override
  public Map<String, Object> config() {
    return configMap();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "("
        + kernel.height()
        + "x"
        + kernel.width()
        + ", s"
        + stride
        + ", p"
        + padding
        + (dilation.height() == 1 && dilation.width() == 1 ? "" : ", d" + dilation)
        + (ceilMode ? ", ceil" : "")
        + extra()
        + ")";
  }
}
