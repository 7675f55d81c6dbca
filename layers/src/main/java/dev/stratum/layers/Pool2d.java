package dev.stratum.layers;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * What max and average pooling share: square windows, a stride (default: the kernel, so windows do
 * not overlap) and zero padding of at most half the kernel; output sides floored as in PyTorch.
 */
public abstract sealed class Pool2d implements Layer permits MaxPool2d, AvgPool2d {

  /**
   * The arguments of either pooling, as its JSON config holds them.
   *
   * @param kernel the window side
   * @param stride the step between windows (null: the kernel, as in PyTorch)
   * @param padding the padding on each side, at most half the kernel
   */
  public record Config(int kernel, @Default Integer stride, @Default("0") int padding) {
    public Config {
      stride = Objects.requireNonNullElse(stride, kernel);
    }
  }

  private final LayerType<Config> type;
  private final int kernel;
  private final int stride;
  private final int padding;

  Pool2d(LayerType<Config> type, Config config) {
    String name = getClass().getSimpleName();
    Windows.checkPositive(name, "kernel", config.kernel());
    Windows.checkPositive(name, "stride", config.stride());
    Windows.checkNonNegative(name, "padding", config.padding());
    if (2 * config.padding() > config.kernel()) {
      throw new IllegalArgumentException(
          name
              + ": padding "
              + config.padding()
              + " must be at most half the kernel "
              + config.kernel());
    }
    this.type = type;
    this.kernel = config.kernel();
    this.stride = config.stride();
    this.padding = config.padding();
  }

  /** Window side. */
  public int kernel() {
    return kernel;
  }

  /** Step between windows. */
  public int stride() {
    return stride;
  }

  /** Zero padding on each side. */
  public int padding() {
    return padding;
  }

  /** Pools a checked input. */
  abstract Tensor pool(Tensor input);

  @Override
  public Tensor forward(Tensor input) {
    outputShape(input.shape());
    return pool(input);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    String name = toString();
    Windows.checkImage(name, inputShape, 0);
    int h =
        Windows.outSize(name, inputShape, "height", inputShape[2], kernel, stride, padding, false);
    int w =
        Windows.outSize(name, inputShape, "width", inputShape[3], kernel, stride, padding, false);
    return new int[] {inputShape[0], inputShape[1], h, w};
  }

  @Override
  public String typeName() {
    return type.name();
  }

  @Override
  public Map<String, Object> config() {
    return type.config(new Config(kernel, stride, padding));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "("
        + kernel
        + "x"
        + kernel
        + ", s"
        + stride
        + ", p"
        + padding
        + ")";
  }
}
