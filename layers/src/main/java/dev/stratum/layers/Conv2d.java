package dev.stratum.layers;

import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.tensor.Tensor;
import java.util.Objects;

/**
 * 2-D convolution over NCHW images with PyTorch's {@code nn.Conv2d} options: a {@code kh × kw}
 * kernel, a stride and zero padding per axis (or {@link Padding2d#SAME}), a dilation per axis, and
 * {@code groups} (input and output channels split into that many groups, each filter seeing the
 * {@code inChannels/groups} channels of its group; {@code groups = inChannels} is a depthwise
 * convolution). Along each axis the output side is {@code (in + 2p - d·(k - 1) - 1)/s + 1}: floored
 * as in PyTorch by default, or, with {@code strictGeometry}, an error when the stride does not
 * divide the numerator (the seed notes' rule that such hyperparameters are invalid). A kernel
 * larger than the padded input is always an error. Weight {@code [out, in/groups, kh, kw]} and bias
 * {@code [out]}, initialised as in PyTorch with {@code fanIn = in/groups·kh·kw}.
 *
 * <pre>{@code
 * Conv2d depthwise = Conv2d.builder(32, 32, 3).padding(Padding2d.SAME).groups(32).build();
 * Conv2d wide = Conv2d.builder(3, 16, 3, 5).stride(2, 1).padding(1, 2).dilation(1, 2).build();
 * }</pre>
 */
public final class Conv2d extends BaseLayer {

  /**
   * A convolution's arguments, as its JSON config holds them. {@code kernel}, {@code stride} and
   * {@code dilation} are a whole number (square) or {@code [h, w]}; {@code padding} also {@code
   * "same"} or {@code "valid"}. Configs written before the rectangular options read unchanged.
   *
   * @param inChannels input channels
   * @param outChannels output channels (filters)
   * @param kernel the kernel's height and width
   * @param stride the step between windows
   * @param padding zeros added on each side, or {@code same}
   * @param dilation the step between a window's taps (1: adjacent)
   * @param groups the number of channel groups (1: every filter sees every channel)
   * @param strictGeometry whether a stride must divide {@code in + 2p - d·(k - 1) - 1}
   * @param bias whether there is a bias
   * @param weightInit the weight initializer (null: {@link Initializer#fanInUniform()})
   * @param biasInit the bias initializer (null: {@link Initializer#fanInUniform()})
   */
  public record Config(
      int inChannels,
      int outChannels,
      Size2d kernel,
      @Default("1") Size2d stride,
      @Default("0") Padding2d padding,
      @Default("1") Size2d dilation,
      @Default("1") int groups,
      @Default("false") boolean strictGeometry,
      @Default("true") boolean bias,
      @Default Initializer weightInit,
      @Default Initializer biasInit) {
    public Config {
      Objects.requireNonNull(kernel, "Conv2d: kernel");
      Objects.requireNonNull(stride, "Conv2d: stride");
      Objects.requireNonNull(padding, "Conv2d: padding");
      Objects.requireNonNull(dilation, "Conv2d: dilation");
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

  private final Config config;
  private final int[] pads; // top, bottom, left, right
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
   * Square kernel, stride and padding; {@code strictGeometry} refuses strides that do not divide
   * {@code w - f + 2p}. {@link #builder} gives the other options.
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
        builder(inChannels, outChannels, kernel)
            .stride(stride)
            .padding(padding)
            .strictGeometry(strictGeometry)
            .config(options),
        options);
  }

  private Conv2d(Config config, LayerOptions options) {
    super(TYPE, config, options);
    String name = "Conv2d";
    Windows.checkPositive(name, "inChannels", config.inChannels());
    Windows.checkPositive(name, "outChannels", config.outChannels());
    config.kernel().checkPositive(name, "kernel");
    config.stride().checkPositive(name, "stride");
    config.dilation().checkPositive(name, "dilation");
    Padding2d padding = config.padding();
    Size2d.of(padding.height(), padding.width()).checkNonNegative(name, "padding");
    checkGroups(name, config.groups(), config.inChannels(), config.outChannels());
    if (padding.same() && (config.stride().height() != 1 || config.stride().width() != 1)) {
      throw new IllegalArgumentException(
          name
              + ": padding 'same' needs stride 1 (PyTorch refuses it for strided convolutions),"
              + " got stride "
              + config.stride());
    }
    this.config = config;
    this.pads = padding.sides(config.kernel(), config.dilation());
    int kh = config.kernel().height();
    int kw = config.kernel().width();
    int perGroup = config.inChannels() / config.groups();
    int fanIn = perGroup * kh * kw;
    int fanOut = config.outChannels() / config.groups() * kh * kw;
    this.weight =
        parameter(
            "weight",
            ParameterShape.of(config.outChannels(), perGroup, kh, kw).fanIn(fanIn).fanOut(fanOut),
            config.weightInit());
    this.bias =
        config.bias()
            ? parameter(
                "bias",
                ParameterShape.of(config.outChannels()).fanIn(fanIn).fanOut(fanOut),
                config.biasInit())
            : null;
  }

  static void checkGroups(String name, int groups, int inChannels, int outChannels) {
    if (groups < 1) {
      throw new IllegalArgumentException(name + ": groups must be at least 1, got " + groups);
    }
    if (inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(
          name
              + ": groups "
              + groups
              + " must divide both inChannels "
              + inChannels
              + " and outChannels "
              + outChannels);
    }
  }

  /** A builder for a {@code kernel × kernel} convolution. */
  public static Builder builder(int inChannels, int outChannels, int kernel) {
    return new Builder(inChannels, outChannels, Size2d.of(kernel));
  }

  /** A builder for a {@code kernelHeight × kernelWidth} convolution. */
  public static Builder builder(
      int inChannels, int outChannels, int kernelHeight, int kernelWidth) {
    return new Builder(inChannels, outChannels, Size2d.of(kernelHeight, kernelWidth));
  }

  /** Named options of a convolution; unset ones are PyTorch's defaults. */
  public static final class Builder extends ConvolutionBuilder<Builder> {
    private Padding2d padding = Padding2d.VALID;
    private boolean strictGeometry;

    private Builder(int inChannels, int outChannels, Size2d kernel) {
      super(inChannels, outChannels, kernel);
    }

    @Override
    Builder self() {
      return this;
    }

    public Builder padding(int padding) {
      return padding(padding, padding);
    }

    public Builder padding(int height, int width) {
      this.padding = Padding2d.of(height, width);
      return this;
    }

    /** Explicit padding, or {@link Padding2d#SAME}. */
    public Builder padding(Padding2d padding) {
      this.padding = Objects.requireNonNull(padding, "padding");
      return this;
    }

    public Builder strictGeometry(boolean strict) {
      this.strictGeometry = strict;
      return this;
    }

    Config config(LayerOptions options) {
      return new Config(
          inChannels,
          outChannels,
          kernel,
          stride,
          padding,
          dilation,
          groups,
          strictGeometry,
          options.bias(),
          options.weightInit(),
          options.biasInit());
    }

    public Conv2d build() {
      return new Conv2d(config(options), options);
    }
  }

  /** The weight {@code [out, in/groups, kh, kw]}. */
  public Tensor weight() {
    return weight;
  }

  /** The bias {@code [out]}, or {@code null}. */
  public Tensor bias() {
    return bias;
  }

  /** The padding actually applied: top, bottom, left, right (asymmetric only for {@code same}). */
  public int[] paddingSides() {
    return pads.clone();
  }

  @Override
  public Tensor forward(Tensor input) {
    outputShape(input.shape());
    return input.conv2d(weight, bias, geometry(input.shape()), config.groups());
  }

  private ConvolutionGeometry geometry(int[] s) {
    return new ConvolutionGeometry(
        s[0],
        s[1],
        s[2],
        s[3],
        config.kernel().height(),
        config.kernel().width(),
        config.stride().height(),
        config.stride().width(),
        pads[0],
        pads[2],
        pads[1],
        pads[3],
        config.dilation().height(),
        config.dilation().width(),
        false);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    String name = describe();
    Windows.checkImage(name, inputShape, config.inChannels());
    int h =
        Windows.outSize(
            name,
            inputShape,
            "height",
            inputShape[2],
            config.kernel().height(),
            config.stride().height(),
            pads[0],
            pads[1],
            config.dilation().height(),
            false,
            config.strictGeometry());
    int w =
        Windows.outSize(
            name,
            inputShape,
            "width",
            inputShape[3],
            config.kernel().width(),
            config.stride().width(),
            pads[2],
            pads[3],
            config.dilation().width(),
            false,
            config.strictGeometry());
    return new int[] {inputShape[0], config.outChannels(), h, w};
  }

  @Override
  protected String describe() {
    String extra =
        (config.dilation().height() == 1 && config.dilation().width() == 1
                ? ""
                : ", d" + config.dilation())
            + (config.groups() == 1 ? "" : ", groups " + config.groups())
            + (bias == null ? ", no bias" : "");
    return Windows.describe(
        "Conv2d",
        config.inChannels(),
        config.outChannels(),
        config.kernel(),
        config.stride(),
        config.padding(),
        extra);
  }
}
