package dev.stratum.layers;

import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.tensor.Tensor;
import java.util.Objects;

/**
 * Transposed 2-D convolution with PyTorch's semantics, for decoders: each output side is {@code (in
 * - 1)·stride - 2·padding + kernel + outputPadding}, {@code outputPadding < stride} choosing among
 * the input sizes a strided convolution maps to the same size. Weight {@code [in, out, k, k]}, bias
 * {@code [out]}, both {@code U(-1/√fanIn, 1/√fanIn)} with PyTorch's {@code fanIn = out·k²} (the
 * weight's second axis).
 */
public final class ConvTranspose2d extends BaseLayer {

  /**
   * A transposed convolution's arguments, as its JSON config holds them.
   *
   * @param inChannels input channels
   * @param outChannels output channels
   * @param kernel the side of the square kernel
   * @param stride the step between input pixels' windows in the output
   * @param padding the rows and columns cut from each side of the output
   * @param outputPadding extra rows and columns on the bottom and right, below {@code stride}
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
      @Default("0") int outputPadding,
      @Default("true") boolean bias,
      @Default Initializer weightInit,
      @Default Initializer biasInit) {
    public Config {
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

  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int outputPadding;
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
    this(
        new Config(
            inChannels,
            outChannels,
            kernel,
            stride,
            padding,
            outputPadding,
            options.bias(),
            options.weightInit(),
            options.biasInit()),
        options);
  }

  private ConvTranspose2d(Config config, LayerOptions options) {
    super(TYPE, config, options);
    String name = "ConvTranspose2d";
    Windows.checkPositive(name, "inChannels", config.inChannels());
    Windows.checkPositive(name, "outChannels", config.outChannels());
    Windows.checkPositive(name, "kernel", config.kernel());
    Windows.checkPositive(name, "stride", config.stride());
    Windows.checkNonNegative(name, "padding", config.padding());
    if (config.outputPadding() < 0 || config.outputPadding() >= config.stride()) {
      throw new IllegalArgumentException(
          name
              + ": outputPadding must be in [0, stride "
              + config.stride()
              + "), got "
              + config.outputPadding());
    }
    this.inChannels = config.inChannels();
    this.outChannels = config.outChannels();
    this.kernel = config.kernel();
    this.stride = config.stride();
    this.padding = config.padding();
    this.outputPadding = config.outputPadding();
    // PyTorch counts the fans of the [in, out, k, k] weight from its second axis
    int fanIn = outChannels * kernel * kernel;
    int fanOut = inChannels * kernel * kernel;
    this.weight =
        parameter(
            "weight",
            ParameterShape.of(inChannels, outChannels, kernel, kernel).fanIn(fanIn).fanOut(fanOut),
            config.weightInit());
    this.bias =
        config.bias()
            ? parameter(
                "bias",
                ParameterShape.of(outChannels).fanIn(fanIn).fanOut(fanOut),
                config.biasInit())
            : null;
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
