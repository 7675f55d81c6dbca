package dev.stratum.recurrent;

import dev.stratum.layers.LayerType;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies a layer to every time step: {@code [batch, time, ...] -> [batch, time, ...']}, by folding
 * time into the batch ({@code [batch·time, ...]}) so that the layer runs once, as one matrix
 * product for a {@code Dense} head. The wrapped layer's parameters keep their names under the
 * prefix {@code "layer."}.
 */
public final class TimeDistributed implements Layer {

  /**
   * The wrapper's argument, as its JSON config holds it.
   *
   * @param layer the layer applied to every step
   */
  public record Config(Layer layer) {}

  /** The registry entry, {@code "time_distributed"}; the wrapped layer comes from the registry. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "time_distributed", Config.class, (c, backend) -> new TimeDistributed(c.layer()));

  private final Layer layer;

  /** Wraps {@code layer}, which this one now owns (closing this closes it). */
  public TimeDistributed(Layer layer) {
    this.layer = layer;
  }

  /** The wrapped layer. */
  public Layer layer() {
    return layer;
  }

  @Override
  public Tensor forward(Tensor input) {
    int[] shape = input.shape();
    check(shape);
    int[] folded = new int[shape.length - 1];
    folded[0] = shape[0] * shape[1];
    System.arraycopy(shape, 2, folded, 1, shape.length - 2);
    Tensor out = layer.forward(input.reshape(folded));
    int[] os = out.shape();
    int[] unfolded = new int[os.length + 1];
    unfolded[0] = shape[0];
    unfolded[1] = shape[1];
    System.arraycopy(os, 1, unfolded, 2, os.length - 1);
    return out.reshape(unfolded);
  }

  private void check(int[] shape) {
    if (shape.length < 3) {
      throw new IllegalArgumentException(
          "TimeDistributed("
              + layer
              + "): input "
              + Arrays.toString(shape)
              + " does not fit: expected [batch, time, ...] (rank at least 3)");
    }
  }

  @Override
  public Map<String, Tensor> parameters() {
    Map<String, Tensor> named = new LinkedHashMap<>();
    layer.parameters().forEach((name, p) -> named.put("layer." + name, p));
    return named;
  }

  @Override
  public Map<String, Tensor> buffers() {
    Map<String, Tensor> named = new LinkedHashMap<>();
    layer.buffers().forEach((name, b) -> named.put("layer." + name, b));
    return named;
  }

  @Override
  public void train(boolean training) {
    layer.train(training);
  }

  @Override
  public boolean isTraining() {
    return layer.isTraining();
  }

  @Override
  public int[] outputShape(int... inputShape) {
    check(inputShape);
    int[] folded = new int[inputShape.length - 1];
    folded[0] = inputShape[0] * inputShape[1];
    System.arraycopy(inputShape, 2, folded, 1, inputShape.length - 2);
    int[] os = layer.outputShape(folded);
    int[] out = new int[os.length + 1];
    out[0] = inputShape[0];
    out[1] = inputShape[1];
    System.arraycopy(os, 1, out, 2, os.length - 1);
    return out;
  }

  @Override
  public String typeName() {
    return TYPE.name();
  }

  @Override
  public Map<String, Object> config() {
    return TYPE.config(new Config(layer));
  }

  @Override
  public void close() {
    layer.close();
  }

  @Override
  public String toString() {
    return "TimeDistributed(" + layer + ")";
  }
}
