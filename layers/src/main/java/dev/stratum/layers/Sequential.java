package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.layers.activation.AbsorbsActivation;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after another. Children are named by position, {@code "0"}, {@code "1"}, ...,
 * so parameters are {@code "0.weight"}, {@code "0.bias"}, ... as in PyTorch; the configuration
 * lists the children as {@code {"type", "config"}} maps.
 *
 * <p>A layer that {@link AbsorbsActivation absorbs} the activation after it gets that activation to
 * run inside its own last kernel: a {@link Dense} followed by ReLU, leaky ReLU, ELU, sigmoid, tanh
 * or identity runs as one matrix product and one bias + activation kernel, with the values of
 * running them apart. When nothing is being recorded, intermediate outputs are freed as soon as the
 * next layer has used them.
 */
public final class Sequential implements Layer {

  /**
   * A sequential model's argument, as its JSON config holds it: the children, each as a {@code
   * {"type", "config"}} map.
   *
   * @param layers the children, in order
   */
  public record Config(List<Layer> layers) {
    public Config {
      layers = List.copyOf(layers);
    }
  }

  /** The registry entry, {@code "sequential"}; children are built through the registry. */
  public static final LayerType<Config> TYPE =
      LayerType.of("sequential", Config.class, (c, backend) -> new Sequential(c.layers()));

  private final List<Layer> layers = new ArrayList<>();
  private boolean training = true;

  /** The layers, applied in order. */
  public Sequential(Layer... layers) {
    this(Arrays.asList(layers));
  }

  /** The layers, applied in order. */
  public Sequential(List<? extends Layer> layers) {
    for (Layer layer : layers) {
      add(layer);
    }
  }

  /**
   * Builds one layer from a {@code {"type": ..., "config": {...}}} map through {@code registry}; an
   * unknown type gets a message listing the known ones.
   */
  public static Layer build(
      Backend backend, Map<String, Object> spec, Map<String, LayerFactory> registry) {
    String type = LayerConfig.string("layer spec", spec, "type");
    LayerFactory factory = registry.get(type);
    if (factory == null) {
      throw new IllegalArgumentException(
          "no layer type '"
              + type
              + "' is registered; known types: "
              + registry.keySet().stream().sorted().toList());
    }
    Object config = spec.get("config");
    return factory.create(
        backend, config == null ? Map.of() : LayerConfig.map(type + " config", config), registry);
  }

  /** Appends a layer; it is named by its position. */
  public Sequential add(Layer layer) {
    layers.add(java.util.Objects.requireNonNull(layer, "layer"));
    layer.train(training);
    return this;
  }

  /** The children, in order. */
  public List<Layer> layers() {
    return Collections.unmodifiableList(layers);
  }

  /** Child {@code index}. */
  public Layer get(int index) {
    return layers.get(index);
  }

  /** Number of children. */
  public int size() {
    return layers.size();
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    boolean recording = Autograd.isRecording();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      Tensor y;
      if (layer instanceof AbsorbsActivation absorbing
          && i + 1 < layers.size()
          && layers.get(i + 1) instanceof Activation activation
          && absorbing.absorbs(activation)) {
        y = absorbing.forward(x, activation);
        i++;
      } else {
        y = layer.forward(x);
      }
      if (!recording && x != input && x != y) {
        x.close();
      }
      x = y;
    }
    return x;
  }

  @Override
  public Map<String, Tensor> parameters() {
    return prefixed(true);
  }

  @Override
  public Map<String, Tensor> buffers() {
    return prefixed(false);
  }

  private Map<String, Tensor> prefixed(boolean parameters) {
    Map<String, Tensor> all = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      for (Map.Entry<String, Tensor> e :
          (parameters ? layer.parameters() : layer.buffers()).entrySet()) {
        all.put(i + "." + e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(all);
  }

  @Override
  public void train(boolean training) {
    this.training = training;
    for (Layer layer : layers) {
      layer.train(training);
    }
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public int[] outputShape(int... inputShape) {
    int[] shape = inputShape.clone();
    for (int i = 0; i < layers.size(); i++) {
      try {
        shape = layers.get(i).outputShape(shape);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Sequential layer " + i + " (" + layers.get(i).typeName() + "): " + e.getMessage(), e);
      }
    }
    return shape;
  }

  /** A table of every layer with its output shape and parameter count; see {@link Summary}. */
  public String summary(int... inputShape) {
    return Summary.of(this, inputShape).toString();
  }

  @Override
  public String typeName() {
    return TYPE.name();
  }

  @Override
  public Map<String, Object> config() {
    return TYPE.config(new Config(layers));
  }

  @Override
  public void close() {
    layers.forEach(Layer::close);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Sequential(");
    for (int i = 0; i < layers.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(layers.get(i));
    }
    return sb.append(')').toString();
  }
}
