package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.layers.init.Initializer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * 2-D convolution over NCHW images: {@code outChannels} filters of {@code kernel × kernel} over
 * every input channel, square stride and zero padding. The output side is {@code (w - f + 2p)/s +
 * 1}: floored as in PyTorch by default, or, with {@code strictGeometry}, an error when the stride
 * does not divide {@code w - f + 2p} (the seed notes' rule that such hyperparameters are invalid).
 * A kernel larger than the padded input is always an error. Weight {@code [out, in, k, k]} and bias
 * {@code [out]}, initialised as in PyTorch with {@code fanIn = in·k²}.
 */
public final class Conv2d extends BaseLayer {

  /** The registry name. */
  public static final String TYPE = "conv2d";

  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final boolean strictGeometry;
  private final Initializer weightInit;
  private final Initializer biasInit;
  private final Tensor weight;
  private final Tensor bias;

  /** Stride 1, no padding. */
  public Conv2d(int inChannels, int outChannels, int kernel) {
    this(inChannels, outChannels, kernel, 1, 0);
  }

  /** Floored geometry, PyTorch initialisation from the default generator. */
  public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
    this(inChannels, outChannels, kernel, stride, padding, false, LayerOptions.defaults());
  }

  /**
   * Every argument; {@code strictGeometry} refuses strides that do not divide {@code w - f + 2p}.
   */
  public Conv2d(
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      boolean strictGeometry,
      LayerOptions options) {
    super(options.resolveBackend());
    String name = "Conv2d";
    Windows.checkPositive(name, "inChannels", inChannels);
    Windows.checkPositive(name, "outChannels", outChannels);
    Windows.checkPositive(name, "kernel", kernel);
    Windows.checkPositive(name, "stride", stride);
    Windows.checkNonNegative(name, "padding", padding);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.strictGeometry = strictGeometry;
    this.weightInit = options.weightInitOr(Initializer.fanInUniform());
    this.biasInit = options.biasInitOr(Initializer.fanInUniform());
    int area = kernel * kernel;
    this.weight =
        parameter(
            "weight",
            weightInit,
            options,
            inChannels * area,
            outChannels * area,
            outChannels,
            inChannels,
            kernel,
            kernel);
    this.bias =
        options.bias()
            ? parameter(
                "bias", biasInit, options, inChannels * area, outChannels * area, outChannels)
            : null;
  }

  /** Builds a convolution from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) ->
        new Conv2d(
            LayerConfig.integer(TYPE, config, "inChannels"),
            LayerConfig.integer(TYPE, config, "outChannels"),
            LayerConfig.integer(TYPE, config, "kernel"),
            LayerConfig.integer(TYPE, config, "stride", 1),
            LayerConfig.integer(TYPE, config, "padding", 0),
            LayerConfig.bool(TYPE, config, "strictGeometry", false),
            LayerOptions.fromConfig(TYPE, backend, config));
  }

  /** The weight {@code [out, in, k, k]}. */
  public Tensor weight() {
    return weight;
  }

  /** The bias {@code [out]}, or {@code null}. */
  public Tensor bias() {
    return bias;
  }

  @Override
  public Tensor forward(Tensor input) {
    outputShape(input.shape());
    return input.conv2d(weight, bias, stride, padding);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    String name = describe();
    Windows.checkImage(name, inputShape, inChannels);
    int h =
        Windows.outSize(
            name, inputShape, "height", inputShape[2], kernel, stride, padding, strictGeometry);
    int w =
        Windows.outSize(
            name, inputShape, "width", inputShape[3], kernel, stride, padding, strictGeometry);
    return new int[] {inputShape[0], outChannels, h, w};
  }

  @Override
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> config = Windows.config(inChannels, outChannels, kernel, stride, padding);
    config.put("strictGeometry", strictGeometry);
    return withInitConfig(config, bias != null, weightInit, biasInit);
  }

  @Override
  protected String describe() {
    return Windows.describe(
        "Conv2d",
        inChannels,
        outChannels,
        kernel,
        stride,
        padding,
        bias == null ? ", no bias" : "");
  }
}
