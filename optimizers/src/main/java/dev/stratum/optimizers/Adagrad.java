package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi, Hazan &amp; Singer 2011): {@code G ← G + g²; θ ← θ − η·g / (√G + ε)}, element by
 * element. The effective rate {@code η/√G} shrinks as squared gradients accumulate: with a constant
 * gradient it falls as {@code η/√t}. ε sits outside the root, as in PyTorch (Keras puts it inside).
 * State slot {@code "sum"}, starting at {@code initialAccumulator}. A learning-rate decay {@code d}
 * (PyTorch's {@code lr_decay}, default 0) divides the rate on step {@code t} by {@code 1 + (t −
 * 1)·d}, counted per parameter as PyTorch does.
 *
 * <pre>{@code
 * Adagrad adagrad = Adagrad.builder().parameters(model.parameters())
 *     .lr(0.01).lrDecay(1e-4).initialAccumulatorValue(0.1).eps(1e-10).build();
 * }</pre>
 *
 * Defaults are PyTorch's: lr 0.01, lr_decay 0, initial_accumulator_value 0, eps 1e-10.
 */
public final class Adagrad extends AbstractOptimizer {

  /** PyTorch's default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 1e-2;

  private final float epsilon;
  private final float initialAccumulator;
  private final double learningRateDecay;

  /** Adagrad with ε = 1e-10 and an accumulator starting at 0. */
  public Adagrad(Map<String, Tensor> parameters, double learningRate) {
    this(builder().parameters(parameters).lr(learningRate));
  }

  /**
   * @deprecated positional doubles are easy to swap: use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public Adagrad(
      List<ParameterGroup> groups,
      double epsilon,
      double initialAccumulator,
      WeightDecay weightDecay) {
    this(
        builder()
            .groups(groups)
            .eps(epsilon)
            .initialAccumulatorValue(initialAccumulator)
            .weightDecayMode(weightDecay));
  }

  /**
   * As above, with PyTorch's {@code lr_decay} {@code d >= 0}.
   *
   * @deprecated positional doubles are easy to swap: use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public Adagrad(
      List<ParameterGroup> groups,
      double epsilon,
      double initialAccumulator,
      double learningRateDecay,
      WeightDecay weightDecay) {
    this(
        builder()
            .groups(groups)
            .eps(epsilon)
            .initialAccumulatorValue(initialAccumulator)
            .lrDecay(learningRateDecay)
            .weightDecayMode(weightDecay));
  }

  private Adagrad(Builder b) {
    super(b.resolvedGroups(), b.resolvedWeightDecayMode(), List.of("sum"), b.resolvedMaximize());
    this.learningRateDecay = Check.nonNegative("Adagrad", "lr_decay", b.lrDecay);
    this.epsilon = (float) Check.positive("Adagrad", "epsilon", b.eps);
    this.initialAccumulator =
        (float) Check.nonNegative("Adagrad", "initial_accumulator_value", b.initialAccumulator);
  }

  /** A builder with PyTorch's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Adagrad's options. */
  public static final class Builder extends AbstractOptimizer.Builder<Builder, Adagrad> {
    private double eps = 1e-10;
    private double initialAccumulator;
    private double lrDecay;

    private Builder() {
      super("Adagrad", DEFAULT_LEARNING_RATE, 0, WeightDecay.L2);
    }

    /** ε, outside the root (PyTorch's {@code eps}; default 1e-10). */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /** Where {@code G} starts (PyTorch's {@code initial_accumulator_value}; default 0). */
    public Builder initialAccumulatorValue(double value) {
      this.initialAccumulator = value;
      return this;
    }

    /** {@code d} (PyTorch's {@code lr_decay}; default 0). */
    public Builder lrDecay(double lrDecay) {
      this.lrDecay = lrDecay;
      return this;
    }

    @Override
    public Adagrad build() {
      return new Adagrad(this);
    }
  }

  @Override
  protected float initialState(String slot) {
    return initialAccumulator;
  }

  @Override
  protected void update(Update u) {
    Tensor g = u.gradient();
    Tensor sum = u.state("sum").addScaledInPlace(1f, g.square());
    double lr = u.learningRate() / (1 + (u.step() - 1) * learningRateDecay);
    u.parameter().addScaledInPlace((float) -lr, g.div(sum.sqrt().add(epsilon)));
  }
}
