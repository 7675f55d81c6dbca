package dev.stratum.testing;

import dev.stratum.backend.Backend;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Children applied in order with a tanh between them, plus one buffer, {@code "seen"}, that counts
 * the samples seen in training mode (so that checkpoints and weight restores have a buffer to
 * carry). Records the mode and whether a graph was recorded at each forward pass.
 */
public final class TinyStack implements Layer {

  /** Rebuilds a stack, resolving children through the registry. */
  public static final LayerFactory FACTORY =
      (backend, config, registry) -> {
        List<Layer> children = new ArrayList<>();
        for (Object child : (List<?>) config.get("layers")) {
          Map<?, ?> spec = (Map<?, ?>) child;
          @SuppressWarnings("unchecked")
          Map<String, Object> childConfig = (Map<String, Object>) spec.get("config");
          children.add(
              registry.get((String) spec.get("type")).create(backend, childConfig, registry));
        }
        return new TinyStack(backend, children);
      };

  /** A registry with both fixture layers. */
  public static final Map<String, LayerFactory> REGISTRY =
      Map.of("tiny_linear", TinyLinear.FACTORY, "tiny_stack", FACTORY);

  private final List<Layer> children;
  private final Tensor seen;
  private boolean training = true;

  /** (training, recording) at each forward pass. */
  public final List<boolean[]> forwardModes = new ArrayList<>();

  public TinyStack(Backend backend, List<Layer> children) {
    this.children = List.copyOf(children);
    this.seen = Tensor.zeros(backend, 1);
  }

  /** in → hidden → out, seeded. */
  public static TinyStack mlp(Backend backend, int in, int hidden, int out, long seed) {
    return new TinyStack(
        backend,
        List.of(
            new TinyLinear(backend, in, hidden, seed),
            new TinyLinear(backend, hidden, out, seed + 7)));
  }

  @Override
  public Tensor forward(Tensor input) {
    forwardModes.add(new boolean[] {training, Autograd.isRecording()});
    if (training) {
      try (NoGrad ignored = Autograd.noGrad()) {
        seen.fillInPlace(seen.item() + input.dim(0));
      }
    }
    Tensor x = input;
    for (int i = 0; i < children.size(); i++) {
      x = children.get(i).forward(x);
      if (i < children.size() - 1) {
        x = x.tanh();
      }
    }
    return x;
  }

  @Override
  public Map<String, Tensor> parameters() {
    Map<String, Tensor> p = new LinkedHashMap<>();
    for (int i = 0; i < children.size(); i++) {
      String prefix = i + ".";
      children.get(i).parameters().forEach((name, t) -> p.put(prefix + name, t));
    }
    return p;
  }

  @Override
  public Map<String, Tensor> buffers() {
    return Map.of("seen", seen);
  }

  @Override
  public void train(boolean training) {
    this.training = training;
    children.forEach(c -> c.train(training));
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public int[] outputShape(int... inputShape) {
    int[] shape = inputShape;
    for (Layer c : children) {
      shape = c.outputShape(shape);
    }
    return shape;
  }

  @Override
  public String typeName() {
    return "tiny_stack";
  }

  @Override
  public Map<String, Object> config() {
    List<Object> layers = new ArrayList<>();
    for (Layer c : children) {
      layers.add(Map.of("type", c.typeName(), "config", c.config()));
    }
    return Map.of("layers", layers);
  }

  @Override
  public void close() {
    children.forEach(Layer::close);
    seen.close();
  }
}
