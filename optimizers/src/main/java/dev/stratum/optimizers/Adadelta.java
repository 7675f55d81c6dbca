package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adadelta (Zeiler 2012), which needs no learning rate: the step is the ratio of the RMS of past
 * updates to the RMS of past gradients.
 *
 * <pre>
 * E[g²] ← ρ·E[g²] + (1 − ρ)·g²
 * Δ     = √(E[Δ²] + ε) / √(E[g²] + ε) · g
 * E[Δ²] ← ρ·E[Δ²] + (1 − ρ)·Δ²
 * θ     ← θ − η·Δ
 * </pre>
 *
 * The group's learning rate {@code η} is only a multiplier, 1 by default (Zeiler's rule), as in
 * PyTorch; {@code E[Δ²]} accumulates the unscaled {@code Δ}. State slots {@code "square_avg"}
 * ({@code E[g²]}) and {@code "delta_avg"} ({@code E[Δ²]}).
 *
 * <pre>{@code
 * Adadelta adadelta = Adadelta.builder().parameters(model.parameters()).rho(0.9).eps(1e-6).build();
 * }</pre>
 *
 * Defaults are PyTorch's: lr 1, rho 0.9, eps 1e-6.
 */
public final class Adadelta extends AbstractOptimizer {

  private final float rho;
  private final float epsilon;

  /** Adadelta with ρ = 0.9, ε = 1e-6 and a learning-rate multiplier of 1. */
  public Adadelta(Map<String, Tensor> parameters) {
    this(builder().parameters(parameters));
  }

  /**
   * @deprecated positional doubles are easy to swap: use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public Adadelta(List<ParameterGroup> groups, double rho, double epsilon, WeightDecay decay) {
    this(builder().groups(groups).rho(rho).eps(epsilon).weightDecayMode(decay));
  }

  private Adadelta(Builder b) {
    super(
        b.resolvedGroups(),
        b.resolvedWeightDecayMode(),
        List.of("square_avg", "delta_avg"),
        b.resolvedMaximize());
    this.rho = (float) Check.inRange("Adadelta", "rho", b.rho, 0, 1);
    this.epsilon = (float) Check.positive("Adadelta", "epsilon", b.eps);
  }

  /** A builder with PyTorch's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Adadelta's options. */
  public static final class Builder extends AbstractOptimizer.Builder<Builder, Adadelta> {
    private double rho = 0.9;
    private double eps = 1e-6;

    private Builder() {
      super("Adadelta", 1.0, 0, WeightDecay.L2);
    }

    /** ρ (PyTorch's {@code rho}; default 0.9). */
    public Builder rho(double rho) {
      this.rho = rho;
      return this;
    }

    /** ε (PyTorch's {@code eps}; default 1e-6). */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    @Override
    public Adadelta build() {
      return new Adadelta(this);
    }
  }

  @Override
  protected void update(Update u) {
    Tensor g = u.gradient();
    Tensor squareAvg = u.state("square_avg").mulInPlace(rho).addScaledInPlace(1 - rho, g.square());
    Tensor deltaAvg = u.state("delta_avg");
    Tensor delta = deltaAvg.add(epsilon).sqrt().div(squareAvg.add(epsilon).sqrt()).mul(g);
    deltaAvg.mulInPlace(rho).addScaledInPlace(1 - rho, delta.square());
    u.parameter().addScaledInPlace((float) -u.learningRate(), delta);
  }
}
