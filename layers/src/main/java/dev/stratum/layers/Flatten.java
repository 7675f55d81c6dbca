package dev.stratum.layers;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code [N, d1, d2, ...] -> [N, d1·d2·...]}, keeping the batch axis (for NCHW images the order is
 * C, H, W, as in PyTorch). Shares storage with its input.
 */
public final class Flatten implements Layer {

  /** Flatten's arguments: none. */
  public record Config() {}

  /** The registry entry, {@code "flatten"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of("flatten", Config.class, (c, backend) -> new Flatten());

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
    return TYPE.name();
  }

  @Override
  public Map<String, Object> config() {
    return TYPE.config(new Config());
  }

  @Override
  public String toString() {
    return "Flatten()";
  }
}
