package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.layers.activation.AbsorbsActivation;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.init.Initializer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fully connected layer, {@code y = x·Wᵀ + b}, with PyTorch's layout (weight {@code [out, in]},
 * bias {@code [out]}) and initialisation ({@code U(-1/√in, 1/√in)} for both). The input is {@code
 * [..., in]}; leading axes are batch axes.
 *
 * <p>The forward pass is one matrix product ({@code x·Wᵀ} through the transpose flag, no copy) and
 * one fused bias + activation kernel ({@link Tensor#biasActivation}): as an {@link
 * AbsorbsActivation}, it gets a following ReLU, leaky ReLU, ELU, sigmoid or tanh from {@link
 * Sequential} in {@link #forward(Tensor, Activation)}, so that it runs inside that kernel.
 */
public final class Dense extends BaseLayer implements AbsorbsActivation {

  /** The registry name. */
  public static final String TYPE = "dense";

  private final int inFeatures;
  private final int outFeatures;
  private final Initializer weightInit;
  private final Initializer biasInit;
  private final Tensor weight;
  private final Tensor bias;

  /** A dense layer with PyTorch's initialisation from the default generator. */
  public Dense(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, LayerOptions.defaults());
  }

  /** A dense layer whose parameters follow {@code options}. */
  public Dense(int inFeatures, int outFeatures, LayerOptions options) {
    super(options.resolveBackend());
    if (inFeatures < 1 || outFeatures < 1) {
      throw new IllegalArgumentException(
          "Dense: features must be at least 1, got in " + inFeatures + " and out " + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weightInit = options.weightInitOr(Initializer.fanInUniform());
    this.biasInit = options.biasInitOr(Initializer.fanInUniform());
    this.weight =
        parameter("weight", weightInit, options, inFeatures, outFeatures, outFeatures, inFeatures);
    this.bias =
        options.bias()
            ? parameter("bias", biasInit, options, inFeatures, outFeatures, outFeatures)
            : null;
  }

  /** Builds a dense layer from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) ->
        new Dense(
            LayerConfig.integer(TYPE, config, "inFeatures"),
            LayerConfig.integer(TYPE, config, "outFeatures"),
            LayerOptions.fromConfig(TYPE, backend, config));
  }

  /** Input features. */
  public int inFeatures() {
    return inFeatures;
  }

  /** Output features. */
  public int outFeatures() {
    return outFeatures;
  }

  /** The weight {@code [out, in]}. */
  public Tensor weight() {
    return weight;
  }

  /** The bias {@code [out]}, or {@code null} without one. */
  public Tensor bias() {
    return bias;
  }

  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null);
  }

  /** Whether {@code activation} has a fused form ({@link Activation#fusion()}). */
  @Override
  public boolean absorbs(Activation activation) {
    return activation.fusion() != null;
  }

  /**
   * {@code activation(x·Wᵀ + b)}, fused into one kernel when the layer has a bias and the
   * activation allows it ({@link Activation#fusion()}); otherwise the activation runs after. {@code
   * null} means none.
   */
  @Override
  public Tensor forward(Tensor input, Activation activation) {
    int[] shape = input.shape();
    outputShape(shape);
    if (shape.length > 2) {
      Tensor rows = input.reshape(-1, inFeatures);
      Tensor out = forward(rows, activation);
      shape[shape.length - 1] = outFeatures;
      Tensor result = out.reshape(shape);
      discard(rows, out);
      return result;
    }
    Tensor product = input.matmul(weight, false, true);
    Activation.Fusion fusion =
        activation == null ? new Activation.Fusion(null, 0f) : activation.fusion();
    if (bias != null && fusion != null) {
      Tensor out = product.biasActivation(bias, fusion.op(), fusion.alpha());
      discard(product);
      return out;
    }
    Tensor linear = bias == null ? product : product.add(bias);
    if (linear != product) {
      discard(product);
    }
    if (activation == null) {
      return linear;
    }
    Tensor out = activation.forward(linear);
    if (out != linear) {
      discard(linear);
    }
    return out;
  }

  @Override
  public int[] outputShape(int... inputShape) {
    if (inputShape.length < 2) {
      throw misfit(inputShape, "expected [batch, " + inFeatures + "] (rank at least 2)");
    }
    if (inputShape[inputShape.length - 1] != inFeatures) {
      throw misfit(
          inputShape,
          "the last axis has "
              + inputShape[inputShape.length - 1]
              + " features, not "
              + inFeatures);
    }
    int[] out = inputShape.clone();
    out[out.length - 1] = outFeatures;
    return out;
  }

  @Override
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("inFeatures", inFeatures);
    config.put("outFeatures", outFeatures);
    return withInitConfig(config, bias != null, weightInit, biasInit);
  }

  @Override
  protected String describe() {
    return "Dense(" + inFeatures + " -> " + outFeatures + (bias == null ? ", no bias" : "") + ")";
  }
}
