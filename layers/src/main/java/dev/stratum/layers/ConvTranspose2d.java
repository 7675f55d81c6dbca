package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.layers.init.Initializer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * Transposed 2-D convolution with PyTorch's semantics, for decoders: each output side is {@code (in
 * - 1)·stride - 2·padding + kernel + outputPadding}, {@code outputPadding < stride} choosing among
 * the input sizes a strided convolution maps to the same size. Weight {@code [in, out, k, k]}, bias
 * {@code [out]}, both {@code U(-1/√fanIn, 1/√fanIn)} with PyTorch's {@code fanIn = out·k²} (the
 * weight's second axis).
 */
public final class ConvTranspose2d extends BaseLayer {

  /** The registry name. */
  public static final String TYPE = "conv_transpose2d";

  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int outputPadding;
  private final Initializer weightInit;
  private final Initializer biasInit;
  private final Tensor weight;
  private final Tensor bias;

  /** PyTorch initialisation from the default generator. */
  public ConvTranspose2d(
      int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding) {
    this(inChannels, outChannels, kernel, stride, padding, outputPadding, LayerOptions.defaults());
  }

  /** Every argument. */
  public ConvTranspose2d(
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      int outputPadding,
      LayerOptions options) {
    super(options.resolveBackend());
    String name = "ConvTranspose2d";
    Windows.checkPositive(name, "inChannels", inChannels);
    Windows.checkPositive(name, "outChannels", outChannels);
    Windows.checkPositive(name, "kernel", kernel);
    Windows.checkPositive(name, "stride", stride);
    Windows.checkNonNegative(name, "padding", padding);
    if (outputPadding < 0 || outputPadding >= stride) {
      throw new IllegalArgumentException(
          name + ": outputPadding must be in [0, stride " + stride + "), got " + outputPadding);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.outputPadding = outputPadding;
    this.weightInit = options.weightInitOr(Initializer.fanInUniform());
    this.biasInit = options.biasInitOr(Initializer.fanInUniform());
    int fanIn = outChannels * kernel * kernel;
    int fanOut = inChannels * kernel * kernel;
    this.weight =
        parameter(
            "weight", weightInit, options, fanIn, fanOut, inChannels, outChannels, kernel, kernel);
    this.bias =
        options.bias() ? parameter("bias", biasInit, options, fanIn, fanOut, outChannels) : null;
  }

  /** Builds the layer from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) ->
        new ConvTranspose2d(
            LayerConfig.integer(TYPE, config, "inChannels"),
            LayerConfig.integer(TYPE, config, "outChannels"),
            LayerConfig.integer(TYPE, config, "kernel"),
            LayerConfig.integer(TYPE, config, "stride", 1),
            LayerConfig.integer(TYPE, config, "padding", 0),
            LayerConfig.integer(TYPE, config, "outputPadding", 0),
            LayerOptions.fromConfig(TYPE, backend, config));
  }

  /** The weight {@code [in, out, k, k]}. */
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
    return input.convTranspose2d(weight, bias, stride, padding, outputPadding);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    Windows.checkImage(describe(), inputShape, inChannels);
    int h = (inputShape[2] - 1) * stride - 2 * padding + kernel + outputPadding;
    int w = (inputShape[3] - 1) * stride - 2 * padding + kernel + outputPadding;
    if (h < 1 || w < 1) {
      throw misfit(
          inputShape,
          "(in - 1)·stride - 2·padding + kernel + outputPadding gives an empty output "
              + h
              + "x"
              + w);
    }
    return new int[] {inputShape[0], outChannels, h, w};
  }

  @Override
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> config = Windows.config(inChannels, outChannels, kernel, stride, padding);
    config.put("outputPadding", outputPadding);
    return withInitConfig(config, bias != null, weightInit, biasInit);
  }

  @Override
  protected String describe() {
    return Windows.describe(
        "ConvTranspose2d",
        inChannels,
        outChannels,
        kernel,
        stride,
        padding,
        ", op" + outputPadding + (bias == null ? ", no bias" : ""));
  }
}
