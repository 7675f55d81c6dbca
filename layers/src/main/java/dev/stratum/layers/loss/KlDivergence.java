package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;

/**
 * Discrete Kullback–Leibler divergence of the target distribution from the predicted one, {@code
 * KL(t ‖ p) = Σ t·(log t - log p)}, summed per sample over every axis but the batch (natural log,
 * nats). {@code MEAN} averages over the batch, which is PyTorch's {@code reduction="batchmean"}
 * (the mathematically correct mean; PyTorch's own "mean" divides by the element count) and Keras's
 * {@code KLDivergence}. Both inputs are probabilities ({@code >= 0}; that they sum to 1 is not
 * checked).
 *
 * <p>{@code 0·log 0} counts as 0; logarithms are taken of {@code max(x, FLOOR)} with {@code FLOOR}
 * the smallest normal float, so a zero prediction where the target is positive gives a large finite
 * loss (about 87·t) and no NaN reaches the gradient.
 */
public final class KlDivergence extends ReducingLoss {

  /** The floor under logarithms, {@link Float#MIN_NORMAL}. */
  public static final float FLOOR = Float.MIN_NORMAL;

  /** The mean over the batch. */
  public KlDivergence() {
    this(Reduction.MEAN);
  }

  public KlDivergence(Reduction reduction) {
    super("kl_divergence", reduction);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    checkDistributions(name(), prediction, target);
  }

  static void checkDistributions(String loss, Tensor prediction, Tensor target) {
    LossChecks.rankAtLeast(loss, "prediction", prediction, 2, "[N, ...]");
    LossChecks.sameShape(loss, prediction, target);
  }

  @Override
  protected void valueRules(ValueRules rules, Tensor prediction, Tensor target) {
    distributionRules(rules, prediction, target);
  }

  static void distributionRules(ValueRules rules, Tensor prediction, Tensor target) {
    rules.nonNegative("prediction", prediction).nonNegative("target", target);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    return sumPerSample(divergence(target, prediction));
  }

  /** Element-wise {@code p·(log p - log q)}: the terms of KL(p ‖ q). */
  static Tensor divergence(Tensor p, Tensor q) {
    return p.mul(safeLog(p).sub(safeLog(q)));
  }

  private static Tensor safeLog(Tensor x) {
    return x.maximum(FLOOR).log();
  }
}
