package dev.stratum.layers;

import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Layer normalisation as PyTorch's {@code nn.LayerNorm}: each sample is normalised over its
 * trailing axes {@code normalizedShape}, {@code y = (x - mean) / sqrt(var + eps) · weight + bias},
 * with the biased (population) variance and {@code eps = 1e-5} by default. With {@code
 * elementwiseAffine} (the default) {@code weight} (ones) and {@code bias} (zeros) have the shape
 * {@code normalizedShape}; without it there are no parameters. The same in training and evaluation
 * (no running statistics).
 */
public final class LayerNorm extends BaseLayer {

  /**
   * LayerNorm's arguments, as its JSON config holds them.
   *
   * @param normalizedShape the trailing axes normalised over, e.g. {@code [C]} or {@code [C, H, W]}
   * @param eps added to the variance
   * @param elementwiseAffine whether there are a weight and a bias
   */
  public record Config(
      List<Integer> normalizedShape,
      @Default("1e-5") double eps,
      @Default("true") boolean elementwiseAffine) {
    public Config {
      normalizedShape = List.copyOf(Objects.requireNonNull(normalizedShape, "normalizedShape"));
    }
  }

  /** The registry entry, {@code "layer_norm"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "layer_norm",
          Config.class,
          (c, backend) -> new LayerNorm(c, LayerOptions.defaults().on(backend)));

  private final int[] normalizedShape;
  private final double eps;
  private final Tensor weight;
  private final Tensor bias;

  /** Over the trailing axes {@code normalizedShape}, eps 1e-5, with weight and bias. */
  public LayerNorm(int... normalizedShape) {
    this(normalizedShape, 1e-5, true, LayerOptions.defaults());
  }

  /** Every argument. */
  public LayerNorm(
      int[] normalizedShape, double eps, boolean elementwiseAffine, LayerOptions options) {
    this(
        new Config(Arrays.stream(normalizedShape).boxed().toList(), eps, elementwiseAffine),
        options);
  }

  private LayerNorm(Config config, LayerOptions options) {
    super(TYPE, config, options);
    String name = "LayerNorm";
    if (config.normalizedShape().isEmpty()) {
      throw new IllegalArgumentException(name + ": normalizedShape must name at least one axis");
    }
    this.normalizedShape = config.normalizedShape().stream().mapToInt(Integer::intValue).toArray();
    for (int d : normalizedShape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            name
                + ": normalizedShape "
                + Arrays.toString(normalizedShape)
                + " must have sizes of at least 1");
      }
    }
    if (!(config.eps() > 0) || !Double.isFinite(config.eps())) {
      throw new IllegalArgumentException(name + ": eps must be positive, got " + config.eps());
    }
    this.eps = config.eps();
    int count = 1;
    for (int d : normalizedShape) {
      count = Math.multiplyExact(count, d);
    }
    ParameterShape shape = ParameterShape.of(normalizedShape).fanIn(count).fanOut(count);
    this.weight =
        config.elementwiseAffine() ? parameter("weight", shape, Initializer.ones()) : null;
    this.bias = config.elementwiseAffine() ? parameter("bias", shape, Initializer.zeros()) : null;
  }

  /** The weight, shaped like {@code normalizedShape}, or {@code null}. */
  public Tensor weight() {
    return weight;
  }

  /** The bias, shaped like {@code normalizedShape}, or {@code null}. */
  public Tensor bias() {
    return bias;
  }

  @Override
  public Tensor forward(Tensor input) {
    int[] shape = input.shape();
    outputShape(shape);
    int[] axes = new int[normalizedShape.length];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = shape.length - normalizedShape.length + i;
    }
    return TensorScope.composite(
        () -> {
          Tensor mean = input.mean(true, axes);
          Tensor centered = input.sub(mean);
          Tensor variance = centered.square().mean(true, axes);
          Tensor normalized = centered.mul(variance.add((float) eps).sqrt().reciprocal());
          return weight == null ? normalized : normalized.mul(weight).add(bias);
        });
  }

  @Override
  public int[] outputShape(int... inputShape) {
    int lead = inputShape.length - normalizedShape.length;
    boolean fits =
        lead >= 0
            && Arrays.equals(
                Arrays.copyOfRange(inputShape, lead, inputShape.length), normalizedShape);
    if (!fits) {
      throw misfit(
          inputShape,
          "its trailing axes must be the normalized shape " + Arrays.toString(normalizedShape));
    }
    return inputShape.clone();
  }

  @Override
  protected String describe() {
    return "LayerNorm("
        + Arrays.toString(normalizedShape)
        + (eps == 1e-5 ? "" : ", eps " + eps)
        + (weight == null ? ", no affine" : "")
        + ")";
  }
}
