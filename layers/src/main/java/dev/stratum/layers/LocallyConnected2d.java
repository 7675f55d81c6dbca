package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.layers.init.Initializer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * A convolution without weight sharing: every output position has its own filters. The input size
 * is fixed at construction, because the number of filters depends on it. Weight {@code [outH·outW,
 * out, in·k²]} (one {@code [out, in·k²]} matrix per position), bias {@code [out, outH, outW]}, both
 * {@code U(-1/√fanIn, 1/√fanIn)} with {@code fanIn = in·k²}. Output sides follow {@code (w - f +
 * 2p)/s + 1}, floored.
 *
 * <p>Computed as im2col, then one batched product over positions: {@code [P, out, in·k²] · [P,
 * in·k², N]}.
 */
public final class LocallyConnected2d extends BaseLayer {

  /** The registry name. */
  public static final String TYPE = "locally_connected2d";

  private final int inChannels;
  private final int outChannels;
  private final int inHeight;
  private final int inWidth;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int outHeight;
  private final int outWidth;
  private final Initializer weightInit;
  private final Initializer biasInit;
  private final Tensor weight;
  private final Tensor bias;

  /** No padding, PyTorch-style initialisation from the default generator. */
  public LocallyConnected2d(
      int inChannels, int outChannels, int inHeight, int inWidth, int kernel, int stride) {
    this(inChannels, outChannels, inHeight, inWidth, kernel, stride, 0, LayerOptions.defaults());
  }

  /** Every argument. */
  public LocallyConnected2d(
      int inChannels,
      int outChannels,
      int inHeight,
      int inWidth,
      int kernel,
      int stride,
      int padding,
      LayerOptions options) {
    super(options.resolveBackend());
    String name = "LocallyConnected2d";
    Windows.checkPositive(name, "inChannels", inChannels);
    Windows.checkPositive(name, "outChannels", outChannels);
    Windows.checkPositive(name, "inHeight", inHeight);
    Windows.checkPositive(name, "inWidth", inWidth);
    Windows.checkPositive(name, "kernel", kernel);
    Windows.checkPositive(name, "stride", stride);
    Windows.checkNonNegative(name, "padding", padding);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.inHeight = inHeight;
    this.inWidth = inWidth;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    int[] sample = {1, inChannels, inHeight, inWidth};
    this.outHeight =
        Windows.outSize(name, sample, "height", inHeight, kernel, stride, padding, false);
    this.outWidth = Windows.outSize(name, sample, "width", inWidth, kernel, stride, padding, false);
    this.weightInit = options.weightInitOr(Initializer.fanInUniform());
    this.biasInit = options.biasInitOr(Initializer.fanInUniform());
    int fanIn = inChannels * kernel * kernel;
    int fanOut = outChannels * kernel * kernel;
    this.weight =
        parameter(
            "weight", weightInit, options, fanIn, fanOut, outHeight * outWidth, outChannels, fanIn);
    this.bias =
        options.bias()
            ? parameter("bias", biasInit, options, fanIn, fanOut, outChannels, outHeight, outWidth)
            : null;
  }

  /** Builds the layer from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) ->
        new LocallyConnected2d(
            LayerConfig.integer(TYPE, config, "inChannels"),
            LayerConfig.integer(TYPE, config, "outChannels"),
            LayerConfig.integer(TYPE, config, "inHeight"),
            LayerConfig.integer(TYPE, config, "inWidth"),
            LayerConfig.integer(TYPE, config, "kernel"),
            LayerConfig.integer(TYPE, config, "stride", 1),
            LayerConfig.integer(TYPE, config, "padding", 0),
            LayerOptions.fromConfig(TYPE, backend, config));
  }

  /** The weight {@code [outH·outW, out, in·k²]}. */
  public Tensor weight() {
    return weight;
  }

  /** The bias {@code [out, outH, outW]}, or {@code null}. */
  public Tensor bias() {
    return bias;
  }

  @Override
  public Tensor forward(Tensor input) {
    int[] shape = outputShape(input.shape());
    ConvolutionGeometry g =
        ConvolutionGeometry.square(
            shape[0], inChannels, inHeight, inWidth, kernel, stride, padding);
    Tensor cols = input.im2col(g); // [N, in·k², P]
    Tensor perPosition = cols.permute(2, 1, 0); // [P, in·k², N]
    Tensor product = weight.matmul(perPosition); // [P, out, N]
    Tensor back = product.permute(2, 1, 0); // [N, out, P]
    Tensor out = back.reshape(shape);
    discard(cols, perPosition, product, back);
    if (bias == null) {
      return out;
    }
    Tensor biased = out.add(bias);
    discard(out);
    return biased;
  }

  @Override
  public int[] outputShape(int... inputShape) {
    Windows.checkImage(describe(), inputShape, inChannels);
    if (inputShape[2] != inHeight || inputShape[3] != inWidth) {
      throw misfit(
          inputShape,
          "its images are "
              + inputShape[2]
              + "x"
              + inputShape[3]
              + " but the layer was built for "
              + inHeight
              + "x"
              + inWidth);
    }
    return new int[] {inputShape[0], outChannels, outHeight, outWidth};
  }

  @Override
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> config = Windows.config(inChannels, outChannels, kernel, stride, padding);
    config.put("inHeight", inHeight);
    config.put("inWidth", inWidth);
    return withInitConfig(config, bias != null, weightInit, biasInit);
  }

  @Override
  protected String describe() {
    return Windows.describe(
        "LocallyConnected2d",
        inChannels,
        outChannels,
        kernel,
        stride,
        padding,
        ", input " + inHeight + "x" + inWidth);
  }
}
