package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * Smooth L1 loss with threshold β, as PyTorch's {@code SmoothL1Loss}: with {@code a = y - t},
 * {@code ½a²/β} where {@code |a| < β} and {@code |a| - ½β} elsewhere, which is {@link Huber} with δ
 * = β divided by β (its slope far from zero is 1, not δ). β = 0 gives {@code |a|}, the L1 loss, as
 * in PyTorch. {@code MEAN} averages over every element. Keras has no separate smooth L1: its {@code
 * Huber} is {@link Huber}.
 */
public final class SmoothL1 extends ReducingLoss {

  private final float beta;

  /** β = 1 (PyTorch's default), the mean over every element. */
  public SmoothL1() {
    this(1f, Reduction.MEAN);
  }

  /** {@code beta} must be finite and at least 0. */
  public SmoothL1(float beta, Reduction reduction) {
    super("smooth_l1", reduction);
    if (!(beta >= 0) || Float.isInfinite(beta)) {
      throw new IllegalArgumentException("smooth_l1: beta must be finite and >= 0, got " + beta);
    }
    this.beta = beta;
  }

  /** The threshold β. */
  public float beta() {
    return beta;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("beta", (double) beta);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.sameShape(name(), prediction, target);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    Tensor abs = prediction.sub(target).abs();
    return beta == 0 ? abs : Huber.piecewise(abs, beta).div(beta);
  }
}
