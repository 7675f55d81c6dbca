package dev.stratum.recurrent;

import dev.stratum.layers.Default;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.init.Initializer;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * The simple (Elman) recurrent cell, {@code h_t = φ(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)}, with φ
 * the hyperbolic tangent (PyTorch's and Keras' default), ReLU, or the logistic sigmoid (the form of
 * the early literature and the seed notes). Parameters as PyTorch's {@code RNNCell}: {@code
 * weight_ih [H, in]}, {@code weight_hh [H, H]}, {@code bias_ih}, {@code bias_hh [H]}.
 */
public final class SimpleRnnCell extends GatedCell {

  /**
   * The cell's arguments, as its JSON config holds them.
   *
   * @param inputSize features of each input step
   * @param hiddenSize units
   * @param nonlinearity φ
   * @param bias whether the cell has the biases {@code bias_ih} and {@code bias_hh}
   * @param weightInit the weight initializer (null: PyTorch's {@code U(−1/√H, 1/√H)})
   * @param biasInit the bias initializer (null: the same)
   */
  public record Config(
      int inputSize,
      int hiddenSize,
      @Default("tanh") Nonlinearity nonlinearity,
      @Default("true") boolean bias,
      @Default Initializer weightInit,
      @Default Initializer biasInit) {
    public Config {
      weightInit = orFanIn(weightInit);
      biasInit = orFanIn(biasInit);
    }
  }

  /** The registry entry, {@code "rnn_cell"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "rnn_cell",
          Config.class,
          (c, backend) -> new SimpleRnnCell(c, LayerOptions.defaults().on(backend)));

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
    this(
        new Config(
            inputSize,
            hiddenSize,
            nonlinearity,
            options.bias(),
            options.weightInit(),
            options.biasInit()),
        options);
  }

  private SimpleRnnCell(Config c, LayerOptions options) {
    super(
        TYPE, c, options, c.inputSize(), c.hiddenSize(), 1, c.bias(), c.weightInit(), c.biasInit());
    this.nonlinearity = c.nonlinearity();
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
      public void finish() {
        hidden.finish();
      }

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
