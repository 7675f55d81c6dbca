package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * Reshapes every sample, keeping the batch axis: {@code new Reshape(1, 28, 28)} turns {@code [N,
 * 784]} into {@code [N, 1, 28, 28]}. One dimension may be -1 (inferred). Shares storage with its
 * input.
 */
public final class Reshape implements Layer {

  /** The registry name. */
  public static final String TYPE = "reshape";

  private final int[] shape;

  /** The target shape of one sample (without the batch axis). */
  public Reshape(int... shape) {
    int inferred = 0;
    for (int d : shape) {
      if (d == -1) {
        inferred++;
      } else if (d < 0) {
        throw new IllegalArgumentException(
            "Reshape: dimension " + d + " in " + Arrays.toString(shape) + " is negative");
      }
    }
    if (inferred > 1) {
      throw new IllegalArgumentException(
          "Reshape: at most one dimension may be -1, got " + Arrays.toString(shape));
    }
    this.shape = shape.clone();
  }

  /** Builds the layer from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) ->
        new Reshape(LayerConfig.integers(TYPE, config, "shape"));
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.reshape(outputShape(input.shape()));
  }

  @Override
  public int[] outputShape(int... inputShape) {
    if (inputShape.length < 1) {
      throw new IllegalArgumentException(
          this + ": input " + Arrays.toString(inputShape) + " does not fit: it has no batch axis");
    }
    long per = 1;
    for (int i = 1; i < inputShape.length; i++) {
      per *= inputShape[i];
    }
    long known = 1;
    int unknown = -1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1) {
        unknown = i;
      } else {
        known *= shape[i];
      }
    }
    int[] out = new int[shape.length + 1];
    out[0] = inputShape[0];
    System.arraycopy(shape, 0, out, 1, shape.length);
    boolean fits = unknown < 0 ? known == per : known != 0 && per % known == 0;
    if (!fits) {
      throw new IllegalArgumentException(
          this
              + ": input "
              + Arrays.toString(inputShape)
              + " does not fit: "
              + per
              + " elements per sample cannot take the shape "
              + Arrays.toString(shape));
    }
    if (unknown >= 0) {
      out[unknown + 1] = Math.toIntExact(per / known);
    }
    return out;
  }

  @Override
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    return Map.of("shape", LayerConfig.list(shape));
  }

  @Override
  public String toString() {
    return "Reshape(" + Arrays.toString(shape) + ")";
  }
}
