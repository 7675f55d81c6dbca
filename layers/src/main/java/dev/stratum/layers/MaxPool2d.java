package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/** The largest value of each window (the gradient goes to the first maximum). */
public final class MaxPool2d extends Pool2d {

  /** The registry name. */
  public static final String TYPE = "max_pool2d";

  /** Non-overlapping windows: stride = kernel, no padding. */
  public MaxPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /** Square windows with the given stride and padding. */
  public MaxPool2d(int kernel, int stride, int padding) {
    super(kernel, stride, padding);
  }

  /** Builds the layer from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) -> {
      int kernel = LayerConfig.integer(TYPE, config, "kernel");
      return new MaxPool2d(
          kernel,
          LayerConfig.integer(TYPE, config, "stride", kernel),
          LayerConfig.integer(TYPE, config, "padding", 0));
    };
  }

  @Override
  Tensor pool(Tensor input) {
    return input.maxPool2d(kernel(), stride(), padding());
  }

  @Override
  public String typeName() {
    return TYPE;
  }
}
