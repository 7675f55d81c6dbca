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
public final class AdaMax extends AbstractOptimizer implements HasMomentum {

  /** The paper's default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 2e-3;

  private double beta1;
  private final float beta2;
  private final float epsilon;

  /** AdaMax with β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
  public AdaMax(Map<String, Tensor> parameters, double learningRate) {
    this(builder().parameters(parameters).lr(learningRate));
  }

  /**
   * @deprecated positional doubles are easy to swap: use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public AdaMax(
      List<ParameterGroup> groups,
      double beta1,
      double beta2,
      double epsilon,
      WeightDecay weightDecay) {
    this(builder().groups(groups).betas(beta1, beta2).eps(epsilon).weightDecayMode(weightDecay));
  }

  private AdaMax(Builder b) {
    super(b.resolvedGroups(), b.resolvedWeightDecayMode(), List.of("m", "u"), b.resolvedMaximize());
    this.beta1 = Check.inRange("AdaMax", "beta1", b.beta1, 0, 1);
    this.beta2 = (float) Check.inRange("AdaMax", "beta2", b.beta2, 0, 1);
    this.epsilon = (float) Check.positive("AdaMax", "epsilon", b.eps);
  }

  /** A builder with PyTorch's defaults (lr 0.002, betas (0.9, 0.999), eps 1e-8). */
  public static Builder builder() {
    return new Builder();
  }

  /** AdaMax's options. */
  public static final class Builder extends AbstractOptimizer.Builder<Builder, AdaMax> {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;

    private Builder() {
      super("AdaMax", DEFAULT_LEARNING_RATE, 0, WeightDecay.L2);
    }

    /** β₁ and β₂ (PyTorch's {@code betas}). */
    public Builder betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /** ε (PyTorch's {@code eps}; default 1e-8). */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    @Override
    public AdaMax build() {
      return new AdaMax(this);
    }
  }

  /** β₁. */
  @Override
  public double momentum() {
    return beta1;
  }

  /** Sets β₁ for the next steps. */
  @Override
  public void momentum(double value) {
    this.beta1 = Check.inRange("AdaMax", "beta1", value, 0, 1);
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
