package dev.stratum.layers;

import dev.stratum.layers.init.Seeds;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Map;
import java.util.Objects;

/**
 * Inverted dropout. <b>The argument is the keep probability</b> {@code p} (as in the dropout paper
 * and the seed notes), not PyTorch's drop probability: in training each element is kept with
 * probability {@code p} and scaled by {@code 1/p}, so the expected output equals the input; in
 * evaluation the layer is the identity. {@link #keep(double)} and {@link #drop(double)} say which
 * one is meant at the call site.
 *
 * <p>Masks come from a {@link Generator}, one stream per forward pass, so a seed fixes every mask
 * on every backend.
 */
public final class Dropout implements Layer {

  /**
   * Dropout's argument, as its JSON config holds it.
   *
   * @param keepProbability the probability that an element is kept
   */
  public record Config(double keepProbability) {}

  /**
   * The registry entry, {@code "dropout"}; built from a config, masks come from the default
   * generator.
   */
  public static final LayerType<Config> TYPE =
      LayerType.of("dropout", Config.class, (c, backend) -> new Dropout(c.keepProbability()));

  private final double keepProbability;
  private final Generator generator;
  private boolean training = true;

  /**
   * Keeps each element with probability {@code keepProbability}, masks from the default generator.
   */
  public Dropout(double keepProbability) {
    this(keepProbability, Seeds.defaultGenerator());
  }

  /** Keeps each element with probability {@code keepProbability}, masks from {@code generator}. */
  public Dropout(double keepProbability, Generator generator) {
    if (!(keepProbability > 0 && keepProbability <= 1)) {
      throw new IllegalArgumentException(
          "Dropout: the keep probability must be in (0, 1], got "
              + keepProbability
              + " (for a drop probability q use Dropout.drop(q))");
    }
    this.keepProbability = keepProbability;
    this.generator = Objects.requireNonNull(generator, "generator");
  }

  /** Dropout that keeps each element with probability {@code p}. */
  public static Dropout keep(double p) {
    return new Dropout(p);
  }

  /** Dropout that zeroes each element with probability {@code q} (PyTorch's argument). */
  public static Dropout drop(double q) {
    if (!(q >= 0 && q < 1)) {
      throw new IllegalArgumentException(
          "Dropout: the drop probability must be in [0, 1), got " + q);
    }
    return new Dropout(1 - q);
  }

  /** The probability that an element is kept. */
  public double keepProbability() {
    return keepProbability;
  }

  @Override
  public Tensor forward(Tensor input) {
    if (!training || keepProbability == 1) {
      return input;
    }
    return TensorScope.composite(
        () -> {
          // a fresh leaf, so scaling it in place is invisible to autograd
          Tensor mask =
              generator.bernoulli(input.backend(), (float) keepProbability, input.shape());
          mask.mulInPlace((float) (1 / keepProbability));
          return input.mul(mask);
        });
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
    return inputShape.clone();
  }

  @Override
  public String typeName() {
    return TYPE.name();
  }

  @Override
  public Map<String, Object> config() {
    return TYPE.config(new Config(keepProbability));
  }

  @Override
  public String toString() {
    return "Dropout(keep " + keepProbability + ")";
  }
}
