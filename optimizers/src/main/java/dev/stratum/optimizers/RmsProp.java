package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RMSProp (Hinton's Coursera lecture 6e), optionally centered (Graves 2013) and with momentum, in
 * PyTorch's arrangement:
 *
 * <pre>
 * E[g²] ← α·E[g²] + (1 − α)·g²
 * centered: ḡ ← α·ḡ + (1 − α)·g,  d = √max(E[g²] − ḡ², 0) + ε    otherwise d = √E[g²] + ε
 * momentum μ > 0: b ← μ·b + g/d,  θ ← θ − η·b                     otherwise θ ← θ − η·g/d
 * </pre>
 *
 * The {@code max(…, 0)} only guards against rounding (the difference is a variance). State slots
 * {@code "square_avg"}, {@code "grad_avg"} (centered) and {@code "momentum"} (μ &gt; 0).
 *
 * <pre>{@code
 * RmsProp rmsProp = RmsProp.builder().parameters(model.parameters())
 *     .lr(0.01).alpha(0.99).eps(1e-8).momentum(0.9).centered(true).build();
 * }</pre>
 *
 * Defaults are PyTorch's: lr 0.01, alpha 0.99, eps 1e-8, momentum 0, not centered.
 */
public final class RmsProp extends AbstractOptimizer implements HasMomentum {

  /** PyTorch's default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 1e-2;

  private final float alpha;
  private final float epsilon;
  private float momentum;
  private final boolean withMomentum;
  private final boolean centered;

  /** RMSProp with α = 0.99, ε = 1e-8, no momentum, not centered. */
  public RmsProp(Map<String, Tensor> parameters, double learningRate) {
    this(builder().parameters(parameters).lr(learningRate));
  }

  /**
   * @deprecated positional doubles are easy to swap: use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public RmsProp(
      List<ParameterGroup> groups,
      double alpha,
      double epsilon,
      double momentum,
      boolean centered,
      WeightDecay weightDecay) {
    this(
        builder()
            .groups(groups)
            .alpha(alpha)
            .eps(epsilon)
            .momentum(momentum)
            .centered(centered)
            .weightDecayMode(weightDecay));
  }

  private RmsProp(Builder b) {
    super(
        b.resolvedGroups(),
        b.resolvedWeightDecayMode(),
        slots(b.momentum, b.centered),
        b.resolvedMaximize());
    this.alpha = (float) Check.inRange("RmsProp", "alpha", b.alpha, 0, 1);
    this.epsilon = (float) Check.positive("RmsProp", "epsilon", b.eps);
    this.momentum = (float) Check.inRange("RmsProp", "momentum", b.momentum, 0, 1);
    this.withMomentum = b.momentum > 0;
    this.centered = b.centered;
  }

  /** A builder with PyTorch's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** RMSProp's options. */
  public static final class Builder extends AbstractOptimizer.Builder<Builder, RmsProp> {
    private double alpha = 0.99;
    private double eps = 1e-8;
    private double momentum;
    private boolean centered;

    private Builder() {
      super("RmsProp", DEFAULT_LEARNING_RATE, 0, WeightDecay.L2);
    }

    /** α, the decay of the mean square (PyTorch's {@code alpha}; default 0.99). */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /** ε (PyTorch's {@code eps}; default 1e-8). */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /** μ (PyTorch's {@code momentum}; default 0). */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** Graves's centered variant (PyTorch's {@code centered}; default false). */
    public Builder centered(boolean centered) {
      this.centered = centered;
      return this;
    }

    @Override
    public RmsProp build() {
      return new RmsProp(this);
    }
  }

  @Override
  public double momentum() {
    return momentum;
  }

  /** Sets μ for the next steps; the optimizer must have been built with momentum &gt; 0. */
  @Override
  public void momentum(double value) {
    if (!withMomentum) {
      throw new IllegalArgumentException(
          "RmsProp: built without momentum (0), so it keeps no momentum buffer to cycle; build it"
              + " with momentum > 0, or do not cycle momentum");
    }
    this.momentum = (float) Check.inRange("RmsProp", "momentum", value, 0, 1);
  }

  private static List<String> slots(double momentum, boolean centered) {
    List<String> slots = new ArrayList<>(List.of("square_avg"));
    if (centered) {
      slots.add("grad_avg");
    }
    if (momentum > 0) {
      slots.add("momentum");
    }
    return slots;
  }

  @Override
  protected void update(Update u) {
    Tensor g = u.gradient();
    Tensor squareAvg =
        u.state("square_avg").mulInPlace(alpha).addScaledInPlace(1 - alpha, g.square());
    Tensor denominator;
    if (centered) {
      Tensor gradAvg = u.state("grad_avg").mulInPlace(alpha).addScaledInPlace(1 - alpha, g);
      denominator = squareAvg.sub(gradAvg.square()).maximum(0f).sqrt().add(epsilon);
    } else {
      denominator = squareAvg.sqrt().add(epsilon);
    }
    float lr = (float) u.learningRate();
    if (withMomentum) {
      Tensor buffer =
          u.state("momentum").mulInPlace(momentum).addScaledInPlace(1f, g.div(denominator));
      u.parameter().addScaledInPlace(-lr, buffer);
    } else {
      u.parameter().addScaledInPlace(-lr, g.div(denominator));
    }
  }
}
