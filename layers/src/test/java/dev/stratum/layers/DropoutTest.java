package dev.stratum.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DropoutTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void keepsAboutPAndScalesByOneOverP(String name) {
    Backend b = Backends.get(name);
    int n = 100_000;
    double p = 0.8;
    Dropout dropout = new Dropout(p, new Generator(1));
    try (TensorScope scope = TensorScope.open()) {
      float[] y = dropout.forward(Tensor.ones(b, 100, 1000)).toArray();
      int kept = 0;
      double sum = 0;
      for (float v : y) {
        if (v != 0) {
          kept++;
          assertThat(v).isCloseTo((float) (1 / p), within(1e-6f));
        }
        sum += v;
      }
      // kept ~ Binomial(n, p): sd = sqrt(n·p·(1-p)) ≈ 126; allow 5 sd
      assertThat((double) kept).isCloseTo(n * p, within(5 * Math.sqrt(n * p * (1 - p))));
      // the mean stays 1 (inverted dropout): sd of the mean = sqrt((1-p)/p / n) ≈ 0.0016
      assertThat(sum / n).isCloseTo(1.0, within(5 * Math.sqrt((1 - p) / p / n)));
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void identityInEvalAndSeededInTraining(String name) {
    Backend b = Backends.get(name);
    float[] x = GradientAssert.normal(64, 2);
    try (TensorScope scope = TensorScope.open()) {
      Tensor input = Tensor.of(b, x, 8, 8);
      Dropout first = new Dropout(0.5, new Generator(7));
      Dropout second = new Dropout(0.5, new Generator(7));
      float[] a = first.forward(input).toArray();
      assertThat(second.forward(input).toArray()).containsExactly(a);
      assertThat(first.forward(input).toArray()).isNotEqualTo(a); // a new stream each pass
      first.eval();
      assertThat(first.isTraining()).isFalse();
      assertThat(first.forward(input)).isSameAs(input);
      assertThat(Dropout.keep(1).forward(input)).isSameAs(input);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void gradientIsTheScaledMask(String name) {
    Backend b = Backends.get(name);
    Dropout dropout = new Dropout(0.5, new Generator(3));
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, GradientAssert.normal(50, 4), 5, 10).requiresGrad(true);
      Tensor y = dropout.forward(x);
      y.sum().backward();
      float[] out = y.toArray();
      float[] in = x.toArray();
      float[] grad = x.grad().toArray();
      for (int i = 0; i < grad.length; i++) {
        // kept elements are doubled, dropped ones get no gradient
        assertThat(grad[i]).isEqualTo(out[i] == 0 ? 0f : 2f);
        if (out[i] != 0) {
          assertThat(out[i]).isEqualTo(2 * in[i]);
        }
      }
    }
  }

  @Test
  void argumentsAreTheKeepProbability() {
    assertThat(Dropout.drop(0.2).keepProbability()).isCloseTo(0.8, within(1e-12));
    assertThat(Dropout.keep(0.3).keepProbability()).isEqualTo(0.3);
    assertThatThrownBy(() -> new Dropout(0))
        .hasMessage(
            "Dropout: the keep probability must be in (0, 1], got 0.0 (for a drop probability q"
                + " use Dropout.drop(q))");
    assertThatThrownBy(() -> Dropout.drop(1))
        .hasMessage("Dropout: the drop probability must be in [0, 1), got 1.0");
    assertThat(Dropout.keep(0.75).config()).containsEntry("keepProbability", 0.75);
  }
}
