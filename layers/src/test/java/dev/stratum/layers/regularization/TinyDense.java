package dev.stratum.layers.regularization;

import dev.stratum.backend.Backend;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal fully connected layer for these tests ({@code y = x·Wᵀ + b}, weight {@code [out, in]}),
 * so that they do not depend on the real layers, which are written in parallel.
 */
final class TinyDense implements Layer {

  static final String TYPE = "tiny_dense";

  final Tensor weight;
  final Tensor bias;
  private boolean training = true;

  TinyDense(Tensor weight, Tensor bias) {
    this.weight = weight.requiresGrad(true);
    this.bias = bias.requiresGrad(true);
  }

  /** Weights {@code 0.1·(i + 1)·(-1)^i}, bias zero: deterministic, no generator needed. */
  static TinyDense create(Backend backend, int in, int out) {
    float[] w = new float[in * out];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.1f * (i + 1) * (i % 2 == 0 ? 1 : -1);
    }
    return new TinyDense(Tensor.of(backend, w, out, in), Tensor.zeros(backend, out));
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.matmul(weight, false, true).add(bias);
  }

  @Override
  public Map<String, Tensor> parameters() {
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("weight", weight);
    p.put("bias", bias);
    return p;
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
  public int[] outputShape(int... inputShape) {
    return new int[] {inputShape[0], weight.dim(0)};
  }

  @Override
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    return Map.of("in", weight.dim(1), "out", weight.dim(0));
  }

  static Layer fromConfig(
      Backend backend,
      Map<String, Object> config,
      Map<String, dev.stratum.nn.LayerFactory> registry) {
    return create(
        backend, ((Number) config.get("in")).intValue(), ((Number) config.get("out")).intValue());
  }
}
