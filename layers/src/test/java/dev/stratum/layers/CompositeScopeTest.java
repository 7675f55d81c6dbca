package dev.stratum.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TensorScope#composite}, through the composites that use it ({@code gelu}, a dense layer on
 * a 3-D input): without recording only the result survives, with or without an enclosing scope;
 * while recording the intermediates stay for backward.
 */
class CompositeScopeTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";
  private static final float[] X = {-2f, -0.5f, 0f, 0.3f, 1f, 2.5f};

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void withoutRecordingOnlyTheResultSurvives(String name) {
    Backend b = Backends.get(name);
    try (Tensor x = Tensor.of(b, X, 2, 3);
        Dense dense = new Dense(3, 4, LayerOptions.defaults().on(b).seed(3));
        NoGrad ignored = Autograd.noGrad()) {
      int before = b.liveStorages();
      try (Tensor y = x.gelu()) {
        assertThat(b.liveStorages()).isEqualTo(before + 1);
      }
      try (Tensor batch = x.reshape(1, 2, 3);
          Tensor y = dense.forward(batch)) {
        // the reshaped input shares x's storage; only the output is new
        assertThat(y.shape()).containsExactly(1, 2, 4);
        assertThat(b.liveStorages()).isEqualTo(before + 1);
      }
      assertThat(b.liveStorages()).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void insideAScopeTheResultBelongsToThatScope(String name) {
    Backend b = Backends.get(name);
    try (Tensor x = Tensor.of(b, X, 6);
        NoGrad ignored = Autograd.noGrad()) {
      Tensor y;
      try (TensorScope outer = TensorScope.open()) {
        y = x.gelu();
        assertThat(outer.size()).isEqualTo(1);
      }
      assertThat(y.isClosed()).isTrue();
      assertThat(x.isClosed()).isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void whileRecordingTheIntermediatesStayForBackward(String name) {
    Backend b = Backends.get(name);
    int before = b.liveStorages();
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, X, 6).requiresGrad(true);
      int withInput = b.liveStorages();
      Tensor y = x.gelu();
      assertThat(b.liveStorages() - withInput).as("gelu's intermediates").isGreaterThan(1);
      y.sum().backward();
      float[] grad = x.grad().toArray();
      double c = Math.sqrt(2 / Math.PI);
      for (int i = 0; i < X.length; i++) {
        double v = X[i];
        double t = Math.tanh(c * (v + 0.044715 * v * v * v));
        double expected = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * c * (1 + 3 * 0.044715 * v * v);
        assertThat((double) grad[i]).as("d gelu / dx at " + v).isCloseTo(expected, within(1e-5));
      }
    }
    assertThat(b.liveStorages()).isEqualTo(before);
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void onlyWhatTheOpCreatedIsFreed(String name) {
    Backend b = Backends.get(name);
    try (Tensor x = Tensor.of(b, X, 6);
        NoGrad ignored = Autograd.noGrad()) {
      assertThat(TensorScope.composite(() -> x)).isSameAs(x);
      assertThat(x.isClosed()).isFalse();
      Tensor[] kept = new Tensor[1];
      try (Tensor y =
          TensorScope.composite(
              () -> {
                kept[0] = TensorScope.unscoped(x.square());
                return x.neg();
              })) {
        assertThat(kept[0].isClosed()).isFalse();
        assertThat(y.toArray()[0]).isEqualTo(2f);
      }
      kept[0].close();
      int before = b.liveStorages();
      assertThatThrownBy(
              () ->
                  TensorScope.composite(
                      () -> {
                        x.square().exp();
                        throw new IllegalStateException("the op failed");
                      }))
          .hasMessage("the op failed");
      assertThat(b.liveStorages()).isEqualTo(before);
    }
  }
}
