package dev.stratum.layers;

import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.tensor.Tensor;
import java.util.Objects;

/**
 * 2-D convolution over NCHW images: {@code outChannels} filters of {@code kernel × kernel} over
 * every input channel, square stride and zero padding. The output side is {@code (w - f + 2p)/s +
 * 1}: floored as in PyTorch by default, or, with {@code strictGeometry}, an error when the stride
 * does not divide {@code w - f + 2p} (the seed notes' rule that such hyperparameters are invalid).
 * A kernel larger than the padded input is always an error. Weight {@code [out, in, k, k]} and bias
 * {@code [out]}, initialised as in PyTorch with {@code fanIn = in·k²}.
 */
public final class Conv2d extends BaseLayer {

  /**
   * A convolution's arguments, as its JSON config holds them.
   *
   * @param inChannels input channels
   * @param outChannels output channels (filters)
   * @param kernel the side of the square kernel
   * @param stride the step between windows
   * @param padding zeros added on each side
   * @param strictGeometry whether a stride must divide {@code w - f + 2p}
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
      @Default("false") boolean strictGeometry,
      @Default("true") boolean bias,
      @Default Initializer weightInit,
      @Default Initializer biasInit) {
    public Config {
      weightInit = Objects.requireNonNullElse(weightInit, Initializer.fanInUniform());
      biasInit = Objects.requireNonNullElse(biasInit, Initializer.fanInUniform());
    }
  }

  /** The registry entry, {@code "conv2d"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "conv2d",
          Config.class,
          (c, backend) -> new Conv2d(c, LayerOptions.defaults().on(backend)));

  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final boolean strictGeometry;
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
    this(
        new Config(
            inChannels,
            outChannels,
            kernel,
            stride,
            padding,
            strictGeometry,
            options.bias(),
            options.weightInit(),
            options.biasInit()),
        options);
  }

  private Conv2d(Config config, LayerOptions options) {
    super(TYPE, config, options);
    String name = "Conv2d";
    Windows.checkPositive(name, "inChannels", config.inChannels());
    Windows.checkPositive(name, "outChannels", config.outChannels());
    Windows.checkPositive(name, "kernel", config.kernel());
    Windows.checkPositive(name, "stride", config.stride());
    Windows.checkNonNegative(name, "padding", config.padding());
    this.inChannels = config.inChannels();
    this.outChannels = config.outChannels();
    this.kernel = config.kernel();
    this.stride = config.stride();
    this.padding = config.padding();
    this.strictGeometry = config.strictGeometry();
    int area = kernel * kernel;
    int fanIn = inChannels * area;
    int fanOut = outChannels * area;
    this.weight =
        parameter(
            "weight",
            ParameterShape.of(outChannels, inChannels, kernel, kernel).fanIn(fanIn).fanOut(fanOut),
            config.weightInit());
    this.bias =
        config.bias()
            ? parameter(
                "bias",
                ParameterShape.of(outChannels).fanIn(fanIn).fanOut(fanOut),
                config.biasInit())
            : null;
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
