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
 */
public final class Adagrad extends AbstractOptimizer {

  /** PyTorch's default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 1e-2;

  private final float epsilon;
  private final float initialAccumulator;
  private final double learningRateDecay;

  /** Adagrad with ε = 1e-10 and an accumulator starting at 0. */
  public Adagrad(Map<String, Tensor> parameters, double learningRate) {
    this(oneGroup(parameters, learningRate), 1e-10, 0, WeightDecay.L2);
  }

  public Adagrad(
      List<ParameterGroup> groups,
      double epsilon,
      double initialAccumulator,
      WeightDecay weightDecay) {
    this(groups, epsilon, initialAccumulator, 0, weightDecay);
  }

  /** As above, with PyTorch's {@code lr_decay} {@code d >= 0}. */
  public Adagrad(
      List<ParameterGroup> groups,
      double epsilon,
      double initialAccumulator,
      double learningRateDecay,
      WeightDecay weightDecay) {
    super(groups, weightDecay, List.of("sum"));
    this.learningRateDecay = Check.nonNegative("Adagrad", "lr_decay", learningRateDecay);
    this.epsilon = (float) Check.positive("Adagrad", "epsilon", epsilon);
    this.initialAccumulator =
        (float) Check.nonNegative("Adagrad", "initial accumulator", initialAccumulator);
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
