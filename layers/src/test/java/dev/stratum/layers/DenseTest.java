package dev.stratum.layers;

import static dev.stratum.layers.GradientAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.activation.Activation;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DenseTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";

  /** {@code act(x·Wᵀ + b)} on the host, in double. */
  private static double[] reference(float[] x, float[] w, float[] b, int n, int in, int out) {
    double[] y = new double[n * out];
    for (int r = 0; r < n; r++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int i = 0; i < in; i++) {
          s += (double) x[r * in + i] * w[o * in + i];
        }
        y[r * out + o] = s;
      }
    }
    return y;
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void forwardIsInputTimesWeightTransposedPlusBias(String name) {
    Backend b = Backends.get(name);
    try (Dense dense = new Dense(5, 3, LayerOptions.defaults().on(b).seed(1));
        TensorScope scope = TensorScope.open()) {
      float[] x = GradientAssert.normal(4 * 5, 2);
      Tensor y = dense.forward(Tensor.of(b, x, 4, 5));
      assertThat(y.shape()).containsExactly(4, 3);
      double[] expected = reference(x, dense.weight().toArray(), dense.bias().toArray(), 4, 5, 3);
      assertClose("dense", y.toArray(), expected, 1e-5);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void handValues(String name) {
    Backend b = Backends.get(name);
    try (Dense dense = new Dense(2, 2, LayerOptions.defaults().on(b));
        TensorScope scope = TensorScope.open()) {
      try (var g = dev.stratum.tensor.Autograd.noGrad()) {
        dense.weight().copyFrom(Tensor.of(b, new float[] {1, 2, 3, 4}, 2, 2));
        dense.bias().copyFrom(Tensor.vector(b, 0.5f, -1f));
      }
      // W = [[1, 2], [3, 4]]: [1, 1]·Wᵀ = [3, 7], plus [0.5, -1] = [3.5, 6]
      assertThat(dense.forward(Tensor.of(b, new float[] {1, 1}, 1, 2)).toArray())
          .containsExactly(3.5f, 6f);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void fusedActivationsMatchSeparateOnes(String name) {
    Backend b = Backends.get(name);
    List<Activation> activations =
        List.of(
            new Activation.ReLU(),
            new Activation.LeakyReLU(0.1),
            new Activation.ELU(0.7),
            new Activation.Sigmoid(),
            new Activation.Tanh(),
            new Activation.Identity(),
            new Activation.Softplus());
    try (Dense dense = new Dense(6, 4, LayerOptions.defaults().on(b).seed(3));
        TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, GradientAssert.normal(3 * 6, 4), 3, 6);
      for (Activation act : activations) {
        float[] fused = dense.forward(x, act).toArray();
        float[] apart = act.forward(dense.forward(x)).toArray();
        double[] expected = new double[apart.length];
        for (int i = 0; i < apart.length; i++) {
          expected[i] = apart[i];
        }
        assertClose("fused " + act, fused, expected, 1e-6);
      }
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void gradientsMatchFiniteDifferences(String name) {
    Backend b = Backends.get(name);
    try (Dense dense = new Dense(4, 3, LayerOptions.defaults().on(b).seed(5))) {
      GradientAssert.check(b, dense, GradientAssert.normal(2 * 4, 6), new int[] {2, 4}, 7);
    }
    try (Dense dense = new Dense(4, 3, LayerOptions.defaults().on(b).seed(5).bias(false))) {
      assertThat(dense.parameters()).containsOnlyKeys("weight");
      GradientAssert.check(b, dense, GradientAssert.normal(2 * 4, 6), new int[] {2, 4}, 7);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void fusedGradientsMatchFiniteDifferences(String name) {
    Backend b = Backends.get(name);
    for (Activation act :
        List.of(new Activation.ReLU(), new Activation.Sigmoid(), new Activation.ELU(1))) {
      try (Sequential model =
          new Sequential(new Dense(4, 3, LayerOptions.defaults().on(b).seed(8)), act)) {
        // inputs on a grid with spacing 0.1 keep x·Wᵀ + b away from the kink at 0 for this seed
        GradientAssert.check(b, model, GradientAssert.distinct(2 * 4, 9), new int[] {2, 4}, 10);
      }
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void acceptsExtraLeadingAxes(String name) {
    Backend b = Backends.get(name);
    try (Dense dense = new Dense(3, 2, LayerOptions.defaults().on(b).seed(11));
        TensorScope scope = TensorScope.open()) {
      float[] x = GradientAssert.normal(2 * 4 * 3, 12);
      Tensor y = dense.forward(Tensor.of(b, x, 2, 4, 3));
      assertThat(y.shape()).containsExactly(2, 4, 2);
      double[] expected = reference(x, dense.weight().toArray(), dense.bias().toArray(), 8, 3, 2);
      assertClose("dense rank 3", y.toArray(), expected, 1e-5);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void pyTorchDefaultInitBoundsAndNames(String name) {
    Backend b = Backends.get(name);
    try (Dense dense = new Dense(100, 50, LayerOptions.defaults().on(b).seed(13))) {
      assertThat(dense.parameters()).containsOnlyKeys("weight", "bias");
      assertThat(dense.parameters().keySet()).containsExactly("weight", "bias");
      assertThat(dense.weight().shape()).containsExactly(50, 100);
      assertThat(dense.weight().requiresGrad()).isTrue();
      float bound = 0.1f; // 1/sqrt(100)
      for (float v : dense.weight().toArray()) {
        assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
      }
      for (float v : dense.bias().toArray()) {
        assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
      }
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void sameSeedSameParameters(String name) {
    Backend b = Backends.get(name);
    try (Dense first = new Dense(7, 5, LayerOptions.defaults().on(b).seed(99));
        Dense second = new Dense(7, 5, LayerOptions.defaults().on(b).seed(99));
        Dense other = new Dense(7, 5, LayerOptions.defaults().on(b).seed(100))) {
      assertThat(first.weight().toArray()).containsExactly(second.weight().toArray());
      assertThat(first.bias().toArray()).containsExactly(second.bias().toArray());
      assertThat(first.weight().toArray()).isNotEqualTo(other.weight().toArray());
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void parametersSurviveTheScopeTheyWereMadeIn(String name) {
    Backend b = Backends.get(name);
    Dense dense;
    try (TensorScope scope = TensorScope.open()) {
      dense = new Dense(2, 2, LayerOptions.defaults().on(b).seed(1));
    }
    assertThat(dense.weight().isClosed()).isFalse();
    dense.close();
    assertThat(dense.weight().isClosed()).isTrue();
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void freesEverythingItAllocates(String name) {
    Backend b = Backends.get(name);
    int before = b.liveStorages();
    try (Sequential model =
        new Sequential(
            new Dense(4, 3, LayerOptions.defaults().on(b)),
            new Activation.ReLU(),
            new Dense(3, 2, LayerOptions.defaults().on(b)))) {
      for (int step = 0; step < 3; step++) {
        try (TensorScope scope = TensorScope.open()) {
          model.forward(Tensor.ones(b, 5, 4)).sum().backward();
        }
      }
      try (var g = dev.stratum.tensor.Autograd.noGrad();
          Tensor in = Tensor.ones(b, 5, 4);
          Tensor out = model.forward(in)) {
        assertThat(out.shape()).containsExactly(5, 2);
      }
    }
    assertThat(b.liveStorages()).isEqualTo(before);
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void shapeErrorsNameTheLayerAndShapes(String name) {
    Backend b = Backends.get(name);
    try (Dense dense = new Dense(784, 256, LayerOptions.defaults().on(b))) {
      assertThatThrownBy(() -> dense.outputShape(32, 100))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Dense(784 -> 256): input [32, 100] does not fit: the last axis has 100 features,"
                  + " not 784");
      assertThatThrownBy(() -> dense.outputShape(784))
          .hasMessageContaining("Dense(784 -> 256): input [784] does not fit");
      try (TensorScope scope = TensorScope.open()) {
        assertThatThrownBy(() -> dense.forward(Tensor.zeros(b, 2, 3)))
            .hasMessageContaining("input [2, 3] does not fit");
      }
    }
    assertThatThrownBy(() -> new Dense(0, 3))
        .hasMessage("Dense: features must be at least 1, got in 0 and out 3");
  }
}
