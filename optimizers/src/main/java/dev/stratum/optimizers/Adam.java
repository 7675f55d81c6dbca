package dev.stratum.optimizers;

import dev.stratum.backend.fused.FusedAdam;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /**
   * One step, through the backend's {@link FusedAdam} where it offers one (plain Adam), else
   * through the composition of tensor ops below, which rounds exactly as {@link FusedAdam} defines:
   * the two paths give the same bits, so whether a backend offers the kernel never changes a model.
   */
  @Override
  protected void update(Update u) {
    FusedAdam.Coefficients c =
        FusedAdam.Coefficients.forStep(beta1, beta2, epsilon, u.learningRate(), u.step());
    Tensor parameter = u.parameter();
    Tensor gradient = u.gradient();
    Tensor m = u.state("m");
    Tensor v = u.state("v");
    Optional<FusedAdam> fused =
        amsgrad ? Optional.empty() : parameter.backend().capability(FusedAdam.class);
    if (fused.isPresent()) {
      FusedAdam kernel = fused.get();
      Tensor.updateInPlace(
          "Adam",
          (s, n) -> kernel.adamUpdate(s[0], s[1], s[2], s[3], n, c),
          parameter,
          gradient,
          m,
          v);
      return;
    }
    m.mulInPlace(c.beta1()).addScaledInPlace(c.oneMinusBeta1(), gradient);
    v.mulInPlace(c.beta2()).addScaledInPlace(c.oneMinusBeta2(), gradient.square());
    if (amsgrad) {
      Tensor vMax = u.state("v_max");
      v = vMax.copyFrom(vMax.maximum(v));
    }
    Tensor denominator = v.sqrt().mul(c.vScale()).add(c.epsilon());
    parameter.addScaledInPlace(-c.stepSize(), m.div(denominator));
  }
}
