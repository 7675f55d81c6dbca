package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent, optionally with classical momentum or Nesterov's accelerated
 * gradient.
 *
 * <ul>
 *   <li>plain: {@code θ ← θ − η·g};
 *   <li>momentum {@code γ > 0}: {@code v ← γ·v + η·g; θ ← θ − v}. The learning rate sits inside the
 *       velocity, as in Polyak's and Sutskever et al.'s form. PyTorch keeps it outside ({@code b ←
 *       γ·b + g; θ ← θ − η·b}); both agree while {@code η} is constant, but when a schedule changes
 *       {@code η}, here the velocity keeps the old rates' steps and there it is rescaled at once;
 *   <li>Nesterov: the gradient at the look-ahead point {@code θ − γ·v}, in the re-parameterised
 *       form of Bengio, Boulanger-Lewandowski &amp; Pascanu (2013, "Advances in optimizing
 *       recurrent networks") used by Sutskever et al. (2013): the stored parameter is the
 *       look-ahead point {@code Θ = θ − γ·v}, so the gradient is taken where it is evaluated and
 *       the update becomes {@code v ← γ·v + η·g; Θ ← Θ − (γ·v + η·g)} with the new {@code v}.
 * </ul>
 *
 * <p>Dampening τ (PyTorch's {@code dampening}, default 0) scales the gradient entering the velocity
 * from the second step on: {@code v ← γ·v + (1 − τ)·η·g}, the first step taking {@code v = η·g} as
 * PyTorch does. Nesterov needs τ = 0, as in PyTorch.
 *
 * <p>State slot {@code "velocity"} (only when {@code γ > 0}).
 */
public final class Sgd extends AbstractOptimizer {

  private final float momentum;
  private final boolean nesterov;
  private final float dampening;

  /** Plain SGD over one group. */
  public Sgd(Map<String, Tensor> parameters, double learningRate) {
    this(oneGroup(parameters, learningRate), 0, false, WeightDecay.L2);
  }

  /** SGD with classical momentum over one group. */
  public Sgd(Map<String, Tensor> parameters, double learningRate, double momentum) {
    this(oneGroup(parameters, learningRate), momentum, false, WeightDecay.L2);
  }

  /**
   * @param momentum {@code γ} in [0, 1); 0 for plain SGD
   * @param nesterov Nesterov's accelerated gradient (needs {@code γ > 0})
   */
  public Sgd(
      List<ParameterGroup> groups, double momentum, boolean nesterov, WeightDecay weightDecay) {
    this(groups, momentum, 0, nesterov, weightDecay);
  }

  /**
   * @param momentum {@code γ} in [0, 1); 0 for plain SGD
   * @param dampening {@code τ} in [0, 1]: the share of the gradient kept out of the velocity
   * @param nesterov Nesterov's accelerated gradient (needs {@code γ > 0} and {@code τ = 0})
   */
  public Sgd(
      List<ParameterGroup> groups,
      double momentum,
      double dampening,
      boolean nesterov,
      WeightDecay weightDecay) {
    super(groups, weightDecay, momentum > 0 ? List.of("velocity") : List.of());
    Check.inRange("Sgd", "momentum", momentum, 0, 1);
    if (!(dampening >= 0 && dampening <= 1)) {
      throw new IllegalArgumentException("Sgd: dampening must lie in [0, 1], got " + dampening);
    }
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("Sgd: Nesterov momentum needs momentum > 0, got 0");
    }
    if (nesterov && dampening != 0) {
      throw new IllegalArgumentException(
          "Sgd: Nesterov momentum needs dampening 0 (as in PyTorch), got " + dampening);
    }
    this.momentum = (float) momentum;
    this.nesterov = nesterov;
    this.dampening = (float) dampening;
  }

  @Override
  protected void update(Update u) {
    float lr = (float) u.learningRate();
    if (momentum == 0) {
      u.parameter().addScaledInPlace(-lr, u.gradient());
      return;
    }
    float kept = u.step() == 1 ? 1f : 1f - dampening;
    Tensor v = u.state("velocity").mulInPlace(momentum).addScaledInPlace(kept * lr, u.gradient());
    if (nesterov) {
      u.parameter().addScaledInPlace(-momentum, v).addScaledInPlace(-lr, u.gradient());
    } else {
      u.parameter().addScaledInPlace(-1f, v);
    }
  }
}
