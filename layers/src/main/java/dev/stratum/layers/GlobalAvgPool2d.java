package dev.stratum.layers;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * The mean of each channel over the whole image: {@code [N, C, H, W] -> [N, C]} (Keras's {@code
 * GlobalAveragePooling2D}), or {@code [N, C, 1, 1]} with {@code keepDims} (PyTorch's {@code
 * nn.AdaptiveAvgPool2d(1)}). Any image size is accepted.
 */
public final class GlobalAvgPool2d implements Layer {

  /**
   * Global average pooling's arguments, as its JSON config holds them.
   *
   * @param keepDims whether the output keeps two axes of size 1
   */
  public record Config(@Default("false") boolean keepDims) {}

  /** The registry entry, {@code "global_avg_pool2d"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "global_avg_pool2d", Config.class, (c, backend) -> new GlobalAvgPool2d(c.keepDims()));

  private final boolean keepDims;

  /** {@code [N, C, H, W] -> [N, C]}. */
  public GlobalAvgPool2d() {
    this(false);
  }

  /** {@code [N, C, 1, 1]} when {@code keepDims}, else {@code [N, C]}. */
  public GlobalAvgPool2d(boolean keepDims) {
    this.keepDims = keepDims;
  }

  @Override
  public Tensor forward(Tensor input) {
    outputShape(input.shape());
    return input.mean(keepDims, 2, 3);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    Windows.checkImage(toString(), inputShape, 0);
    if (inputShape[2] < 1 || inputShape[3] < 1) {
      throw new IllegalArgumentException(
          this + ": input " + Arrays.toString(inputShape) + " does not fit: the image is empty");
    }
    return keepDims
        ? new int[] {inputShape[0], inputShape[1], 1, 1}
        : new int[] {inputShape[0], inputShape[1]};
  }

  @Override
  public String typeName() {
    return TYPE.name();
  }

  @Override
  public Map<String, Object> config() {
    return TYPE.config(new Config(keepDims));
  }

  @Override
  public String toString() {
    return "GlobalAvgPool2d(" + (keepDims ? "keepDims" : "") + ")";
  }
}
