package dev.stratum.layers.regularization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Max-norm on every backend present: vectors within the bound keep their exact bits; larger ones
 * end with norm c to float32 rounding (1e-6 relative) and their direction unchanged.
 */
class MaxNormTest {

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void clampsEachDenseRowToTheBound(String name) {
    Backend b = Backends.get(name);
    // rows with norms 0.5 (kept), 5 (3-4-0 triangle, clamped), 2 exactly (kept: not above c)
    float[] values = {0.3f, 0.4f, 0, 3, 4, 0, 2, 0, 0};
    try (TensorScope scope = TensorScope.open()) {
      TinyDense dense = new TinyDense(Tensor.of(b, values, 3, 3), Tensor.vector(b, 10, -10, 10));
      new MaxNorm(2f).apply(dense);
      float[] w = dense.weight.toArray();
      assertThat(new float[] {w[0], w[1], w[2]}).containsExactly(0.3f, 0.4f, 0f);
      assertThat(new float[] {w[6], w[7], w[8]}).containsExactly(2f, 0f, 0f);
      assertThat(w[3]).isCloseTo(1.2f, within(1.2e-6f)); // 3·2/5
      assertThat(w[4]).isCloseTo(1.6f, within(1.6e-6f)); // 4·2/5
      assertThat(Math.hypot(w[3], w[4])).isCloseTo(2.0, within(2e-6));
      // a bias (rank 1) is never constrained
      assertThat(dense.bias.toArray()).containsExactly(10f, -10f, 10f);
      // the weight is still the same trainable leaf
      assertThat(dense.weight.requiresGrad()).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void clampsEachConvolutionFilter(String name) {
    Backend b = Backends.get(name);
    // [out 2, in 1, 2, 2]: filter 0 all 1 (norm 2), filter 1 all 0.1 (norm 0.2)
    float[] values = {1, 1, 1, 1, 0.1f, 0.1f, 0.1f, 0.1f};
    try (TensorScope scope = TensorScope.open()) {
      Tensor w = Tensor.of(b, values, 2, 1, 2, 2).requiresGrad(true);
      new MaxNorm(1f).clamp(w);
      float[] out = w.toArray();
      for (int i = 0; i < 4; i++) {
        assertThat(out[i]).isCloseTo(0.5f, within(1e-6f));
        assertThat(out[4 + i]).isEqualTo(0.1f);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void runsAfterTheOptimizerStepAsACallbackAndHonoursItsFilter(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      TinyDense dense = new TinyDense(Tensor.of(b, new float[] {6, 8}, 1, 2), Tensor.zeros(b, 1));
      Callback callback = new MaxNorm(1f);
      callback.onBatchEnd(context(dense), 1, 0.5, 32);
      assertThat(dense.weight.toArray()).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
      TinyDense other = new TinyDense(Tensor.of(b, new float[] {6, 8}, 1, 2), Tensor.zeros(b, 1));
      new MaxNorm(1f, n -> !n.equals("weight")).apply(other);
      assertThat(other.weight.toArray()).containsExactly(6f, 8f);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void mistakesAreNamed(String name) {
    Backend b = Backends.get(name);
    assertThatThrownBy(() -> new MaxNorm(0f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max-norm: the bound must be finite and positive, got 0.0");
    try (TensorScope scope = TensorScope.open()) {
      assertThatThrownBy(() -> new MaxNorm(1f).clamp(Tensor.zeros(b, 3)))
          .hasMessage("max-norm: needs a weight of rank 2 or more ([out, in, ...]), got shape [3]");
    }
  }

  static TrainingContext context(Layer model) {
    return new TrainingContext() {
      @Override
      public Layer model() {
        return model;
      }

      @Override
      public Optimizer optimizer() {
        throw new UnsupportedOperationException("not needed by max-norm");
      }

      @Override
      public long step() {
        return 1;
      }

      @Override
      public List<Map<String, Double>> history() {
        return List.of();
      }

      @Override
      public void requestStop(String reason) {}
    };
  }
}
