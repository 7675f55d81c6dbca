package dev.stratum.layers;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reshapes every sample, keeping the batch axis: {@code new Reshape(1, 28, 28)} turns {@code [N,
 * 784]} into {@code [N, 1, 28, 28]}. One dimension may be -1 (inferred). Shares storage with its
 * input.
 */
public final class Reshape implements Layer {

  /**
   * Reshape's argument, as its JSON config holds it.
   *
   * @param shape the target shape of one sample; one dimension may be -1
   */
  public record Config(List<Integer> shape) {
    public Config {
      shape = List.copyOf(shape);
    }
  }

  /** The registry entry, {@code "reshape"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "reshape",
          Config.class,
          (c, backend) -> new Reshape(c.shape().stream().mapToInt(Integer::intValue).toArray()));

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
    return TYPE.name();
  }

  @Override
  public Map<String, Object> config() {
    return TYPE.config(new Config(LayerConfig.list(shape)));
  }

  @Override
  public String toString() {
    return "Reshape(" + Arrays.toString(shape) + ")";
  }
}
