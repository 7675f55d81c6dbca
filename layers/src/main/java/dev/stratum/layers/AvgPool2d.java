package dev.stratum.layers;

import dev.stratum.tensor.Tensor;

/**
 * The mean of each window, padding counted in the divisor (PyTorch's {@code
 * count_include_pad=True}).
 */
public final class AvgPool2d extends Pool2d {

  /** The registry entry, {@code "avg_pool2d"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of("avg_pool2d", Config.class, (c, backend) -> new AvgPool2d(c));

  /** Non-overlapping windows: stride = kernel, no padding. */
  public AvgPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /** Square windows with the given stride and padding. */
  public AvgPool2d(int kernel, int stride, int padding) {
    this(new Config(kernel, stride, padding));
  }

  private AvgPool2d(Config config) {
    super(TYPE, config);
  }

  @Override
  Tensor pool(Tensor input) {
    return input.avgPool2d(kernel(), stride(), padding());
  }
}
