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
   * Builds the optimizer over {@code groups}, reading its own settings ({@code "beta1"}, {@code
   * "momentum"}, ...) from {@code settings}.
   */
  Optimizer create(List<ParameterGroup> groups, Hyperparameters settings);

  /** A factory from a default rate and a function. */
  static OptimizerFactory of(
      double defaultLearningRate,
      BiFunction<List<ParameterGroup>, Hyperparameters, Optimizer> create) {
    return new OptimizerFactory() {
      @Override
      public double defaultLearningRate() {
        return defaultLearningRate;
      }

      @Override
      public Optimizer create(List<ParameterGroup> groups, Hyperparameters settings) {
        return create.apply(groups, settings);
      }
    };
  }
}
