package dev.stratum.layers;

import dev.stratum.layers.activation.AbsorbsActivation;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Objects;

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

  /**
   * A dense layer's arguments, as its JSON config holds them.
   *
   * @param inFeatures the size of the input's last axis
   * @param outFeatures the size of the output's last axis
   * @param bias whether there is a bias
   * @param weightInit the weight initializer (null: {@link Initializer#fanInUniform()})
   * @param biasInit the bias initializer (null: {@link Initializer#fanInUniform()})
   */
  public record Config(
      int inFeatures,
      int outFeatures,
      @Default("true") boolean bias,
      @Default Initializer weightInit,
      @Default Initializer biasInit) {
    public Config {
      weightInit = Objects.requireNonNullElse(weightInit, Initializer.fanInUniform());
      biasInit = Objects.requireNonNullElse(biasInit, Initializer.fanInUniform());
    }
  }

  /** The registry entry, {@code "dense"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "dense", Config.class, (c, backend) -> new Dense(c, LayerOptions.defaults().on(backend)));

  private final int inFeatures;
  private final int outFeatures;
  private final Tensor weight;
  private final Tensor bias;

  /** A dense layer with PyTorch's initialisation from the default generator. */
  public Dense(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, LayerOptions.defaults());
  }

  /** A dense layer whose parameters follow {@code options}. */
  public Dense(int inFeatures, int outFeatures, LayerOptions options) {
    this(
        new Config(
            inFeatures, outFeatures, options.bias(), options.weightInit(), options.biasInit()),
        options);
  }

  private Dense(Config config, LayerOptions options) {
    super(TYPE, config, options);
    if (config.inFeatures() < 1 || config.outFeatures() < 1) {
      throw new IllegalArgumentException(
          "Dense: features must be at least 1, got in "
              + config.inFeatures()
              + " and out "
              + config.outFeatures());
    }
    this.inFeatures = config.inFeatures();
    this.outFeatures = config.outFeatures();
    this.weight =
        parameter(
            "weight",
            ParameterShape.of(outFeatures, inFeatures).fanIn(inFeatures).fanOut(outFeatures),
            config.weightInit());
    this.bias =
        config.bias()
            ? parameter(
                "bias",
                ParameterShape.of(outFeatures).fanIn(inFeatures).fanOut(outFeatures),
                config.biasInit())
            : null;
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
    return TensorScope.composite(() -> affine(input, activation));
  }

  private Tensor affine(Tensor input, Activation activation) {
    int[] shape = input.shape();
    outputShape(shape);
    if (shape.length > 2) {
      Tensor out = affine(input.reshape(-1, inFeatures), activation);
      shape[shape.length - 1] = outFeatures;
      return out.reshape(shape);
    }
    Tensor product = input.matmul(weight, false, true);
    Activation.Fusion fusion =
        activation == null ? new Activation.Fusion(null, 0f) : activation.fusion();
    if (bias != null && fusion != null) {
      return product.biasActivation(bias, fusion.op(), fusion.alpha());
    }
    Tensor linear = bias == null ? product : product.add(bias);
    return activation == null ? linear : activation.forward(linear);
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
  protected String describe() {
    return "Dense(" + inFeatures + " -> " + outFeatures + (bias == null ? ", no bias" : "") + ")";
  }
}
