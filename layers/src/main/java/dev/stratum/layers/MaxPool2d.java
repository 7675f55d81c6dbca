package dev.stratum.layers;

import dev.stratum.tensor.Tensor;

/** The largest value of each window (the gradient goes to the first maximum). */
public final class MaxPool2d extends Pool2d {

  /** The registry entry, {@code "max_pool2d"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of("max_pool2d", Config.class, (c, backend) -> new MaxPool2d(c));

  /** Non-overlapping windows: stride = kernel, no padding. */
  public MaxPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /** Square windows with the given stride and padding. */
  public MaxPool2d(int kernel, int stride, int padding) {
    this(new Config(kernel, stride, padding));
  }

  private MaxPool2d(Config config) {
    super(TYPE, config);
  }

  @Override
  Tensor pool(Tensor input) {
    return input.maxPool2d(kernel(), stride(), padding());
  }
}
