package dev.stratum.layers;

import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;

/**
 * Batch normalisation over the channel axis (axis 1), as in PyTorch: in training, each channel is
 * normalised with the batch mean and the biased batch variance, {@code y = (x - μ)/√(σ² + eps)·γ +
 * β}, and the running statistics move towards the batch ones, {@code running = (1 - momentum)·
 * running + momentum·batch} (the variance unbiased, {@code ·n/(n-1)}); in evaluation the running
 * statistics are used. Parameters {@code weight} (γ, ones) and {@code bias} (β, zeros) when affine;
 * buffers {@code running_mean} (zeros) and {@code running_var} (ones).
 */
public abstract sealed class BatchNorm extends BaseLayer permits BatchNorm1d, BatchNorm2d {

  /**
   * The arguments of either batch normalisation, as its JSON config holds them.
   *
   * @param features the channels (axis 1) normalised
   * @param momentum how far the running statistics move towards each batch's
   * @param eps added to the variance before the square root
   * @param affine whether there are a learned scale γ and shift β
   */
  public record Config(
      int features,
      @Default("0.1") double momentum,
      @Default("1e-5") double eps,
      @Default("true") boolean affine) {}

  private final int features;
  private final double momentum;
  private final double eps;
  private final Tensor weight;
  private final Tensor bias;
  private final Tensor runningMean;
  private final Tensor runningVar;

  BatchNorm(LayerType<Config> type, Config config, LayerOptions options) {
    super(type, config, options);
    String name = getClass().getSimpleName();
    Windows.checkPositive(name, "features", config.features());
    double momentum = config.momentum();
    double eps = config.eps();
    if (!(momentum >= 0 && momentum <= 1) || !(eps > 0)) {
      throw new IllegalArgumentException(
          name
              + ": need 0 <= momentum <= 1 and eps > 0, got momentum "
              + momentum
              + ", eps "
              + eps);
    }
    this.features = config.features();
    this.momentum = momentum;
    this.eps = eps;
    // γ and β start at one and zero whatever the fans; the fans are the channels
    ParameterShape shape = ParameterShape.of(features).fanIn(features).fanOut(features);
    this.weight = config.affine() ? parameter("weight", shape, Initializer.ones()) : null;
    this.bias = config.affine() ? parameter("bias", shape, Initializer.zeros()) : null;
    this.runningMean = buffer("running_mean", Tensor.zeros(backend(), features));
    this.runningVar = buffer("running_var", Tensor.ones(backend(), features));
  }

  /** The ranks this layer accepts. */
  abstract boolean acceptsRank(int rank);

  /** What the input should look like, for messages. */
  abstract String expectedInput();

  /** Channels normalised. */
  public int features() {
    return features;
  }

  /** The running mean {@code [features]}. */
  public Tensor runningMean() {
    return runningMean;
  }

  /** The running (unbiased) variance {@code [features]}. */
  public Tensor runningVar() {
    return runningVar;
  }

  @Override
  public Tensor forward(Tensor input) {
    return TensorScope.composite(() -> normalize(input));
  }

  private Tensor normalize(Tensor input) {
    int[] shape = input.shape();
    outputShape(shape);
    int[] statShape = new int[shape.length];
    Arrays.fill(statShape, 1);
    statShape[1] = features;
    int[] axes = new int[shape.length - 1];
    long count = shape[0];
    for (int a = 2, i = 1; a < shape.length; a++, i++) {
      axes[i] = a;
      count *= shape[a];
    }
    Tensor normalized;
    if (isTraining()) {
      if (count < 2) {
        throw misfit(
            shape, "training needs more than one value per channel to estimate a variance");
      }
      Tensor mean = input.mean(true, axes);
      Tensor centered = input.sub(mean);
      Tensor variance = centered.square().mean(true, axes);
      normalized = centered.mul(variance.add((float) eps).sqrt().reciprocal());
      updateRunningStatistics(mean, variance, count);
    } else {
      Tensor mean = runningMean.reshape(statShape);
      Tensor scale = runningVar.reshape(statShape).add((float) eps).sqrt().reciprocal();
      normalized = input.sub(mean).mul(scale);
    }
    if (weight == null) {
      return normalized;
    }
    return normalized.mul(weight.reshape(statShape)).add(bias.reshape(statShape));
  }

  private void updateRunningStatistics(Tensor mean, Tensor variance, long count) {
    try (NoGrad ignored = Autograd.noGrad();
        Tensor batchMean = mean.reshape(features);
        Tensor unbiased = variance.reshape(features).mul((float) (count / (count - 1.0)))) {
      runningMean.mulInPlace((float) (1 - momentum)).addScaledInPlace((float) momentum, batchMean);
      runningVar.mulInPlace((float) (1 - momentum)).addScaledInPlace((float) momentum, unbiased);
    }
  }

  @Override
  public int[] outputShape(int... inputShape) {
    if (!acceptsRank(inputShape.length)) {
      throw misfit(inputShape, "expected " + expectedInput());
    }
    if (inputShape[1] != features) {
      throw misfit(inputShape, "it has " + inputShape[1] + " channels, expected " + features);
    }
    return inputShape.clone();
  }

  @Override
  protected String describe() {
    return getClass().getSimpleName() + "(" + features + ")";
  }
}
