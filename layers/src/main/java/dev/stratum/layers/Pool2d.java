package dev.stratum.layers;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What max and average pooling share: square windows, a stride (default: the kernel, so windows do
 * not overlap) and zero padding of at most half the kernel; output sides floored as in PyTorch.
 */
public abstract sealed class Pool2d implements Layer permits MaxPool2d, AvgPool2d {

  private final int kernel;
  private final int stride;
  private final int padding;

  Pool2d(int kernel, int stride, int padding) {
    String name = getClass().getSimpleName();
    Windows.checkPositive(name, "kernel", kernel);
    Windows.checkPositive(name, "stride", stride);
    Windows.checkNonNegative(name, "padding", padding);
    if (2 * padding > kernel) {
      throw new IllegalArgumentException(
          name + ": padding " + padding + " must be at most half the kernel " + kernel);
    }
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
  }

  /** Window side. */
  public int kernel() {
    return kernel;
  }

  /** Step between windows. */
  public int stride() {
    return stride;
  }

  /** Zero padding on each side. */
  public int padding() {
    return padding;
  }

  /** Pools a checked input. */
  abstract Tensor pool(Tensor input);

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
        Windows.outSize(name, inputShape, "height", inputShape[2], kernel, stride, padding, false);
    int w =
        Windows.outSize(name, inputShape, "width", inputShape[3], kernel, stride, padding, false);
    return new int[] {inputShape[0], inputShape[1], h, w};
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("kernel", kernel);
    config.put("stride", stride);
    config.put("padding", padding);
    return config;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "("
        + kernel
        + "x"
        + kernel
        + ", s"
        + stride
        + ", p"
        + padding
        + ")";
  }
}
