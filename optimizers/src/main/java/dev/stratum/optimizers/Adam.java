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
 *
 * <pre>{@code
 * Adam adam = Adam.builder().parameters(model.parameters())
 *     .lr(1e-3).betas(0.9, 0.999).eps(1e-8).weightDecay(0.01).build();   // L2 weight decay
 * Adam adamW = Adam.builder().parameters(model.parameters())
 *     .weightDecay(0.01).weightDecayMode(WeightDecay.DECOUPLED).build();  // as AdamW.builder()
 * }</pre>
 *
 * Defaults are PyTorch's: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0 (L2), no AMSGrad.
 * β₁ is this optimizer's {@link HasMomentum momentum}, which one-cycle schedules may cycle.
 */
public class Adam extends AbstractOptimizer implements HasMomentum {

  /** The default learning rate of the paper. */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;

  private double beta1;
  private final double beta2;
  private final float epsilon;
  private final boolean amsgrad;

  /** Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
  public Adam(Map<String, Tensor> parameters, double learningRate) {
    this(builder().parameters(parameters).lr(learningRate));
  }

  /**
   * @param amsgrad use AMSGrad's running maximum of {@code v}
   * @param weightDecay {@link WeightDecay#L2} for Adam's classic L2, {@link WeightDecay#DECOUPLED}
   *     for AdamW
   * @deprecated positional doubles are easy to swap: use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public Adam(
      List<ParameterGroup> groups,
      double beta1,
      double beta2,
      double epsilon,
      boolean amsgrad,
      WeightDecay weightDecay) {
    this(
        builder()
            .groups(groups)
            .betas(beta1, beta2)
            .eps(epsilon)
            .amsgrad(amsgrad)
            .weightDecayMode(weightDecay));
  }

  /** From a builder: {@link AdamW} calls this with its own. */
  protected Adam(Builder b) {
    super(
        b.resolvedGroups(),
        b.resolvedWeightDecayMode(),
        b.amsgrad ? List.of("m", "v", "v_max") : List.of("m", "v"),
        b.resolvedMaximize());
    this.beta1 = Check.inRange(kind(), "beta1", b.beta1, 0, 1);
    this.beta2 = Check.inRange(kind(), "beta2", b.beta2, 0, 1);
    this.epsilon = (float) Check.positive(kind(), "epsilon", b.eps);
    this.amsgrad = b.amsgrad;
  }

  /** A builder with PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8, L2 decay 0). */
  public static Builder builder() {
    return new Builder("Adam", 0, WeightDecay.L2, false);
  }

  /** Adam's options; {@link AdamW#builder()} starts one with AdamW's defaults. */
  public static final class Builder extends AbstractOptimizer.Builder<Builder, Adam> {
    private final boolean decoupledOnly;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private boolean amsgrad;

    Builder(String kind, double weightDecay, WeightDecay mode, boolean decoupledOnly) {
      super(kind, DEFAULT_LEARNING_RATE, weightDecay, mode);
      this.decoupledOnly = decoupledOnly;
    }

    /** β₁ and β₂ (PyTorch's {@code betas}). */
    public Builder betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /** ε, added to the root of v̂ (PyTorch's {@code eps}). */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /** AMSGrad's running maximum of {@code v} (PyTorch's {@code amsgrad}). */
    public Builder amsgrad(boolean amsgrad) {
      this.amsgrad = amsgrad;
      return this;
    }

    @Override
    public Adam build() {
      if (!decoupledOnly) {
        return new Adam(this);
      }
      if (resolvedWeightDecayMode() != WeightDecay.DECOUPLED) {
        throw new IllegalArgumentException(
            "AdamW: weight decay is decoupled by definition; for L2 weight decay use"
                + " Adam.builder().weightDecayMode(WeightDecay.L2)");
      }
      return new AdamW(this);
    }
  }

  /** β₁. */
  @Override
  public double momentum() {
    return beta1;
  }

  /** Sets β₁ for the next steps (a one-cycle schedule cycles it). */
  @Override
  public void momentum(double value) {
    this.beta1 = Check.inRange(kind(), "beta1", value, 0, 1);
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
