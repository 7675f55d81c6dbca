package dev.stratum.layers.loss;

import dev.stratum.nn.Loss;
import dev.stratum.nn.Reduction;
import java.util.Random;
import java.util.function.Function;

/**
 * One loss, its inputs drawn at random away from kinks and domain edges, and a double-precision
 * re-implementation of its unreduced terms.
 *
 * @param continuousTarget whether the target is a real-valued input whose gradient is checked too
 *     (not for class indices)
 */
record LossCase(
    String name,
    Function<Reduction, Loss> loss,
    int[] predictionShape,
    int[] targetShape,
    Inputs inputs,
    Reference reference,
    boolean continuousTarget) {

  /** Draws {@code [prediction, target]}. */
  @FunctionalInterface
  interface Inputs {
    float[][] draw(Random random);
  }

  /** The unreduced terms, row-major, computed in double. */
  @FunctionalInterface
  interface Reference {
    double[] terms(double[] prediction, double[] target);
  }

  @Override
  public String toString() {
    return name;
  }
}
