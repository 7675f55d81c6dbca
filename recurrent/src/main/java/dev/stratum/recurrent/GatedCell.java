package dev.stratum.recurrent;

import dev.stratum.layers.LayerConfig;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.init.Initializer;
import dev.stratum.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

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
  private final Initializer biasInit;

  /** The input-to-hidden weight {@code [gates·H, inputSize]}. */
  protected final Tensor weightIh;

  /** The hidden-to-hidden weight {@code [gates·H, H]}. */
  protected final Tensor weightHh;

  /** The input bias {@code [gates·H]}, or {@code null}. */
  protected final Tensor biasIh;

  /** The hidden bias {@code [gates·H]}, or {@code null}. */
  protected final Tensor biasHh;

  /** A cell of {@code gates} blocks of {@code hiddenSize} rows, parameters from {@code options}. */
  protected GatedCell(int inputSize, int hiddenSize, int gates, LayerOptions options) {
    super(options.resolveBackend(), inputSize, hiddenSize);
    this.gates = gates;
    this.weightInit = options.weightInitOr(Initializer.fanInUniform());
    this.biasInit = options.biasInitOr(Initializer.fanInUniform());
    int rows = gates * hiddenSize;
    // fan-in H for every parameter: PyTorch's U(-1/sqrt(hidden), 1/sqrt(hidden))
    this.weightIh = parameter("weight_ih", weightInit, options, hiddenSize, rows, rows, inputSize);
    this.weightHh = parameter("weight_hh", weightInit, options, hiddenSize, rows, rows, hiddenSize);
    if (options.bias()) {
      this.biasIh = parameter("bias_ih", biasInit, options, hiddenSize, rows, rows);
      this.biasHh = parameter("bias_hh", biasInit, options, hiddenSize, rows, rows);
    } else {
      this.biasIh = null;
      this.biasHh = null;
    }
  }

  /** A further parameter (a peephole) with the cell's weight initialisation, fan-in H. */
  protected final Tensor extraParameter(String name, LayerOptions options, int... shape) {
    return parameter(name, weightInit, options, hiddenSize(), shape[0], shape);
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
    Tensor product = inputs.matmul(weightIh, false, true);
    if (bias == null) {
      return product;
    }
    Tensor out = product.biasActivation(bias, null, 0f);
    discard(product);
    return out;
  }

  /** {@code bias_ih + bias_hh}, or {@code null} without biases: for cells that add both at once. */
  protected final Tensor summedBias() {
    return biasIh == null ? null : biasIh.add(biasHh);
  }

  /**
   * The configuration every built-in cell shares: sizes and the entries that {@link
   * LayerOptions#fromConfig} reads back.
   */
  protected final Map<String, Object> baseConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("inputSize", inputSize());
    config.put("hiddenSize", hiddenSize());
    return withInitConfig(config, hasBias(), weightInit, biasInit);
  }

  /** Reads {@code "inputSize"}. */
  static int inputSize(String type, Map<String, Object> config) {
    return LayerConfig.integer(type, config, "inputSize");
  }

  /** Reads {@code "hiddenSize"}. */
  static int hiddenSize(String type, Map<String, Object> config) {
    return LayerConfig.integer(type, config, "hiddenSize");
  }
}
