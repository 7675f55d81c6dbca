package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.layers.init.Initializer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lookup table: an input of whole-number indices (stored as floats) of any shape {@code S} gives
 * the rows {@code weight[index]}, shape {@code S + [dim]}. Weight {@code [count, dim]}, {@code N(0,
 * 1)} as in PyTorch. The gradient adds into the rows that were looked up.
 */
public final class Embedding extends BaseLayer {

  /** The registry name. */
  public static final String TYPE = "embedding";

  private final int count;
  private final int dim;
  private final Initializer weightInit;
  private final Tensor weight;

  /** {@code count} rows of {@code dim} values, {@code N(0, 1)} from the default generator. */
  public Embedding(int count, int dim) {
    this(count, dim, LayerOptions.defaults());
  }

  /** Rows initialised as {@code options} say. */
  public Embedding(int count, int dim, LayerOptions options) {
    super(options.resolveBackend());
    Windows.checkPositive("Embedding", "count", count);
    Windows.checkPositive("Embedding", "dim", dim);
    this.count = count;
    this.dim = dim;
    this.weightInit = options.weightInitOr(new Initializer.Normal(0, 1));
    this.weight = parameter("weight", weightInit, options, count, dim, count, dim);
  }

  /** Builds the layer from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) ->
        new Embedding(
            LayerConfig.integer(TYPE, config, "count"),
            LayerConfig.integer(TYPE, config, "dim"),
            LayerOptions.fromConfig(TYPE, backend, config));
  }

  /** The table {@code [count, dim]}. */
  public Tensor weight() {
    return weight;
  }

  @Override
  public Tensor forward(Tensor indices) {
    int[] shape = outputShape(indices.shape());
    Tensor flat = indices.reshape(-1);
    Tensor rows;
    try {
      rows = weight.indexSelect(0, flat);
    } catch (IllegalArgumentException e) {
      flat.close();
      throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
    }
    Tensor out = rows.reshape(shape);
    discard(flat, rows);
    return out;
  }

  @Override
  public int[] outputShape(int... inputShape) {
    if (inputShape.length < 1) {
      throw misfit(inputShape, "expected indices with a batch axis");
    }
    int[] out = Arrays.copyOf(inputShape, inputShape.length + 1);
    out[inputShape.length] = dim;
    return out;
  }

  @Override
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("count", count);
    config.put("dim", dim);
    config.put("weightInit", weightInit.config());
    return config;
  }

  @Override
  protected String describe() {
    return "Embedding(" + count + ", " + dim + ")";
  }
}
