package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;

/**
 * Jensen–Shannon divergence {@code JS(p, t) = ½ KL(p ‖ m) + ½ KL(t ‖ m)} with {@code m = (p + t) /
 * 2}, per sample over every axis but the batch, in nats (so at most ln 2). Symmetric and finite
 * even where one distribution is zero. {@code MEAN} averages over the batch. Inputs as in {@link
 * KlDivergence}.
 */
public final class JensenShannonDivergence extends ReducingLoss {

  /** The mean over the batch. */
  public JensenShannonDivergence() {
    this(Reduction.MEAN);
  }

  public JensenShannonDivergence(Reduction reduction) {
    super("js_divergence", reduction);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    KlDivergence.checkDistributions(name(), prediction, target);
  }

  @Override
  protected void valueRules(ValueRules rules, Tensor prediction, Tensor target) {
    KlDivergence.distributionRules(rules, prediction, target);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    Tensor m = prediction.add(target).mul(0.5f);
    Tensor both = KlDivergence.divergence(prediction, m).add(KlDivergence.divergence(target, m));
    return sumPerSample(both).mul(0.5f);
  }
}
