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
 */
public final class Adadelta extends AbstractOptimizer {

  private final float rho;
  private final float epsilon;

  /** Adadelta with ρ = 0.9, ε = 1e-6 and a learning-rate multiplier of 1. */
  public Adadelta(Map<String, Tensor> parameters) {
    this(oneGroup(parameters, 1.0), 0.9, 1e-6, WeightDecay.L2);
  }

  public Adadelta(List<ParameterGroup> groups, double rho, double epsilon, WeightDecay decay) {
    super(groups, decay, List.of("square_avg", "delta_avg"));
    this.rho = (float) Check.inRange("Adadelta", "rho", rho, 0, 1);
    this.epsilon = (float) Check.positive("Adadelta", "epsilon", epsilon);
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
