package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * QHAdam (Ma &amp; Yarats 2019, "Quasi-hyperbolic momentum and Adam for deep learning"): Adam whose
 * numerator and denominator each mix the current gradient with the bias-corrected moment,
 *
 * <pre>
 * m ← β₁·m + (1 − β₁)·g,   m̂ = m/(1 − β₁ᵗ);     v ← β₂·v + (1 − β₂)·g²,   v̂ = v/(1 − β₂ᵗ)
 * θ ← θ − η·[(1 − ν₁)·g + ν₁·m̂] / (√[(1 − ν₂)·g² + ν₂·v̂] + ε)
 * </pre>
 *
 * ν₁ = ν₂ = 1 is Adam. Defaults are the paper's recommendation (β₁ = 0.995, β₂ = 0.999, ν₁ = 0.7,
 * ν₂ = 1). State slots {@code "m"} and {@code "v"}.
 */
public final class QhAdam extends AbstractOptimizer implements HasMomentum {

  private double beta1;
  private final double beta2;
  private final double nu1;
  private final double nu2;
  private final float epsilon;

  /** QHAdam with the paper's recommended β₁ = 0.995, β₂ = 0.999, ν₁ = 0.7, ν₂ = 1, ε = 1e-8. */
  public QhAdam(Map<String, Tensor> parameters, double learningRate) {
    this(builder().parameters(parameters).lr(learningRate));
  }

  /**
   * @deprecated positional doubles are easy to swap: use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public QhAdam(
      List<ParameterGroup> groups,
      double beta1,
      double beta2,
      double nu1,
      double nu2,
      double epsilon,
      WeightDecay weightDecay) {
    this(
        builder()
            .groups(groups)
            .betas(beta1, beta2)
            .nus(nu1, nu2)
            .eps(epsilon)
            .weightDecayMode(weightDecay));
  }

  private QhAdam(Builder b) {
    super(b.resolvedGroups(), b.resolvedWeightDecayMode(), List.of("m", "v"), b.resolvedMaximize());
    this.beta1 = Check.inRange("QhAdam", "beta1", b.beta1, 0, 1);
    this.beta2 = Check.inRange("QhAdam", "beta2", b.beta2, 0, 1);
    this.nu1 = Check.inRange("QhAdam", "nu1", b.nu1, 0, Math.nextUp(1.0));
    this.nu2 = Check.inRange("QhAdam", "nu2", b.nu2, 0, Math.nextUp(1.0));
    this.epsilon = (float) Check.positive("QhAdam", "epsilon", b.eps);
  }

  /** A builder with the paper's recommendation (lr 1e-3, betas (0.995, 0.999), nus (0.7, 1)). */
  public static Builder builder() {
    return new Builder();
  }

  /** QHAdam's options (named as in the {@code torch-optimizer} package's {@code QHAdam}). */
  public static final class Builder extends AbstractOptimizer.Builder<Builder, QhAdam> {
    private double beta1 = 0.995;
    private double beta2 = 0.999;
    private double nu1 = 0.7;
    private double nu2 = 1.0;
    private double eps = 1e-8;

    private Builder() {
      super("QhAdam", 1e-3, 0, WeightDecay.L2);
    }

    /** β₁ and β₂ ({@code betas}). */
    public Builder betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /** ν₁ and ν₂ in [0, 1] ({@code nus}). */
    public Builder nus(double nu1, double nu2) {
      this.nu1 = nu1;
      this.nu2 = nu2;
      return this;
    }

    /** ε ({@code eps}; default 1e-8). */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    @Override
    public QhAdam build() {
      return new QhAdam(this);
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
    this.beta1 = Check.inRange("QhAdam", "beta1", value, 0, 1);
  }

  @Override
  protected void update(Update u) {
    Tensor g = u.gradient();
    Tensor m = Moments.first(u, beta1);
    Tensor v = Moments.second(u, beta2);
    double correction1 = 1 - Math.pow(beta1, u.step());
    double correction2 = 1 - Math.pow(beta2, u.step());
    Tensor numerator = m.mul((float) (nu1 / correction1)).add(g.mul((float) (1 - nu1)));
    Tensor denominator =
        v.mul((float) (nu2 / correction2))
            .add(g.square().mul((float) (1 - nu2)))
            .sqrt()
            .add(epsilon);
    u.parameter().addScaledInPlace((float) -u.learningRate(), numerator.div(denominator));
  }
}
