package dev.stratum.layers;

import dev.stratum.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * The largest value of each window (the gradient goes to the first maximum), with PyTorch's {@code
 * nn.MaxPool2d} options: kernel, stride, padding and dilation per axis and {@code ceilMode}.
 * Padding never wins: it acts as negative infinity, as in PyTorch.
 */
public final class MaxPool2d extends Pool2d {

  /**
   * Max pooling's arguments, as its JSON config holds them; each window option is a whole number
   * (square) or {@code [h, w]}.
   *
   * @param kernel the window's height and width
   * @param stride the step between windows (null: the kernel, as in PyTorch)
   * @param padding the padding on each side, at most half the kernel
   * @param dilation the step between a window's taps
   * @param ceilMode whether output sides are rounded up
   */
  public record Config(
      Size2d kernel,
      @Default Size2d stride,
      @Default("0") Size2d padding,
      @Default("1") Size2d dilation,
      @Default("false") boolean ceilMode) {
    public Config {
      Objects.requireNonNull(kernel, "MaxPool2d: kernel");
      stride = Objects.requireNonNullElse(stride, kernel);
    }
  }

  /** The registry entry, {@code "max_pool2d"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of("max_pool2d", Config.class, (c, backend) -> new MaxPool2d(c));

  private final Config config;

  /** Non-overlapping windows: stride = kernel, no padding. */
  public MaxPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /** Square windows with the given stride and padding. */
  public MaxPool2d(int kernel, int stride, int padding) {
    this(new Config(Size2d.of(kernel), Size2d.of(stride), Size2d.of(padding), Size2d.of(1), false));
  }

  /** Every option (a null stride is the kernel). */
  public MaxPool2d(Config config) {
    super(config.kernel(), config.stride(), config.padding(), config.dilation(), config.ceilMode());
    this.config = config;
  }

  @Override
  Tensor pool(Tensor input) {
    return input.maxPool2d(geometry(input.shape()));
  }

  @Override
  Map<String, Object> configMap() {
    return TYPE.config(config);
  }

  @Override
  String extra() {
    return "";
  }

  @Override
  public String typeName() {
    return TYPE.name();
  }
}
