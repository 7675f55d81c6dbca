package dev.stratum.layers.activation;

import dev.stratum.backend.UnaryOp;
import dev.stratum.layers.Default;
import dev.stratum.layers.LayerType;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.List;
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

  /** The registry entry of this activation, from {@link #TYPES}. */
  default LayerType<? extends Activation> type() {
    for (LayerType<? extends Activation> type : TYPES) {
      if (type.configType() == getClass()) {
        return type;
      }
    }
    throw new IllegalStateException(getClass() + " is not in Activation.TYPES");
  }

  @Override
  default String typeName() {
    return type().name();
  }

  /** The record's components as {@link LayerType#config} writes them. */
  @Override
  default Map<String, Object> config() {
    return configOf(type(), this);
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
    public Fusion fusion() {
      return new Fusion(UnaryOp.RELU, 0f);
    }
  }

  /** {@code x > 0 ? x : slope·x}; PyTorch's default slope is 0.01. */
  record LeakyReLU(@Default("0.01") double slope) implements Activation {
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
    public Fusion fusion() {
      return slope >= 0 ? new Fusion(UnaryOp.LEAKY_RELU, (float) slope) : null;
    }
  }

  /** {@code x > 0 ? x : alpha·(eˣ - 1)}; the default alpha is 1. */
  record ELU(@Default("1") double alpha) implements Activation {
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
    public Fusion fusion() {
      return new Fusion(UnaryOp.TANH, 0f);
    }
  }

  /** Softmax along {@code axis} (default -1, the last). */
  record Softmax(@Default("-1") int axis) implements Activation {
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
  }

  /**
   * GELU, by default in its tanh form ({@link Tensor#gelu()}); {@code approximate = NONE} is the
   * exact {@code x·Φ(x)} ({@link Tensor#geluExact()}). The names are PyTorch's ({@code
   * GELU(approximate="none"|"tanh")}); note that PyTorch's and Keras's default is the exact form,
   * and Stratum's the tanh form it has always had.
   */
  record GELU(@Default("tanh") Approximation approximate) implements Activation {

    /** Which GELU: PyTorch's {@code approximate} argument. */
    public enum Approximation {
      /** The exact {@code x·Φ(x)}, with erf. */
      NONE,
      /** {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}. */
      TANH
    }

    /** The tanh form. */
    public GELU() {
      this(Approximation.TANH);
    }

    public GELU {
      java.util.Objects.requireNonNull(approximate, "approximate");
    }

    @Override
    public String toString() {
      return approximate == Approximation.TANH ? "GELU(tanh)" : "GELU(exact)";
    }

    @Override
    public Tensor forward(Tensor x) {
      return approximate == Approximation.TANH ? x.gelu() : x.geluExact();
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
    public Fusion fusion() {
      return new Fusion(null, 0f);
    }
  }

  /**
   * Every activation's registry entry, in a fixed order: each record is its own config, and builds
   * itself.
   */
  List<LayerType<? extends Activation>> TYPES =
      List.of(
          self("relu", ReLU.class),
          self("leaky_relu", LeakyReLU.class),
          self("elu", ELU.class),
          self("sigmoid", Sigmoid.class),
          self("tanh", Tanh.class),
          self("softmax", Softmax.class),
          self("softplus", Softplus.class),
          self("gelu", GELU.class),
          self("identity", Identity.class));

  private static <A extends Record & Activation> LayerType<A> self(String name, Class<A> type) {
    return LayerType.of(name, type, (activation, backend) -> activation);
  }

  private static <A extends Record> Map<String, Object> configOf(
      LayerType<A> type, Activation activation) {
    return type.config(type.configType().cast(activation));
  }
}
