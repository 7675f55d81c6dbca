package dev.stratum.layers;

import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Map;
import java.util.Objects;

/**
 * The mean of each window, with PyTorch's {@code nn.AvgPool2d} options: kernel, stride and padding
 * per axis, {@code ceilMode}, and {@code countIncludePad}. With {@code countIncludePad} (the
 * default, as in PyTorch) the divisor counts the window's zero padding: it is the whole window
 * unless ceil mode lets a last window run past the padding, where it is the part inside the padded
 * input. Without it the divisor counts only the input values in the window. (No dilation: PyTorch's
 * average pooling has none.)
 */
public final class AvgPool2d extends Pool2d {

  /**
   * Average pooling's arguments, as its JSON config holds them; each window option is a whole
   * number (square) or {@code [h, w]}.
   *
   * @param kernel the window's height and width
   * @param stride the step between windows (null: the kernel, as in PyTorch)
   * @param padding the padding on each side, at most half the kernel
   * @param ceilMode whether output sides are rounded up
   * @param countIncludePad whether the padding counts in each window's divisor
   */
  public record Config(
      Size2d kernel,
      @Default Size2d stride,
      @Default("0") Size2d padding,
      @Default("false") boolean ceilMode,
      @Default("true") boolean countIncludePad) {
    public Config {
      Objects.requireNonNull(kernel, "AvgPool2d: kernel");
      stride = Objects.requireNonNullElse(stride, kernel);
    }
  }

  /** The registry entry, {@code "avg_pool2d"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of("avg_pool2d", Config.class, (c, backend) -> new AvgPool2d(c));

  private final Config config;

  /** Non-overlapping windows: stride = kernel, no padding. */
  public AvgPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /** Square windows with the given stride and padding, padding counted in the divisor. */
  public AvgPool2d(int kernel, int stride, int padding) {
    this(new Config(Size2d.of(kernel), Size2d.of(stride), Size2d.of(padding), false, true));
  }

  /** Every option (a null stride is the kernel). */
  public AvgPool2d(Config config) {
    super(config.kernel(), config.stride(), config.padding(), Size2d.of(1), config.ceilMode());
    this.config = config;
  }

  /** Whether the padding counts in each window's divisor. */
  public boolean countIncludePad() {
    return config.countIncludePad();
  }

  @Override
  Tensor pool(Tensor input) {
    ConvolutionGeometry g = geometry(input.shape());
    boolean padded = config.padding().height() > 0 || config.padding().width() > 0;
    if (config.countIncludePad() || !padded) {
      // without padding both divisors are the window's taps inside the input
      return input.avgPool2d(g);
    }
    return TensorScope.composite(
        () -> {
          // the backend divides by the taps inside the padded input; pooling a plane of ones
          // gives (taps inside the input) / (taps inside the padded input) per window
          Tensor share;
          try (NoGrad ignored = Autograd.noGrad()) {
            int[] s = input.shape();
            ConvolutionGeometry plane =
                new ConvolutionGeometry(
                    1,
                    1,
                    s[2],
                    s[3],
                    g.kernelHeight(),
                    g.kernelWidth(),
                    g.strideHeight(),
                    g.strideWidth(),
                    g.padHeight(),
                    g.padWidth(),
                    g.padBottom(),
                    g.padRight(),
                    1,
                    1,
                    g.ceilMode());
            share = Tensor.ones(input.backend(), 1, 1, s[2], s[3]).avgPool2d(plane);
          }
          return input.avgPool2d(g).div(share);
        });
  }

  @Override
  Map<String, Object> configMap() {
    return TYPE.config(config);
  }

  @Override
  String extra() {
    return config.countIncludePad() ? "" : ", exclude pad";
  }

  @Override
  public String typeName() {
    return TYPE.name();
  }
}
