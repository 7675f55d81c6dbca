package dev.stratum.autoencoders;

import dev.stratum.layers.Default;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.layers.loss.ReducingLoss;
import dev.stratum.layers.regularization.ActivityPenalty;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sparse autoencoder: the reconstruction error plus a penalty that keeps most code units near
 * zero for each input, so that the code may even be larger than the input. Two penalties, on the
 * code {@code h [N, k]} of a batch of {@code N}:
 *
 * <ul>
 *   <li><b>L1</b> ({@link #l1}): {@code Ω = λ·(1/N) Σ_n Σ_j |h_nj|};
 *   <li><b>KL</b> ({@link #kl}): {@code Ω = β Σ_j KL(ρ ‖ ρ̂_j) = β Σ_j [ρ log(ρ/ρ̂_j) + (1 − ρ)
 *       log((1 − ρ)/(1 − ρ̂_j))]}, with {@code ρ̂_j = (1/N) Σ_n h_nj} the mean activation of unit
 *       {@code j} over the batch and {@code ρ ∈ (0, 1)} the target. The code must lie in (0, 1):
 *       the encoder ends with a sigmoid. {@code ρ̂} is clamped to {@code [1e-6, 1 − 1e-6]} (see
 *       {@link ActivityPenalty#klSparsity}).
 * </ul>
 *
 * <p>The step reports the penalty as the part {@code "sparsity"}. The penalties are {@code
 * stratum-layers}' {@link ActivityPenalty} forms, computed on the code the decoder also sees.
 */
public final class SparseAutoencoder extends Autoencoder {

  /**
   * A sparse autoencoder's arguments, as its JSON config holds them: those of every {@link
   * Architecture} and {@code "sparsity": {"type": "l1", "coefficient": λ}} or {@code {"type":
   * "kl_sparsity", "target": ρ, "weight": β}}.
   *
   * @param inputShape the shape of one sample
   * @param encoder the encoder (ending with a sigmoid for the KL penalty)
   * @param decoder the decoder
   * @param loss the reconstruction loss (null: the mean squared error)
   * @param sparsity the penalty on the code: L1 or KL
   */
  public record Config(
      List<Integer> inputShape,
      Layer encoder,
      Layer decoder,
      @Default ReducingLoss loss,
      ActivityPenalty sparsity)
      implements Architecture {
    public Config {
      inputShape = List.copyOf(inputShape);
      loss = Objects.requireNonNullElseGet(loss, MeanSquaredError::new);
      Objects.requireNonNull(sparsity, "sparsity");
      if (sparsity instanceof ActivityPenalty.L2) {
        throw new IllegalArgumentException(
            "SparseAutoencoder: the sparsity penalty must be L1 or KL, got " + sparsity);
      }
    }
  }

  /** The registry entry, {@code "sparse_autoencoder"}; a bad penalty's message names this kind. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "sparse_autoencoder",
          Config.class,
          (c, backend) -> new SparseAutoencoder(c),
          Specs.LOSS,
          new LayerType.ValueType<>(
              ActivityPenalty.class,
              ActivityPenalty::config,
              config -> {
                try {
                  return ActivityPenalty.fromConfig(config);
                } catch (IllegalArgumentException e) {
                  throw new IllegalArgumentException("SparseAutoencoder: " + e.getMessage(), e);
                }
              }));

  /** The name of the penalty's part in the step's result and the history. */
  public static final String PART = "sparsity";

  private final ActivityPenalty penalty;

  /** A sparse autoencoder from its config record. */
  public SparseAutoencoder(Config config) {
    super(TYPE, config);
    this.penalty = config.sparsity();
    if (penalty instanceof ActivityPenalty.KlSparsity) {
      checkSigmoidCode(config.encoder());
    }
  }

  /** The L1 kind, {@code λ·(1/N) Σ|h|}, with {@code λ = coefficient >= 0}. */
  public static SparseAutoencoder l1(
      int[] inputShape, Layer encoder, Layer decoder, ReducingLoss loss, double coefficient) {
    if (!(coefficient >= 0) || Double.isInfinite(coefficient)) {
      throw new IllegalArgumentException(
          "SparseAutoencoder: the L1 coefficient λ must be finite and >= 0, got " + coefficient);
    }
    return new SparseAutoencoder(
        new Config(
            Specs.list(inputShape), encoder, decoder, loss, ActivityPenalty.l1(coefficient)));
  }

  /**
   * The KL kind, {@code β Σ_j KL(ρ ‖ ρ̂_j)}, with target {@code ρ = target ∈ (0, 1)} and weight
   * {@code β = weight >= 0}; the encoder must end with a sigmoid.
   */
  public static SparseAutoencoder kl(
      int[] inputShape,
      Layer encoder,
      Layer decoder,
      ReducingLoss loss,
      double target,
      double weight) {
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException(
          "SparseAutoencoder: the sparsity target ρ = " + target + " is outside (0, 1)");
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "SparseAutoencoder: the KL weight β must be finite and >= 0, got " + weight);
    }
    return new SparseAutoencoder(
        new Config(
            Specs.list(inputShape),
            encoder,
            decoder,
            loss,
            ActivityPenalty.klSparsity(target, weight)));
  }

  /** The penalty on the code. */
  public ActivityPenalty penalty() {
    return penalty;
  }

  /** {@code Ω(h)} of a batch of codes. */
  public Tensor sparsityPenalty(Tensor code) {
    return penalty.of(code);
  }

  @Override
  protected Map<String, Tensor> penalties(Tensor input, Tensor code) {
    return Map.of(PART, penalty.of(code));
  }

  /** A KL penalty needs codes in (0, 1): refuse an encoder that visibly ends otherwise. */
  private static void checkSigmoidCode(Layer encoder) {
    Layer last = encoder;
    while (last instanceof Sequential s && s.size() > 0) {
      last = s.get(s.size() - 1);
    }
    boolean unbounded =
        last instanceof Dense
            || last instanceof Activation && !(last instanceof Activation.Sigmoid);
    if (unbounded) {
      throw new IllegalArgumentException(
          "SparseAutoencoder: the KL sparsity penalty compares mean activations with ρ, so the"
              + " code must lie in (0, 1); end the encoder with a sigmoid (its last layer is "
              + last
              + ")");
    }
  }
}
