package dev.stratum.optimizers.spec;

import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Builds an optimizer by name from a spec; registered in a Guice {@code MapBinder<String,
 * OptimizerFactory>} by {@code OptimizersModule} (a third-party jar adds its own the same way).
 */
public interface OptimizerFactory {

  /** The learning rate used when a spec gives none; NaN when the optimizer needs one (SGD). */
  double defaultLearningRate();

  /**
   * The weight decay of the default group when a spec gives none: 0, except 0.01 for {@code adamw}
   * as in PyTorch.
   */
  default double defaultWeightDecay() {
    return 0;
  }

  /**
   * Builds the optimizer over {@code groups}, reading its own settings ({@code "beta1"}, {@code
   * "momentum"}, ...) from {@code settings}.
   */
  Optimizer create(List<ParameterGroup> groups, Hyperparameters settings);

  /** A factory from a default rate and a function. */
  static OptimizerFactory of(
      double defaultLearningRate,
      BiFunction<List<ParameterGroup>, Hyperparameters, Optimizer> create) {
    return of(defaultLearningRate, 0, create);
  }

  /** A factory from a default rate, a default weight decay and a function. */
  static OptimizerFactory of(
      double defaultLearningRate,
      double defaultWeightDecay,
      BiFunction<List<ParameterGroup>, Hyperparameters, Optimizer> create) {
    return new OptimizerFactory() {
      @Override
      public double defaultLearningRate() {
        return defaultLearningRate;
      }

      @Override
      public double defaultWeightDecay() {
        return defaultWeightDecay;
      }

      @Override
      public Optimizer create(List<ParameterGroup> groups, Hyperparameters settings) {
        return create.apply(groups, settings);
      }
    };
  }
}
