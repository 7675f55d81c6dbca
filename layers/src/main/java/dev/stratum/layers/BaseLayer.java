package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What most layers share: a {@link LayerType} and its config record (from which {@link #typeName()}
 * and {@link #config()} follow), a backend and a generator, a training flag, and parameters and
 * buffers registered in a fixed order under fixed names. Parameters are taken out of every {@link
 * TensorScope} on creation ({@link TensorScope#unscoped}), so a layer built inside a scope keeps
 * them; {@link #close()} frees them.
 */
public abstract class BaseLayer implements Layer {

  private final String typeName;
  private final Supplier<Map<String, Object>> config;
  private final Backend backend;
  private final Generator generator;
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private boolean training = true;

  /**
   * A layer of {@code type} with the arguments {@code config}; {@code options} gives the backend
   * and the generator parameters are drawn from (its bias and initializers are already in {@code
   * config}).
   */
  protected <C extends Record> BaseLayer(LayerType<C> type, C config, LayerOptions options) {
    this.typeName = type.name();
    this.config = () -> type.config(config);
    this.backend = options.resolveBackend();
    this.generator = options.resolveGenerator();
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

  /**
   * Creates and registers a parameter of {@code shape}, drawn by {@code init} from this layer's
   * generator; parameters draw in the order they are created.
   */
  protected final Tensor parameter(String name, ParameterShape shape, Initializer init) {
    Tensor value = init.create(backend, generator, shape.fanIn(), shape.fanOut(), shape.dims());
    return parameter(name, value);
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

  @Override
  public final String typeName() {
    return typeName;
  }

  /** The config record as {@link LayerType#config} writes it. */
  @Override
  public final Map<String, Object> config() {
    return config.get();
  }

  /**
   * A short description for messages and summaries, such as {@code Dense(784 -> 256)}; subclasses
   * override {@link #describe()}.
   */
  @Override
  public String toString() {
    return describe();
  }

  /** The layer and its arguments, for messages, formatted from its config record. */
  protected abstract String describe();

  /** An {@link IllegalArgumentException} naming this layer, the input shape and the problem. */
  protected final IllegalArgumentException misfit(int[] inputShape, String problem) {
    return new IllegalArgumentException(
        describe() + ": input " + Arrays.toString(inputShape) + " does not fit: " + problem);
  }
}
