package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.layers.init.Initializer;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What most layers share: a backend, a training flag, and parameters and buffers registered in a
 * fixed order under fixed names. Parameters are taken out of every {@link TensorScope} on creation
 * ({@link TensorScope#unscoped}), so a layer built inside a scope keeps them; {@link #close()}
 * frees them.
 */
public abstract class BaseLayer implements Layer {

  private final Backend backend;
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private boolean training = true;

  protected BaseLayer(Backend backend) {
    this.backend = backend;
  }

  /** The backend that holds this layer's parameters. */
  public Backend backend() {
    return backend;
  }

  /** Registers a trainable parameter: unscoped, with {@code requiresGrad} set. */
  protected final Tensor parameter(String name, Tensor value) {
    TensorScope.unscoped(value).requiresGrad(true);
    parameters.put(name, value);
    return value;
  }

  /** Creates and registers a parameter from an initializer. */
  protected final Tensor parameter(
      String name, Initializer init, LayerOptions options, int fanIn, int fanOut, int... shape) {
    return parameter(name, init.create(backend, options.resolveGenerator(), fanIn, fanOut, shape));
  }

  /** Registers a non-trainable buffer (unscoped). */
  protected final Tensor buffer(String name, Tensor value) {
    buffers.put(name, TensorScope.unscoped(value));
    return value;
  }

  @Override
  public Map<String, Tensor> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  @Override
  public Map<String, Tensor> buffers() {
    return Collections.unmodifiableMap(buffers);
  }

  @Override
  public void train(boolean training) {
    this.training = training;
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  /**
   * A short description for messages and summaries, such as {@code Dense(784 -> 256)}; subclasses
   * override {@link #describe()}.
   */
  @Override
  public String toString() {
    return describe();
  }

  /** The layer and its arguments, for messages. */
  protected abstract String describe();

  /** An {@link IllegalArgumentException} naming this layer, the input shape and the problem. */
  protected final IllegalArgumentException misfit(int[] inputShape, String problem) {
    return new IllegalArgumentException(
        describe() + ": input " + Arrays.toString(inputShape) + " does not fit: " + problem);
  }

  /**
   * Adds the {@code "bias"}, {@code "weightInit"} and {@code "biasInit"} entries that {@link
   * LayerOptions#fromConfig} reads back.
   */
  protected static Map<String, Object> withInitConfig(
      Map<String, Object> config, boolean bias, Initializer weightInit, Initializer biasInit) {
    config.put("bias", bias);
    config.put("weightInit", weightInit.config());
    config.put("biasInit", biasInit.config());
    return config;
  }

  /** Frees an intermediate at once when nothing is being recorded (a gradient may need it). */
  protected static void discard(Tensor... intermediates) {
    if (!Autograd.isRecording()) {
      for (Tensor t : intermediates) {
        t.close();
      }
    }
  }
}
