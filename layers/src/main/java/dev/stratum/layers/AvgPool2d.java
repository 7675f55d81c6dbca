package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * The mean of each window, padding counted in the divisor (PyTorch's {@code
 * count_include_pad=True}).
 */
public final class AvgPool2d extends Pool2d {

  /** The registry name. */
  public static final String TYPE = "avg_pool2d";

  /** Non-overlapping windows: stride = kernel, no padding. */
  public AvgPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /** Square windows with the given stride and padding. */
  public AvgPool2d(int kernel, int stride, int padding) {
    super(kernel, stride, padding);
  }

  /** Builds the layer from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) -> {
      int kernel = LayerConfig.integer(TYPE, config, "kernel");
      return new AvgPool2d(
          kernel,
          LayerConfig.integer(TYPE, config, "stride", kernel),
          LayerConfig.integer(TYPE, config, "padding", 0));
    };
  }

  @Override
  Tensor pool(Tensor input) {
    return input.avgPool2d(kernel(), stride(), padding());
  }

  @Override
  public String typeName() {
    return TYPE;
  }
}
