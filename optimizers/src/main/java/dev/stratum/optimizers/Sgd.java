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
 *
 * <pre>{@code
 * Sgd sgd = Sgd.builder().parameters(model.parameters())
 *     .lr(0.1).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
 * }</pre>
 *
 * The learning rate is required; momentum, dampening and weight decay default to 0 (PyTorch's
 * defaults).
 */
public final class Sgd extends AbstractOptimizer implements HasMomentum {

  private float momentum;
  private final boolean withVelocity;
  private final boolean nesterov;
  private final float dampening;

  /** Plain SGD over one group. */
  public Sgd(Map<String, Tensor> parameters, double learningRate) {
    this(builder().parameters(parameters).lr(learningRate));
  }

  /** SGD with classical momentum over one group. */
  public Sgd(Map<String, Tensor> parameters, double learningRate, double momentum) {
    this(builder().parameters(parameters).lr(learningRate).momentum(momentum));
  }

  /**
   * @param momentum {@code γ} in [0, 1); 0 for plain SGD
   * @param nesterov Nesterov's accelerated gradient (needs {@code γ > 0})
   * @deprecated positional arguments are easy to swap: use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public Sgd(
      List<ParameterGroup> groups, double momentum, boolean nesterov, WeightDecay weightDecay) {
    this(
        builder()
            .groups(groups)
            .momentum(momentum)
            .nesterov(nesterov)
            .weightDecayMode(weightDecay));
  }

  /**
   * @param momentum {@code γ} in [0, 1); 0 for plain SGD
   * @param dampening {@code τ} in [0, 1]: the share of the gradient kept out of the velocity
   * @param nesterov Nesterov's accelerated gradient (needs {@code γ > 0} and {@code τ = 0})
   * @deprecated positional doubles are easy to swap: use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public Sgd(
      List<ParameterGroup> groups,
      double momentum,
      double dampening,
      boolean nesterov,
      WeightDecay weightDecay) {
    this(
        builder()
            .groups(groups)
            .momentum(momentum)
            .dampening(dampening)
            .nesterov(nesterov)
            .weightDecayMode(weightDecay));
  }

  private Sgd(Builder b) {
    super(
        b.resolvedGroups(),
        b.resolvedWeightDecayMode(),
        b.momentum > 0 ? List.of("velocity") : List.of(),
        b.resolvedMaximize());
    Check.inRange("Sgd", "momentum", b.momentum, 0, 1);
    if (!(b.dampening >= 0 && b.dampening <= 1)) {
      throw new IllegalArgumentException("Sgd: dampening must lie in [0, 1], got " + b.dampening);
    }
    if (b.nesterov && b.momentum == 0) {
      throw new IllegalArgumentException("Sgd: Nesterov momentum needs momentum > 0, got 0");
    }
    if (b.nesterov && b.dampening != 0) {
      throw new IllegalArgumentException(
          "Sgd: Nesterov momentum needs dampening 0 (as in PyTorch), got " + b.dampening);
    }
    this.momentum = (float) b.momentum;
    this.withVelocity = b.momentum > 0;
    this.nesterov = b.nesterov;
    this.dampening = (float) b.dampening;
  }

  /** A builder; {@code lr} is required, everything else defaults to PyTorch's. */
  public static Builder builder() {
    return new Builder();
  }

  /** SGD's options. */
  public static final class Builder extends AbstractOptimizer.Builder<Builder, Sgd> {
    private double momentum;
    private double dampening;
    private boolean nesterov;

    private Builder() {
      super("Sgd", Double.NaN, 0, WeightDecay.L2);
    }

    /** {@code γ} in [0, 1) (PyTorch's {@code momentum}; default 0). */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** {@code τ} in [0, 1] (PyTorch's {@code dampening}; default 0). */
    public Builder dampening(double dampening) {
      this.dampening = dampening;
      return this;
    }

    /** Nesterov's accelerated gradient (PyTorch's {@code nesterov}; default false). */
    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    @Override
    public Sgd build() {
      return new Sgd(this);
    }
  }

  @Override
  public double momentum() {
    return momentum;
  }

  /** Sets γ for the next steps; the optimizer must have been built with momentum &gt; 0. */
  @Override
  public void momentum(double value) {
    if (!withVelocity) {
      throw new IllegalArgumentException(
          "Sgd: built without momentum (0), so it keeps no velocity to cycle; build it with"
              + " momentum > 0, or do not cycle momentum");
    }
    Check.inRange("Sgd", "momentum", value, 0, 1);
    this.momentum = (float) value;
  }

  @Override
  protected void update(Update u) {
    float lr = (float) u.learningRate();
    if (!withVelocity) {
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
