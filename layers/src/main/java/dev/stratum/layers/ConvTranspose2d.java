package dev.stratum.layers;

import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.tensor.Tensor;
import java.util.Objects;

/**
 * Transposed 2-D convolution with PyTorch's {@code nn.ConvTranspose2d} semantics, for decoders:
 * along each axis the output side is {@code (in - 1)·stride - 2·padding + dilation·(kernel - 1) +
 * outputPadding + 1}, {@code outputPadding < stride} choosing among the input sizes a strided
 * convolution maps to the same size (PyTorch also allows {@code outputPadding < dilation} with a
 * smaller stride; that is refused here). Kernel, stride, padding, output padding and dilation are
 * given per axis; {@code groups} splits the channels as in {@link Conv2d}. Weight {@code [in,
 * out/groups, kh, kw]}, bias {@code [out]}, both {@code U(-1/√fanIn, 1/√fanIn)} with PyTorch's
 * {@code fanIn = out/groups·kh·kw} (the weight's second axis). There is no {@code 'same'} padding,
 * as in PyTorch.
 *
 * <pre>{@code
 * ConvTranspose2d up = ConvTranspose2d.builder(16, 8, 4, 3).stride(2, 1).padding(1, 1).build();
 * }</pre>
 */
public final class ConvTranspose2d extends BaseLayer {

  /**
   * A transposed convolution's arguments, as its JSON config holds them; each window option is a
   * whole number (square) or {@code [h, w]}, and configs written before those options read
   * unchanged.
   *
   * @param inChannels input channels
   * @param outChannels output channels
   * @param kernel the kernel's height and width
   * @param stride the step between input pixels' windows in the output
   * @param padding the rows and columns cut from each side of the output
   * @param outputPadding extra rows and columns on the bottom and right, below {@code stride}
   * @param dilation the step between a window's taps
   * @param groups the number of channel groups
   * @param bias whether there is a bias
   * @param weightInit the weight initializer (null: {@link Initializer#fanInUniform()})
   * @param biasInit the bias initializer (null: {@link Initializer#fanInUniform()})
   */
  public record Config(
      int inChannels,
      int outChannels,
      Size2d kernel,
      @Default("1") Size2d stride,
      @Default("0") Size2d padding,
      @Default("0") Size2d outputPadding,
      @Default("1") Size2d dilation,
      @Default("1") int groups,
      @Default("true") boolean bias,
      @Default Initializer weightInit,
      @Default Initializer biasInit) {
    public Config {
      Objects.requireNonNull(kernel, "ConvTranspose2d: kernel");
      Objects.requireNonNull(stride, "ConvTranspose2d: stride");
      Objects.requireNonNull(padding, "ConvTranspose2d: padding");
      Objects.requireNonNull(outputPadding, "ConvTranspose2d: outputPadding");
      Objects.requireNonNull(dilation, "ConvTranspose2d: dilation");
      weightInit = Objects.requireNonNullElse(weightInit, Initializer.fanInUniform());
      biasInit = Objects.requireNonNullElse(biasInit, Initializer.fanInUniform());
    }
  }

  /** The registry entry, {@code "conv_transpose2d"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "conv_transpose2d",
          Config.class,
          (c, backend) -> new ConvTranspose2d(c, LayerOptions.defaults().on(backend)));

  private final Config config;
  private final Tensor weight;
  private final Tensor bias;

  /** PyTorch initialisation from the default generator. */
  public ConvTranspose2d(
      int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding) {
    this(inChannels, outChannels, kernel, stride, padding, outputPadding, LayerOptions.defaults());
  }

  /** Square windows; {@link #builder} gives the other options. */
  public ConvTranspose2d(
      int inChannels,
      int outChannels,
      int kernel,
      int stride,
      int padding,
      int outputPadding,
      LayerOptions options) {
    this(
        builder(inChannels, outChannels, kernel)
            .stride(stride)
            .padding(padding)
            .outputPadding(outputPadding)
            .config(options),
        options);
  }

  private ConvTranspose2d(Config config, LayerOptions options) {
    super(TYPE, config, options);
    String name = "ConvTranspose2d";
    Windows.checkPositive(name, "inChannels", config.inChannels());
    Windows.checkPositive(name, "outChannels", config.outChannels());
    config.kernel().checkPositive(name, "kernel");
    config.stride().checkPositive(name, "stride");
    config.dilation().checkPositive(name, "dilation");
    config.padding().checkNonNegative(name, "padding");
    Size2d op = config.outputPadding();
    if (op.height() < 0
        || op.width() < 0
        || op.height() >= config.stride().height()
        || op.width() >= config.stride().width()) {
      throw new IllegalArgumentException(
          name + ": outputPadding must be in [0, stride " + config.stride() + "), got " + op);
    }
    Conv2d.checkGroups(name, config.groups(), config.inChannels(), config.outChannels());
    this.config = config;
    int kh = config.kernel().height();
    int kw = config.kernel().width();
    int perGroup = config.outChannels() / config.groups();
    // PyTorch counts the fans of the [in, out/groups, kh, kw] weight from its second axis
    int fanIn = perGroup * kh * kw;
    int fanOut = config.inChannels() / config.groups() * kh * kw;
    this.weight =
        parameter(
            "weight",
            ParameterShape.of(config.inChannels(), perGroup, kh, kw).fanIn(fanIn).fanOut(fanOut),
            config.weightInit());
    this.bias =
        config.bias()
            ? parameter(
                "bias",
                ParameterShape.of(config.outChannels()).fanIn(fanIn).fanOut(fanOut),
                config.biasInit())
            : null;
  }

  /** A builder for a {@code kernel × kernel} transposed convolution. */
  public static Builder builder(int inChannels, int outChannels, int kernel) {
    return new Builder(inChannels, outChannels, Size2d.of(kernel));
  }

  /** A builder for a {@code kernelHeight × kernelWidth} transposed convolution. */
  public static Builder builder(
      int inChannels, int outChannels, int kernelHeight, int kernelWidth) {
    return new Builder(inChannels, outChannels, Size2d.of(kernelHeight, kernelWidth));
  }

  /** Named options of a transposed convolution; unset ones are PyTorch's defaults. */
  public static final class Builder extends ConvolutionBuilder<Builder> {
    private Size2d padding = Size2d.of(0);
    private Size2d outputPadding = Size2d.of(0);

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
      this.padding = Size2d.of(height, width);
      return this;
    }

    /** The same output padding along both axes, below the stride. */
    public Builder outputPadding(int outputPadding) {
      return outputPadding(outputPadding, outputPadding);
    }

    public Builder outputPadding(int height, int width) {
      this.outputPadding = Size2d.of(height, width);
      return this;
    }

    Config config(LayerOptions options) {
      return new Config(
          inChannels,
          outChannels,
          kernel,
          stride,
          padding,
          outputPadding,
          dilation,
          groups,
          options.bias(),
          options.weightInit(),
          options.biasInit());
    }

    public ConvTranspose2d build() {
      return new ConvTranspose2d(config(options), options);
    }
  }

  /** The weight {@code [in, out/groups, kh, kw]}. */
  public Tensor weight() {
    return weight;
  }

  /** The bias {@code [out]}, or {@code null}. */
  public Tensor bias() {
    return bias;
  }

  @Override
  public Tensor forward(Tensor input) {
    int[] out = outputShape(input.shape());
    ConvolutionGeometry g =
        new ConvolutionGeometry(
            out[0],
            out[1],
            out[2],
            out[3],
            config.kernel().height(),
            config.kernel().width(),
            config.stride().height(),
            config.stride().width(),
            config.padding().height(),
            config.padding().width(),
            config.padding().height(),
            config.padding().width(),
            config.dilation().height(),
            config.dilation().width(),
            false);
    return input.convTranspose2d(weight, bias, g, config.groups());
  }

  @Override
  public int[] outputShape(int... inputShape) {
    Windows.checkImage(describe(), inputShape, config.inChannels());
    int h =
        side(
            inputShape[2],
            config.stride().height(),
            config.padding().height(),
            config.dilation().height(),
            config.kernel().height(),
            config.outputPadding().height());
    int w =
        side(
            inputShape[3],
            config.stride().width(),
            config.padding().width(),
            config.dilation().width(),
            config.kernel().width(),
            config.outputPadding().width());
    if (h < 1 || w < 1) {
      throw misfit(
          inputShape,
          "(in - 1)·stride - 2·padding + dilation·(kernel - 1) + outputPadding + 1 gives an empty"
              + " output "
              + h
              + "x"
              + w);
    }
    return new int[] {inputShape[0], config.outChannels(), h, w};
  }

  private static int side(int in, int stride, int padding, int dilation, int kernel, int extra) {
    return (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + extra + 1;
  }

  @Override
  protected String describe() {
    Size2d d = config.dilation();
    String extra =
        ", op"
            + config.outputPadding()
            + (d.height() == 1 && d.width() == 1 ? "" : ", d" + d)
            + (config.groups() == 1 ? "" : ", groups " + config.groups())
            + (bias == null ? ", no bias" : "");
    return Windows.describe(
        "ConvTranspose2d",
        config.inChannels(),
        config.outChannels(),
        config.kernel(),
        config.stride(),
        Padding2d.of(config.padding().height(), config.padding().width()),
        extra);
  }
}
