package dev.stratum.layers.regularization;

import dev.stratum.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A penalty on a layer's output {@code a} of shape {@code [N, ...]}, as {@link
 * ActivityRegularization} records it. The L1 and L2 forms sum over a sample's activations and
 * average over the batch (so the strength does not change with the batch size, as in Keras); the KL
 * form compares each unit's mean activation over the batch with a target.
 */
public sealed interface ActivityPenalty {

  /** The penalty of one forward pass, a differentiable scalar. */
  Tensor of(Tensor activations);

  /** The configuration {@link #fromConfig} builds this penalty back from. */
  Map<String, Object> config();

  /** {@code coefficient·Σ|a| / N}. */
  static ActivityPenalty l1(double coefficient) {
    return new L1(coefficient);
  }

  /** {@code coefficient·Σa² / N}. */
  static ActivityPenalty l2(double coefficient) {
    return new L2(coefficient);
  }

  /**
   * The sparse autoencoder's {@code weight·Σ_j KL(ρ ‖ ρ̂_j) = weight·Σ_j [ρ log(ρ/ρ̂_j) + (1 - ρ)
   * log((1 - ρ)/(1 - ρ̂_j))]}, with {@code ρ̂_j} unit j's mean activation over the batch (axis 0).
   * Activations must lie in (0, 1), as a sigmoid's do; {@code ρ̂} is clamped to {@code [1e-6, 1 -
   * 1e-6]} so that a dead or saturated unit gives a large finite penalty.
   */
  static ActivityPenalty klSparsity(double target, double weight) {
    return new KlSparsity(target, weight);
  }

  /** Builds a penalty from {@code {"type": "l1" | "l2" | "kl_sparsity", ...}}. */
  static ActivityPenalty fromConfig(Map<String, ?> config) {
    Object type = config.get("type");
    return switch (type == null ? "" : type.toString()) {
      case "l1" -> new L1(number(config, "coefficient"));
      case "l2" -> new L2(number(config, "coefficient"));
      case "kl_sparsity" -> new KlSparsity(number(config, "target"), number(config, "weight"));
      default ->
          throw new IllegalArgumentException(
              "activity penalty: unknown type \""
                  + type
                  + "\" in "
                  + config
                  + "; known: l1, l2, kl_sparsity");
    };
  }

  private static double number(Map<String, ?> config, String key) {
    if (config.get(key) instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(
        "activity penalty: \"" + key + "\" must be a number, got " + config.get(key));
  }

  private static void nonNegative(String what, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "activity penalty: " + what + " must be finite and >= 0, got " + value);
    }
  }

  /** {@code coefficient·Σ|a| / N}. */
  record L1(double coefficient) implements ActivityPenalty {
    public L1 {
      nonNegative("coefficient", coefficient);
    }

    @Override
    public Tensor of(Tensor a) {
      return a.abs().sum().mul((float) (coefficient / a.dim(0)));
    }

    @Override
    public Map<String, Object> config() {
      return Map.of("type", "l1", "coefficient", coefficient);
    }
  }

  /** {@code coefficient·Σa² / N}. */
  record L2(double coefficient) implements ActivityPenalty {
    public L2 {
      nonNegative("coefficient", coefficient);
    }

    @Override
    public Tensor of(Tensor a) {
      return a.square().sum().mul((float) (coefficient / a.dim(0)));
    }

    @Override
    public Map<String, Object> config() {
      return Map.of("type", "l2", "coefficient", coefficient);
    }
  }

  /** {@code weight·Σ_j KL(ρ ‖ ρ̂_j)}. */
  record KlSparsity(double target, double weight) implements ActivityPenalty {

    /** The clamp on the mean activation. */
    public static final float EPSILON = 1e-6f;

    public KlSparsity {
      if (!(target > 0 && target < 1)) {
        throw new IllegalArgumentException(
            "activity penalty: the target activation ρ must lie in (0, 1), got " + target);
      }
      nonNegative("weight", weight);
    }

    @Override
    public Tensor of(Tensor a) {
      Tensor mean = a.mean(false, 0).clamp(EPSILON, 1 - EPSILON);
      float rho = (float) target;
      // ρ (log ρ - log ρ̂) + (1 - ρ)(log(1 - ρ) - log(1 - ρ̂)), summed over the units
      Tensor active = mean.log().neg().add((float) Math.log(target)).mul(rho);
      Tensor inactive =
          mean.neg().add(1f).log().neg().add((float) Math.log(1 - target)).mul(1 - rho);
      return active.add(inactive).sum().mul((float) weight);
    }

    @Override
    public Map<String, Object> config() {
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("type", "kl_sparsity");
      config.put("target", target);
      config.put("weight", weight);
      return config;
    }
  }
}
