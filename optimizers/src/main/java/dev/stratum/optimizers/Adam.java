package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba 2015) with bias-corrected moments, and its AMSGrad variant (Reddi, Kale
 * &amp; Kumar 2018):
 *
 * <pre>
 * m ← β₁·m + (1 − β₁)·g          m̂ = m / (1 − β₁ᵗ)
 * v ← β₂·v + (1 − β₂)·g²         v̂ = v / (1 − β₂ᵗ)
 * AMSGrad: v_max ← max(v_max, v), and v_max replaces v in v̂
 * θ ← θ − η·m̂ / (√v̂ + ε)
 * </pre>
 *
 * {@code t} is the parameter's own step count. AMSGrad takes the maximum of the raw {@code v} and
 * bias-corrects the maximum with the current {@code t}, as PyTorch does (the paper's algorithm has
 * no bias correction at all). The update is computed as {@code θ ← θ − (η/(1 − β₁ᵗ))·m / (√v / √(1
 * − β₂ᵗ) + ε)}, which is the formula above rearranged. State slots {@code "m"}, {@code "v"} and
 * {@code "v_max"} (AMSGrad).
 */
public class Adam extends AbstractOptimizer {

  /** The default learning rate of the paper. */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;

  private final double beta1;
  private final double beta2;
  private final float epsilon;
  private final boolean amsgrad;

  /** Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
  public Adam(Map<String, Tensor> parameters, double learningRate) {
    this(oneGroup(parameters, learningRate), 0.9, 0.999, 1e-8, false, WeightDecay.L2);
  }

  /**
   * @param amsgrad use AMSGrad's running maximum of {@code v}
   * @param weightDecay {@link WeightDecay#L2} for Adam's classic L2, {@link WeightDecay#DECOUPLED}
   *     for AdamW
   */
  public Adam(
      List<ParameterGroup> groups,
      double beta1,
      double beta2,
      double epsilon,
      boolean amsgrad,
      WeightDecay weightDecay) {
    super(groups, weightDecay, amsgrad ? List.of("m", "v", "v_max") : List.of("m", "v"));
    this.beta1 = Check.inRange(kind(), "beta1", beta1, 0, 1);
    this.beta2 = Check.inRange(kind(), "beta2", beta2, 0, 1);
    this.epsilon = (float) Check.positive(kind(), "epsilon", epsilon);
    this.amsgrad = amsgrad;
  }

  /** Whether this is AMSGrad. */
  public boolean amsgrad() {
    return amsgrad;
  }

  @Override
  protected void update(Update u) {
    double correction1 = 1 - Math.pow(beta1, u.step());
    double correction2 = 1 - Math.pow(beta2, u.step());
    if (!amsgrad) {
      // the same roundings as the composed form below, in one fused pass where the backend has it
      u.parameter()
          .adamUpdateInPlace(
              u.gradient(),
              u.state("m"),
              u.state("v"),
              beta1,
              beta2,
              (float) (u.learningRate() / correction1),
              (float) (1 / Math.sqrt(correction2)),
              epsilon);
      return;
    }
    Tensor m = Moments.first(u, beta1);
    Tensor v = Moments.second(u, beta2);
    Tensor vMax = u.state("v_max");
    v = vMax.copyFrom(vMax.maximum(v));
    Tensor denominator = v.sqrt().mul((float) (1 / Math.sqrt(correction2))).add(epsilon);
    u.parameter().addScaledInPlace((float) (-u.learningRate() / correction1), m.div(denominator));
  }
}
