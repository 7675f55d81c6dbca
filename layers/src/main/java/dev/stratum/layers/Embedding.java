package dev.stratum.layers;

import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.Objects;

/**
 * A lookup table: an input of whole-number indices (stored as floats) of any shape {@code S} gives
 * the rows {@code weight[index]}, shape {@code S + [dim]}. Weight {@code [count, dim]}, {@code N(0,
 * 1)} as in PyTorch. The gradient adds into the rows that were looked up.
 */
public final class Embedding extends BaseLayer {

  /**
   * An embedding's arguments, as its JSON config holds them.
   *
   * @param count the number of rows (distinct indices)
   * @param dim the length of each row
   * @param weightInit the table's initializer (null: {@code N(0, 1)})
   */
  public record Config(int count, int dim, @Default Initializer weightInit) {
    public Config {
      weightInit = Objects.requireNonNullElse(weightInit, new Initializer.Normal(0, 1));
    }
  }

  /** The registry entry, {@code "embedding"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "embedding",
          Config.class,
          (c, backend) -> new Embedding(c, LayerOptions.defaults().on(backend)));

  private final int count;
  private final int dim;
  private final Tensor weight;

  /** {@code count} rows of {@code dim} values, {@code N(0, 1)} from the default generator. */
  public Embedding(int count, int dim) {
    this(count, dim, LayerOptions.defaults());
  }

  /** Rows initialised as {@code options} say. */
  public Embedding(int count, int dim, LayerOptions options) {
    this(new Config(count, dim, options.weightInit()), options);
  }

  private Embedding(Config config, LayerOptions options) {
    super(TYPE, config, options);
    Windows.checkPositive("Embedding", "count", config.count());
    Windows.checkPositive("Embedding", "dim", config.dim());
    this.count = config.count();
    this.dim = config.dim();
    // fan-in the row count, fan-out the row length (PyTorch's rule would swap them); only an
    // initializer other than the default N(0, 1) reads them
    this.weight =
        parameter(
            "weight", ParameterShape.of(count, dim).fanIn(count).fanOut(dim), config.weightInit());
  }

  /** The table {@code [count, dim]}. */
  public Tensor weight() {
    return weight;
  }

  @Override
  public Tensor forward(Tensor indices) {
    int[] shape = outputShape(indices.shape());
    return TensorScope.composite(
        () -> {
          Tensor flat = indices.reshape(-1);
          Tensor rows;
          try {
            rows = weight.indexSelect(0, flat);
          } catch (IllegalArgumentException e) {
            flat.close();
            throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
          }
          return rows.reshape(shape);
        });
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
  protected String describe() {
    return "Embedding(" + count + ", " + dim + ")";
  }
}
