package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * Pseudo-Huber loss {@code δ²(sqrt(1 + (a/δ)²) - 1)} with {@code a = y - t}: about {@code a²/2} for
 * small errors and {@code δ|a|} for large ones, smooth everywhere. {@code MEAN} averages over every
 * element. Registered as {@code "pseudo_huber"}; {@code "huber"} is the piecewise {@link Huber}, as
 * in PyTorch and Keras.
 *
 * <p>It is computed as the equal {@code a² / (sqrt(1 + (a/δ)²) + 1)}, which does not lose the small
 * errors to cancellation in {@code sqrt(...) - 1}.
 */
public final class PseudoHuber extends ReducingLoss {

  private final float delta;

  /** δ = 1, the mean over every element. */
  public PseudoHuber() {
    this(1f, Reduction.MEAN);
  }

  /** {@code delta} must be finite and positive. */
  public PseudoHuber(float delta, Reduction reduction) {
    super("pseudo_huber", reduction);
    if (!(delta > 0) || Float.isInfinite(delta)) {
      throw new IllegalArgumentException(
          "pseudo_huber: delta must be finite and positive, got " + delta);
    }
    this.delta = delta;
  }

  /** The scale δ where the loss turns from quadratic to linear. */
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
    Tensor a = prediction.sub(target);
    Tensor a2 = a.square();
    return a2.div(a2.div(delta * delta).add(1f).sqrt().add(1f));
  }
}
