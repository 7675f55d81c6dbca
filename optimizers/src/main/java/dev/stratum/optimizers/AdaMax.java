package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * AdaMax (Kingma &amp; Ba 2015, section 7.1), Adam with the infinity norm:
 *
 * <pre>
 * m ← β₁·m + (1 − β₁)·g
 * u ← max(β₂·u, |g| + ε)
 * θ ← θ − (η / (1 − β₁ᵗ))·m / u
 * </pre>
 *
 * The ε (not in the paper) keeps {@code u} positive when a gradient is exactly zero from the start,
 * as in PyTorch. State slots {@code "m"} and {@code "u"}.
 */
public final class AdaMax extends AbstractOptimizer {

  /** The paper's default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 2e-3;

  private final double beta1;
  private final float beta2;
  private final float epsilon;

  /** AdaMax with β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
  public AdaMax(Map<String, Tensor> parameters, double learningRate) {
    this(oneGroup(parameters, learningRate), 0.9, 0.999, 1e-8, WeightDecay.L2);
  }

  public AdaMax(
      List<ParameterGroup> groups,
      double beta1,
      double beta2,
      double epsilon,
      WeightDecay weightDecay) {
    super(groups, weightDecay, List.of("m", "u"));
    this.beta1 = Check.inRange("AdaMax", "beta1", beta1, 0, 1);
    this.beta2 = (float) Check.inRange("AdaMax", "beta2", beta2, 0, 1);
    this.epsilon = (float) Check.positive("AdaMax", "epsilon", epsilon);
  }

  @Override
  protected void update(Update u) {
    Tensor m = Moments.first(u, beta1);
    Tensor norm = u.state("u");
    norm.copyFrom(norm.mul(beta2).maximum(u.gradient().abs().add(epsilon)));
    double correction1 = 1 - Math.pow(beta1, u.step());
    u.parameter().addScaledInPlace((float) (-u.learningRate() / correction1), m.div(norm));
  }
}
