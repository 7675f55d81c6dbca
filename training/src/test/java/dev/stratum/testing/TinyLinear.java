package dev.stratum.testing;

import dev.stratum.backend.Backend;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code y = x·W + b} with {@code W} of shape {@code [in, out]}, initialised from a seed. */
public final class TinyLinear implements Layer {

  /** Rebuilds a layer from {@link #config()}. */
  public static final LayerFactory FACTORY =
      (backend, config, registry) ->
          new TinyLinear(
              backend,
              ((Number) config.get("in")).intValue(),
              ((Number) config.get("out")).intValue(),
              ((Number) config.get("seed")).longValue());

  private final int in;
  private final int out;
  private final long seed;
  private final Tensor weight;
  private final Tensor bias;
  private boolean training = true;

  public TinyLinear(Backend backend, int in, int out, long seed) {
    this.in = in;
    this.out = out;
    this.seed = seed;
    float bound = (float) (1 / Math.sqrt(in));
    this.weight = Tensor.uniform(backend, seed, -bound, bound, in, out).requiresGrad(true);
    this.bias = Tensor.uniform(backend, seed + 1, -bound, bound, out).requiresGrad(true);
  }

  public Tensor weight() {
    return weight;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.matmul(weight).add(bias);
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
    return new int[] {inputShape[0], out};
  }

  @Override
  public String typeName() {
    return "tiny_linear";
  }

  @Override
  public Map<String, Object> config() {
    return Map.of("in", in, "out", out, "seed", seed);
  }
}
