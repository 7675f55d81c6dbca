package dev.stratum.recurrent;

import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;

/**
 * The parameters every built-in cell has, in PyTorch's layout: {@code weight_ih} {@code [gates·H,
 * inputSize]}, {@code weight_hh} {@code [gates·H, H]} and, with a bias, {@code bias_ih} and {@code
 * bias_hh} {@code [gates·H]}, the gate blocks stacked in the cell's order. All start as PyTorch's
 * do, {@code U(−1/√H, 1/√H)} with {@code H} the hidden size (Keras starts its weights Glorot
 * uniform and orthogonal and its biases at zero, with the forget gate's at one, and has one bias
 * vector: {@code bias_ih + bias_hh} of a PyTorch model is Keras' bias).
 */
public abstract class GatedCell extends RecurrentCell {

  private final int gates;
  private final Initializer weightInit;

  /** The input-to-hidden weight {@code [gates·H, inputSize]}. */
  protected final Tensor weightIh;

  /** The hidden-to-hidden weight {@code [gates·H, H]}. */
  protected final Tensor weightHh;

  /** The input bias {@code [gates·H]}, or {@code null}. */
  protected final Tensor biasIh;

  /** The hidden bias {@code [gates·H]}, or {@code null}. */
  protected final Tensor biasHh;

  /**
   * A cell of {@code gates} blocks of {@code hiddenSize} rows; {@code bias}, {@code weightInit} and
   * {@code biasInit} come from the cell's config record.
   */
  protected <C extends Record> GatedCell(
      LayerType<C> type,
      C config,
      LayerOptions options,
      int inputSize,
      int hiddenSize,
      int gates,
      boolean bias,
      Initializer weightInit,
      Initializer biasInit) {
    super(type, config, options, inputSize, hiddenSize);
    this.gates = gates;
    this.weightInit = weightInit;
    int rows = gates * hiddenSize;
    // fan-in H for every parameter: PyTorch's U(-1/sqrt(hidden), 1/sqrt(hidden))
    this.weightIh =
        parameter(
            "weight_ih",
            ParameterShape.of(rows, inputSize).fanIn(hiddenSize).fanOut(rows),
            weightInit);
    this.weightHh =
        parameter(
            "weight_hh",
            ParameterShape.of(rows, hiddenSize).fanIn(hiddenSize).fanOut(rows),
            weightInit);
    if (bias) {
      ParameterShape vector = ParameterShape.of(rows).fanIn(hiddenSize).fanOut(rows);
      this.biasIh = parameter("bias_ih", vector, biasInit);
      this.biasHh = parameter("bias_hh", vector, biasInit);
    } else {
      this.biasIh = null;
      this.biasHh = null;
    }
  }

  /** A further parameter {@code [H]} (a peephole), with the weight initializer, fan-in H. */
  protected final Tensor extraParameter(String name) {
    return parameter(
        name, ParameterShape.of(hiddenSize()).fanIn(hiddenSize()).fanOut(hiddenSize()), weightInit);
  }

  /** The number of gate blocks. */
  public final int gates() {
    return gates;
  }

  /** Whether the cell has biases. */
  public final boolean hasBias() {
    return biasIh != null;
  }

  /** {@code x·W_ihᵀ}, plus {@code bias} (one vector, or {@code null}) in the same fused kernel. */
  protected final Tensor inputProjection(Tensor inputs, Tensor bias) {
    if (bias == null) {
      return inputs.matmul(weightIh, false, true);
    }
    return TensorScope.composite(
        () -> inputs.matmul(weightIh, false, true).biasActivation(bias, null, 0f));
  }

  /** {@code bias_ih + bias_hh}, or {@code null} without biases: for cells that add both at once. */
  protected final Tensor summedBias() {
    return biasIh == null ? null : biasIh.add(biasHh);
  }

  /** {@code fallback} when {@code init} is null: a config record's default. */
  static Initializer orFanIn(Initializer init) {
    return init != null ? init : Initializer.fanInUniform();
  }
}
