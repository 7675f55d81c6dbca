package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code [N, d1, d2, ...] -> [N, d1·d2·...]}, keeping the batch axis (for NCHW images the order is
 * C, H, W, as in PyTorch). Shares storage with its input.
 */
public final class Flatten implements Layer {

  /** The registry name. */
  public static final String TYPE = "flatten";

  /** Builds the layer (it has no configuration). */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) ->
        new Flatten();
  }

  @Override
  public Tensor forward(Tensor input) {
    int[] out = outputShape(input.shape());
    return input.reshape(out);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    if (inputShape.length < 1) {
      throw new IllegalArgumentException(
          "Flatten: input " + Arrays.toString(inputShape) + " does not fit: it has no batch axis");
    }
    long rest = 1;
    for (int i = 1; i < inputShape.length; i++) {
      rest *= inputShape[i];
    }
    return new int[] {inputShape[0], Math.toIntExact(rest)};
  }

  @Override
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    return Map.of();
  }

  @Override
  public String toString() {
    return "Flatten()";
  }
}
