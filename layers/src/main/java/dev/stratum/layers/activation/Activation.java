package dev.stratum.layers.activation;

import dev.stratum.backend.UnaryOp;
import dev.stratum.layers.LayerConfig;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * An activation as a layer: no parameters, no mode, the output shaped like the input. Each is a
 * record, so {@code new ReLU()} or {@code new LeakyReLU(0.01f)} is all it takes.
 */
public sealed interface Activation extends Layer {

  /** Applies the activation (same as {@link #forward}). */
  default Tensor apply(Tensor x) {
    return forward(x);
  }

  @Override
  default int[] outputShape(int... inputShape) {
    return inputShape.clone();
  }

  @Override
  default Map<String, Object> config() {
    return Map.of();
  }

  /**
   * How a dense layer in front of this activation can fuse it into its bias addition, or {@code
   * null} when it cannot.
   */
  default Fusion fusion() {
    return null;
  }

  /** The fused kernel's activation ({@code null} for none) and its scalar argument. */
  record Fusion(UnaryOp op, float alpha) {}

  /** {@code max(x, 0)}. */
  record ReLU() implements Activation {
    @Override
    public String toString() {
      return "ReLU()";
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.relu();
    }

    @Override
    public String typeName() {
      return "relu";
    }

    @Override
    public Fusion fusion() {
      return new Fusion(UnaryOp.RELU, 0f);
    }
  }

  /** {@code x > 0 ? x : slope·x}; PyTorch's default slope is 0.01. */
  record LeakyReLU(double slope) implements Activation {
    @Override
    public String toString() {
      return "LeakyReLU(" + slope + ")";
    }

    public LeakyReLU() {
      this(0.01);
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.leakyRelu((float) slope);
    }

    @Override
    public String typeName() {
      return "leaky_relu";
    }

    @Override
    public Map<String, Object> config() {
      return Map.of("slope", slope);
    }

    @Override
    public Fusion fusion() {
      return slope >= 0 ? new Fusion(UnaryOp.LEAKY_RELU, (float) slope) : null;
    }
  }

  /** {@code x > 0 ? x : alpha·(eˣ - 1)}; the default alpha is 1. */
  record ELU(double alpha) implements Activation {
    @Override
    public String toString() {
      return "ELU(" + alpha + ")";
    }

    public ELU() {
      this(1);
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.elu((float) alpha);
    }

    @Override
    public String typeName() {
      return "elu";
    }

    @Override
    public Map<String, Object> config() {
      return Map.of("alpha", alpha);
    }

    @Override
    public Fusion fusion() {
      return alpha >= 0 ? new Fusion(UnaryOp.ELU, (float) alpha) : null;
    }
  }

  /** {@code 1 / (1 + e⁻ˣ)}. */
  record Sigmoid() implements Activation {
    @Override
    public String toString() {
      return "Sigmoid()";
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.sigmoid();
    }

    @Override
    public String typeName() {
      return "sigmoid";
    }

    @Override
    public Fusion fusion() {
      return new Fusion(UnaryOp.SIGMOID, 0f);
    }
  }

  /** Hyperbolic tangent. */
  record Tanh() implements Activation {
    @Override
    public String toString() {
      return "Tanh()";
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.tanh();
    }

    @Override
    public String typeName() {
      return "tanh";
    }

    @Override
    public Fusion fusion() {
      return new Fusion(UnaryOp.TANH, 0f);
    }
  }

  /** Softmax along {@code axis} (default -1, the last). */
  record Softmax(int axis) implements Activation {
    @Override
    public String toString() {
      return "Softmax(axis " + axis + ")";
    }

    public Softmax() {
      this(-1);
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.softmax(axis);
    }

    @Override
    public int[] outputShape(int... inputShape) {
      if (axis >= inputShape.length || axis < -inputShape.length) {
        throw new IllegalArgumentException(
            "Softmax(axis "
                + axis
                + "): input "
                + java.util.Arrays.toString(inputShape)
                + " has no axis "
                + axis);
      }
      return inputShape.clone();
    }

    @Override
    public String typeName() {
      return "softmax";
    }

    @Override
    public Map<String, Object> config() {
      return Map.of("axis", axis);
    }
  }

  /** {@code log(1 + eˣ)}. */
  record Softplus() implements Activation {
    @Override
    public String toString() {
      return "Softplus()";
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.softplus();
    }

    @Override
    public String typeName() {
      return "softplus";
    }
  }

  /** GELU in its tanh form (see {@link Tensor#gelu()}). */
  record GELU() implements Activation {
    @Override
    public String toString() {
      return "GELU(tanh)";
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.gelu();
    }

    @Override
    public String typeName() {
      return "gelu";
    }
  }

  /** The input unchanged. */
  record Identity() implements Activation {
    @Override
    public String toString() {
      return "Identity()";
    }

    @Override
    public Tensor forward(Tensor x) {
      return x;
    }

    @Override
    public String typeName() {
      return "identity";
    }

    @Override
    public Fusion fusion() {
      return new Fusion(null, 0f);
    }
  }

  /** Builds an activation from its type name and {@link #config()}. */
  static Activation fromConfig(String type, Map<String, Object> config) {
    return switch (type) {
      case "relu" -> new ReLU();
      case "leaky_relu" -> new LeakyReLU(LayerConfig.number(type, config, "slope", 0.01));
      case "elu" -> new ELU(LayerConfig.number(type, config, "alpha", 1.0));
      case "sigmoid" -> new Sigmoid();
      case "tanh" -> new Tanh();
      case "softmax" -> new Softmax(LayerConfig.integer(type, config, "axis", -1));
      case "softplus" -> new Softplus();
      case "gelu" -> new GELU();
      case "identity" -> new Identity();
      default -> throw new IllegalArgumentException("activation: unknown type '" + type + "'");
    };
  }

  /** The type names of every activation. */
  static java.util.List<String> typeNames() {
    return java.util.List.of(
        "relu", "leaky_relu", "elu", "sigmoid", "tanh", "softmax", "softplus", "gelu", "identity");
  }
}
