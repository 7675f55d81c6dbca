package dev.stratum.crossbackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in CPU backend against the independent scalar test backend: random streams, transfers
 * and a short training run. Gradients flow through {@code to()} back to the source backend.
 */
class CrossBackendTest {

  private final Backend vector = Backends.get("vector");
  private final Backend scalar = Backends.get("scalar");

  @Test
  void sameSeedGivesIdenticalRandomTensors() {
    try (TensorScope scope = TensorScope.open()) {
      Generator a = new Generator(123);
      Generator b = new Generator(123);
      for (int draw = 0; draw < 3; draw++) {
        assertThat(a.normal(vector, 0f, 1f, 1021).toArray())
            .containsExactly(b.normal(scalar, 0f, 1f, 1021).toArray());
        assertThat(a.uniform(vector, -3f, 3f, 7, 11).toArray())
            .containsExactly(b.uniform(scalar, -3f, 3f, 7, 11).toArray());
        assertThat(a.bernoulli(vector, 0.25f, 33).toArray())
            .containsExactly(b.bernoulli(scalar, 0.25f, 33).toArray());
      }
    }
  }

  @Test
  void movingBetweenBackendsRoundTripsExactly() {
    try (TensorScope scope = TensorScope.open()) {
      float[] special = {Float.NaN, Float.POSITIVE_INFINITY, -0f, Float.MIN_VALUE, 1e38f, -7.25f};
      Tensor original = Tensor.of(vector, special, 2, 3);
      Tensor there = original.to(scalar);
      Tensor back = there.to(vector);
      assertThat(there.backend()).isSameAs(scalar);
      assertThat(back.shape()).containsExactly(2, 3);
      float[] values = back.toArray();
      for (int i = 0; i < special.length; i++) {
        assertThat(Float.floatToRawIntBits(values[i]))
            .isEqualTo(Float.floatToRawIntBits(special[i]));
      }
    }
  }

  @Test
  void gradientsFlowBackAcrossATransfer() {
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.vector(vector, 1f, -2f, 3f).requiresGrad(true);
      x.to(scalar).square().sum().backward();
      assertThat(x.grad().backend()).isSameAs(vector);
      assertThat(x.grad().toArray()).containsExactly(2f, -4f, 6f);
    }
  }

  @Test
  void mixingBackendsInOneOpIsAnError() {
    try (TensorScope scope = TensorScope.open()) {
      assertThatThrownBy(() -> Tensor.ones(vector, 2).add(Tensor.ones(scalar, 2)))
          .hasMessage(
              "add: tensors live on different backends (vector and scalar); move one"
                  + " first with tensor.to(backend)");
    }
  }

  /**
   * 20 SGD steps of the same network from the same seed. Both backends round every op to float32
   * but may sum in different orders (blocked GEMM, SIMD reductions), so parameters drift apart by
   * rounding only: 1e-4 relative to max(1, |p|) after 20 steps is far above that drift and far
   * below any real disagreement.
   */
  @Test
  void twentyTrainingStepsAgree() {
    float[][] onVector = train(vector);
    float[][] onScalar = train(scalar);
    for (int p = 0; p < onVector.length; p++) {
      for (int i = 0; i < onVector[p].length; i++) {
        assertThat((double) onVector[p][i])
            .as("parameter %d element %d", p, i)
            .isCloseTo(
                onScalar[p][i],
                org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(onScalar[p][i]))));
      }
    }
  }

  private static float[][] train(Backend backend) {
    Generator g = new Generator(7);
    try (TensorScope scope = TensorScope.open()) {
      Tensor w1 = g.uniform(backend, -0.5f, 0.5f, 6, 16).requiresGrad(true);
      Tensor w2 = g.uniform(backend, -0.5f, 0.5f, 16, 3).requiresGrad(true);
      Tensor x = g.normal(backend, 0f, 1f, 32, 6);
      // class = index of the largest of the first three features
      Tensor labels = Tensor.oneHot(x.slice(1, 0, 3).argmax(1, false), 3);
      List<Tensor> parameters = List.of(w1, w2);
      for (int step = 0; step < 20; step++) {
        try (TensorScope stepScope = TensorScope.open()) {
          Tensor loss =
              x.matmul(w1).tanh().matmul(w2).logSoftmax(1).mul(labels).sum().neg().div(32f);
          parameters.forEach(Tensor::zeroGrad);
          loss.backward();
          try (NoGrad off = Autograd.noGrad()) {
            for (Tensor p : parameters) {
              p.addScaledInPlace(-0.3f, p.grad());
            }
          }
        }
      }
      return new float[][] {w1.toArray(), w2.toArray()};
    }
  }
}
