package dev.stratum.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Drives an optimizer with prescribed gradients and records the parameter after each step. */
public final class Steps {

  private Steps() {}

  /**
   * Runs one step per row of {@code gradients} on a parameter named {@code "w"} starting at {@code
   * theta0}; the gradient of {@code sum(w ⊙ c)} is exactly {@code c}.
   */
  static List<float[]> run(
      Backend backend,
      float[] theta0,
      float[][] gradients,
      Function<Map<String, Tensor>, Optimizer> make) {
    List<float[]> trajectory = new ArrayList<>();
    try (Tensor w = Tensor.vector(backend, theta0).requiresGrad(true);
        Optimizer optimizer = make.apply(Map.of("w", w))) {
      for (float[] g : gradients) {
        setGradient(w, g);
        optimizer.step();
        trajectory.add(w.toArray());
      }
      assertThat(optimizer.iterations()).isEqualTo(gradients.length);
    }
    return trajectory;
  }

  /** Replaces {@code w}'s gradient by {@code g}. */
  public static void setGradient(Tensor w, float[] g) {
    w.zeroGrad();
    try (TensorScope scope = TensorScope.open()) {
      w.mul(Tensor.of(w.backend(), g, w.shape())).sum().backward();
    }
  }

  /** Each step's parameter within {@code 1e-6 + 2e-6·|expected|} of the literal. */
  static void assertTrajectory(List<float[]> actual, float[][] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int s = 0; s < expected.length; s++) {
      for (int i = 0; i < expected[s].length; i++) {
        float e = expected[s][i];
        assertThat(actual.get(s)[i])
            .as("step %d, element %d", s + 1, i)
            .isCloseTo(e, within(1e-6f + 2e-6f * Math.abs(e)));
      }
    }
  }
}
