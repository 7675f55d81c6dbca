package dev.stratum.recurrent;

import dev.stratum.backend.Backend;
import dev.stratum.layers.LayerConfig;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simple (Elman) recurrent cell, {@code h_t = φ(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)}, with φ
 * the hyperbolic tangent (PyTorch's and Keras' default), ReLU, or the logistic sigmoid (the form of
 * the early literature and the seed notes). Parameters as PyTorch's {@code RNNCell}: {@code
 * weight_ih [H, in]}, {@code weight_hh [H, H]}, {@code bias_ih}, {@code bias_hh [H]}.
 */
public final class SimpleRnnCell extends GatedCell {

  /** The registry name. */
  public static final String TYPE = "rnn_cell";

  /** The non-linearity φ. */
  public enum Nonlinearity {
    /** {@code tanh}, the default. */
    TANH,
    /** {@code max(0, x)}. */
    RELU,
    /** The logistic sigmoid {@code 1 / (1 + e^{−x})}. */
    SIGMOID;

    Tensor apply(Tensor x) {
      return switch (this) {
        case TANH -> x.tanh();
        case RELU -> x.relu();
        case SIGMOID -> x.sigmoid();
      };
    }
  }

  private final Nonlinearity nonlinearity;

  /** A tanh cell. */
  public SimpleRnnCell(int inputSize, int hiddenSize, LayerOptions options) {
    this(inputSize, hiddenSize, Nonlinearity.TANH, options);
  }

  /** A cell with the non-linearity φ. */
  public SimpleRnnCell(
      int inputSize, int hiddenSize, Nonlinearity nonlinearity, LayerOptions options) {
    super(inputSize, hiddenSize, 1, options);
    this.nonlinearity = nonlinearity;
  }

  /** Builds the cell from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) ->
        new SimpleRnnCell(
            inputSize(TYPE, config),
            hiddenSize(TYPE, config),
            nonlinearity(config),
            LayerOptions.fromConfig(TYPE, backend, config));
  }

  private static Nonlinearity nonlinearity(Map<String, Object> config) {
    if (config.get("nonlinearity") == null) {
      return Nonlinearity.TANH;
    }
    String name = LayerConfig.string(TYPE, config, "nonlinearity");
    try {
      return Nonlinearity.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          TYPE
              + ": unknown nonlinearity '"
              + name
              + "'; use one of "
              + List.of(Nonlinearity.values()),
          e);
    }
  }

  /** The non-linearity. */
  public Nonlinearity nonlinearity() {
    return nonlinearity;
  }

  @Override
  public List<Tensor> step(Tensor input, List<Tensor> state) {
    Unroll unroll = unroll();
    return unroll.step(unroll.project(input), state);
  }

  @Override
  public Unroll unroll() {
    Tensor bias = summedBias();
    HiddenProjection hidden = new HiddenProjection(weightHh);
    return new Unroll() {
      @Override
      public Tensor project(Tensor inputs) {
        return inputProjection(inputs, bias);
      }

      @Override
      public List<Tensor> step(Tensor projected, List<Tensor> state) {
        Tensor hh = hidden.apply(state.get(0));
        return List.of(nonlinearity.apply(hh.add(projected)));
      }
    };
  }

  @Override
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> config = baseConfig();
    config.put("nonlinearity", nonlinearity.name().toLowerCase(Locale.ROOT));
    return config;
  }

  @Override
  protected String describe() {
    return "SimpleRnnCell("
        + inputSize()
        + " -> "
        + hiddenSize()
        + ", "
        + nonlinearity.name().toLowerCase(Locale.ROOT)
        + (hasBias() ? "" : ", no bias")
        + ")";
  }
}
