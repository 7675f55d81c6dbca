package dev.stratum.layers;

import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Objects;

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

  /**
   * A locally connected layer's arguments, as its JSON config holds them (in the order of its keys
   * there, which differs from the constructors').
   *
   * @param inChannels input channels
   * @param outChannels output channels (filters per position)
   * @param kernel the side of the square kernel
   * @param stride the step between windows
   * @param padding zeros added on each side
   * @param inHeight the input height the layer is built for
   * @param inWidth the input width the layer is built for
   * @param bias whether there is a bias
   * @param weightInit the weight initializer (null: {@link Initializer#fanInUniform()})
   * @param biasInit the bias initializer (null: {@link Initializer#fanInUniform()})
   */
  public record Config(
      int inChannels,
      int outChannels,
      int kernel,
      @Default("1") int stride,
      @Default("0") int padding,
      int inHeight,
      int inWidth,
      @Default("true") boolean bias,
      @Default Initializer weightInit,
      @Default Initializer biasInit) {
    public Config {
      weightInit = Objects.requireNonNullElse(weightInit, Initializer.fanInUniform());
      biasInit = Objects.requireNonNullElse(biasInit, Initializer.fanInUniform());
    }
  }

  /** The registry entry, {@code "locally_connected2d"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "locally_connected2d",
          Config.class,
          (c, backend) -> new LocallyConnected2d(c, LayerOptions.defaults().on(backend)));

  private final int inChannels;
  private final int outChannels;
  private final int inHeight;
  private final int inWidth;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int outHeight;
  private final int outWidth;
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
    this(
        new Config(
            inChannels,
            outChannels,
            kernel,
            stride,
            padding,
            inHeight,
            inWidth,
            options.bias(),
            options.weightInit(),
            options.biasInit()),
        options);
  }

  private LocallyConnected2d(Config config, LayerOptions options) {
    super(TYPE, config, options);
    String name = "LocallyConnected2d";
    Windows.checkPositive(name, "inChannels", config.inChannels());
    Windows.checkPositive(name, "outChannels", config.outChannels());
    Windows.checkPositive(name, "inHeight", config.inHeight());
    Windows.checkPositive(name, "inWidth", config.inWidth());
    Windows.checkPositive(name, "kernel", config.kernel());
    Windows.checkPositive(name, "stride", config.stride());
    Windows.checkNonNegative(name, "padding", config.padding());
    this.inChannels = config.inChannels();
    this.outChannels = config.outChannels();
    this.inHeight = config.inHeight();
    this.inWidth = config.inWidth();
    this.kernel = config.kernel();
    this.stride = config.stride();
    this.padding = config.padding();
    int[] sample = {1, inChannels, inHeight, inWidth};
    this.outHeight =
        Windows.outSize(name, sample, "height", inHeight, kernel, stride, padding, false);
    this.outWidth = Windows.outSize(name, sample, "width", inWidth, kernel, stride, padding, false);
    int fanIn = inChannels * kernel * kernel;
    int fanOut = outChannels * kernel * kernel;
    this.weight =
        parameter(
            "weight",
            ParameterShape.of(outHeight * outWidth, outChannels, fanIn).fanIn(fanIn).fanOut(fanOut),
            config.weightInit());
    this.bias =
        config.bias()
            ? parameter(
                "bias",
                ParameterShape.of(outChannels, outHeight, outWidth).fanIn(fanIn).fanOut(fanOut),
                config.biasInit())
            : null;
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
    return TensorScope.composite(
        () -> {
          Tensor cols = input.im2col(g); // [N, in·k², P]
          Tensor perPosition = cols.permute(2, 1, 0); // [P, in·k², N]
          Tensor product = weight.matmul(perPosition); // [P, out, N]
          Tensor out = product.permute(2, 1, 0).reshape(shape); // [N, out, P] -> [N, out, H, W]
          return bias == null ? out : out.add(bias);
        });
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
