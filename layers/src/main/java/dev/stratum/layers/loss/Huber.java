package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * Huber loss with threshold δ, as PyTorch's {@code HuberLoss} and Keras's {@code Huber}: with
 * {@code a = y - t}, {@code ½a²} where {@code |a| < δ} and {@code δ(|a| - ½δ)} elsewhere (quadratic
 * below δ, linear above, with a continuous first derivative). {@code MEAN} averages over every
 * element. The smooth approximation is {@link PseudoHuber} ({@code "pseudo_huber"}); {@link
 * SmoothL1} is this loss divided by its threshold.
 *
 * <p>It is computed as {@code ½m² + δ(|a| - m)} with {@code m = min(|a|, δ)}, which is each of the
 * two pieces on its side of δ, without a branch.
 */
public final class Huber extends ReducingLoss {

  private final float delta;

  /** δ = 1 (PyTorch's and Keras's default), the mean over every element. */
  public Huber() {
    this(1f, Reduction.MEAN);
  }

  /** {@code delta} must be finite and positive. */
  public Huber(float delta, Reduction reduction) {
    super("huber", reduction);
    this.delta = positive("huber", "delta", delta);
  }

  /** The threshold δ where the loss turns from quadratic to linear. */
  public float delta() {
    return delta;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("delta", (double) delta);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.sameShape(name(), prediction, target);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    return piecewise(prediction.sub(target).abs(), delta);
  }

  /** {@code ½m² + δ(|a| - m)}, {@code m = min(|a|, δ)}, from {@code abs = |a|}. */
  static Tensor piecewise(Tensor abs, float delta) {
    Tensor m = abs.minimum(delta);
    return m.square().mul(0.5f).add(abs.sub(m).mul(delta));
  }

  static float positive(String loss, String option, float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(
          loss + ": " + option + " must be finite and positive, got " + value);
    }
    return value;
  }
}
