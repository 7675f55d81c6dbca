package dev.stratum.layers.regularization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.nn.Layer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** L1 and L2 penalties on every backend present; float32 sums of a few terms, 1e-6 tolerances. */
class WeightPenaltyTest {

  private static TinyDense layer(Backend b) {
    // weight [[1, -2], [3, -0.5]], bias [0.5, -1]
    return new TinyDense(
        Tensor.of(b, new float[] {1, -2, 3, -0.5f}, 2, 2), Tensor.vector(b, 0.5f, -1));
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void penaltiesMatchHandComputedSums(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      TinyDense dense = layer(b);
      // Σ|w| over all = 1 + 2 + 3 + 0.5 + 0.5 + 1 = 8; Σw² = 1 + 4 + 9 + 0.25 + 0.25 + 1 = 15.5
      assertThat(WeightPenalty.l1(0.1).apply(dense).item()).isCloseTo(0.8f, within(1e-6f));
      assertThat(WeightPenalty.l2(0.1).apply(dense).item()).isCloseTo(1.55f, within(1e-6f));
      assertThat(WeightPenalty.l1l2(0.1, 0.01).apply(dense).item())
          .isCloseTo(0.8f + 0.155f, within(1e-6f));
      // weights only: Σ|w| = 6.5, Σw² = 14.25
      WeightPenalty weights = WeightPenalty.l2(1).only(WeightPenalty.weightsOnly());
      assertThat(weights.apply(dense).item()).isCloseTo(14.25f, within(1e-5f));
      assertThat(WeightPenalty.l1(1).only(WeightPenalty.weightsOnly()).apply(dense).item())
          .isCloseTo(6.5f, within(1e-6f));
      // a parameter group and the Function<Layer, Tensor> form the training loop takes
      ParameterGroup group = new ParameterGroup(Map.of("0.weight", dense.weight), 0.1, 0);
      assertThat(weights.penalty(group).item()).isCloseTo(14.25f, within(1e-5f));
      Function<Layer, Tensor> asFunction = WeightPenalty.l2(0.1);
      assertThat(asFunction.apply(dense).rank()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void gradientIsTwoL2WPlusL1SignW(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      TinyDense dense = layer(b);
      WeightPenalty.l1l2(0.3, 0.05).only(WeightPenalty.weightsOnly()).apply(dense).backward();
      float[] w = dense.weight.toArray();
      float[] g = dense.weight.grad().toArray();
      for (int i = 0; i < w.length; i++) {
        // d/dw (0.3|w| + 0.05 w²), also what central differences of that give away from w = 0
        assertThat(g[i]).isCloseTo((float) (0.3 * Math.signum(w[i]) + 0.1 * w[i]), within(1e-6f));
      }
      assertThat(dense.bias.grad()).isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void gradientMatchesCentralDifferences(String name) {
    Backend b = Backends.get(name);
    float[] values = {0.7f, -1.3f, 0.4f, 2.1f, -0.6f, 0.9f};
    double l1 = 0.2;
    double l2 = 0.15;
    double h = 1e-3; // |w| >= 0.4 > h: no difference crosses the kink of |w|
    try (TensorScope scope = TensorScope.open()) {
      Tensor w = Tensor.of(b, values, 2, 3).requiresGrad(true);
      WeightPenalty.l1l2(l1, l2).penalty(Map.of("w", w)).backward();
      float[] g = w.grad().toArray();
      for (int i = 0; i < values.length; i++) {
        double plus = values[i] + h;
        double minus = values[i] - h;
        double numeric =
            (l1 * Math.abs(plus) + l2 * plus * plus - l1 * Math.abs(minus) - l2 * minus * minus)
                / (2 * h);
        assertThat((double) g[i]).isCloseTo(numeric, within(1e-5));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void mistakesAreNamed(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      TinyDense dense = layer(b);
      assertThatThrownBy(() -> WeightPenalty.l2(0.1).only(n -> n.equals("kernel")).apply(dense))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("weight penalty: no parameter is selected among [weight, bias]");
    }
    assertThatThrownBy(() -> WeightPenalty.l1(-0.1))
        .hasMessage("weight penalty: l1 coefficient must be finite and >= 0, got -0.1");
  }
}
