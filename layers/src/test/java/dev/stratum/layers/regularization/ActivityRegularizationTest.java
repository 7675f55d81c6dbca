package dev.stratum.layers.regularization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Activity penalties and the wrapper layer, on every backend present. */
class ActivityRegularizationTest {

  /** KL(ρ ‖ ρ̂) for one unit, in double. */
  private static double kl(double rho, double mean) {
    return rho * Math.log(rho / mean) + (1 - rho) * Math.log((1 - rho) / (1 - mean));
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void penaltiesMatchHandComputedValues(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor a = Tensor.of(b, new float[] {1, -2, 3, 0}, 2, 2);
      // Σ|a| = 6 and Σa² = 14 over a batch of 2
      assertThat(ActivityPenalty.l1(0.1).of(a).item()).isCloseTo(0.3f, within(1e-6f));
      assertThat(ActivityPenalty.l2(0.1).of(a).item()).isCloseTo(0.7f, within(1e-6f));
      // sigmoid-like activations: both units average 0.3 over the batch; ρ = 0.1, weight 2
      Tensor s = Tensor.of(b, new float[] {0.2f, 0.5f, 0.4f, 0.1f}, 2, 2);
      double expected = 2 * 2 * (0.1 * Math.log(1 / 3.0) + 0.9 * Math.log(0.9 / 0.7));
      assertThat((double) ActivityPenalty.klSparsity(0.1, 2).of(s).item())
          .isCloseTo(expected, within(1e-6));
      // at ρ̂ = ρ the penalty vanishes
      Tensor atTarget = Tensor.full(b, 0.1f, 4, 3);
      assertThat(ActivityPenalty.klSparsity(0.1, 1).of(atTarget).item())
          .isCloseTo(0f, within(1e-6f));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void penaltiesAndGradientsMatchDoubleFormulas(String name) {
    Backend b = Backends.get(name);
    Random random = new Random(11);
    int n = 4;
    int units = 3;
    float[] a = new float[n * units];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (0.1 + 0.8 * random.nextDouble()); // in (0, 1), away from |a|'s kink at 0
    }
    check(b, ActivityPenalty.l1(0.3), a, n, x -> 0.3 * sum(x, Math::abs) / n);
    check(b, ActivityPenalty.l2(0.3), a, n, x -> 0.3 * sum(x, v -> v * v) / n);
    check(
        b,
        ActivityPenalty.klSparsity(0.05, 1.5),
        a,
        n,
        x -> {
          double total = 0;
          for (int j = 0; j < units; j++) {
            double mean = 0;
            for (int s = 0; s < n; s++) {
              mean += x[s * units + j] / n;
            }
            total += kl(0.05, mean);
          }
          return 1.5 * total;
        });
  }

  /**
   * Value within 1e-5 relative; gradient against central differences of the double formula with
   * step 1e-5 (truncation and rounding below 1e-8), within 1e-5 absolute plus 1e-4 relative.
   */
  private static void check(
      Backend b, ActivityPenalty penalty, float[] values, int n, ToDoubleFunction<double[]> f) {
    double[] x = new double[values.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = values[i];
    }
    try (TensorScope scope = TensorScope.open()) {
      Tensor a = Tensor.of(b, values, n, values.length / n).requiresGrad(true);
      Tensor p = penalty.of(a);
      double expected = f.applyAsDouble(x);
      assertThat((double) p.item()).as("%s", penalty).isCloseTo(expected, within(1e-5 * expected));
      p.backward();
      float[] g = a.grad().toArray();
      for (int i = 0; i < x.length; i++) {
        double original = x[i];
        x[i] = original + 1e-5;
        double plus = f.applyAsDouble(x);
        x[i] = original - 1e-5;
        double minus = f.applyAsDouble(x);
        x[i] = original;
        double numeric = (plus - minus) / 2e-5;
        assertThat((double) g[i])
            .as("%s: gradient %d", penalty, i)
            .isCloseTo(numeric, within(1e-5 + 1e-4 * Math.abs(numeric)));
      }
    }
  }

  private static double sum(double[] x, java.util.function.DoubleUnaryOperator op) {
    double total = 0;
    for (double v : x) {
      total += op.applyAsDouble(v);
    }
    return total;
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void wrapperRecordsThePenaltyOfTheLastForwardPass(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      TinyDense inner = TinyDense.create(b, 3, 2);
      ActivityRegularization wrapped = new ActivityRegularization(inner, ActivityPenalty.l2(0.5));
      Tensor x = Tensor.of(b, new float[] {1, 2, 3, -1, 0, 1}, 2, 3);
      Tensor y = wrapped.forward(x);
      float[] direct = inner.forward(x).toArray();
      assertThat(y.toArray()).containsExactly(direct);
      // the penalty as the training loop takes it: 0.5·Σy²/2
      Function<Layer, Tensor> penalty = wrapped.penalty();
      double squares = 0;
      for (float v : direct) {
        squares += v * v;
      }
      Tensor p = penalty.apply(wrapped);
      assertThat((double) p.item()).isCloseTo(0.5 * squares / 2, within(1e-5 * squares));
      // it is differentiable back to the inner weights: d/dW of 0.25·Σ(xWᵀ)² = 0.5·yᵀx
      p.backward();
      float[] g = inner.weight.grad().toArray();
      float[] xs = x.toArray();
      for (int o = 0; o < 2; o++) {
        for (int i = 0; i < 3; i++) {
          double expected = 0.5 * (direct[o] * xs[i] + direct[2 + o] * xs[3 + i]);
          assertThat((double) g[o * 3 + i]).isCloseTo(expected, within(1e-5));
        }
      }
      // a second pass replaces the recorded penalty
      wrapped.forward(Tensor.zeros(b, 1, 3));
      assertThat(wrapped.penalty().apply(wrapped).item()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void wrapperDelegatesToItsLayerAndRoundTripsItsConfig(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      TinyDense inner = TinyDense.create(b, 4, 3);
      ActivityRegularization wrapped =
          new ActivityRegularization(inner, ActivityPenalty.klSparsity(0.05, 3));
      assertThat(wrapped.parameters()).isEqualTo(inner.parameters());
      assertThat(wrapped.parameters()).containsOnlyKeys("weight", "bias");
      assertThat(wrapped.buffers()).isEqualTo(inner.buffers());
      wrapped.eval();
      assertThat(inner.isTraining()).isFalse();
      assertThat(wrapped.isTraining()).isFalse();
      wrapped.train(true);
      assertThat(inner.isTraining()).isTrue();
      assertThat(wrapped.outputShape(7, 4)).containsExactly(7, 3);
      assertThat(wrapped.typeName()).isEqualTo("activity_regularization");
      assertThat(wrapped.config())
          .isEqualTo(
              Map.of(
                  "layer",
                  Map.of("type", "tiny_dense", "config", Map.of("in", 4, "out", 3)),
                  "penalty",
                  Map.of("type", "kl_sparsity", "target", 0.05, "weight", 3.0)));

      Map<String, LayerFactory> registry =
          Guice.createInjector(
                  new RegularizationModule(),
                  binder ->
                      dev.stratum.inject.Registries.registry(binder, LayerFactory.class)
                          .addBinding(TinyDense.TYPE)
                          .toInstance(TinyDense::fromConfig))
              .getInstance(Key.get(new TypeLiteral<Map<String, LayerFactory>>() {}));
      Layer rebuilt = registry.get("activity_regularization").create(b, wrapped.config(), registry);
      assertThat(rebuilt).isInstanceOf(ActivityRegularization.class);
      assertThat(rebuilt.config()).isEqualTo(wrapped.config());
      assertThat(((ActivityRegularization) rebuilt).layer()).isInstanceOf(TinyDense.class);

      wrapped.close();
      assertThat(inner.weight.isClosed()).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void mistakesAreNamed(String name) {
    Backend b = Backends.get(name);
    ActivityRegularization wrapped;
    try (TensorScope scope = TensorScope.open()) {
      wrapped = new ActivityRegularization(TinyDense.create(b, 2, 2), ActivityPenalty.l1(1));
      ActivityRegularization w = wrapped;
      assertThatThrownBy(() -> w.penalty().apply(w))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("activity_regularization around tiny_dense: no forward pass has run yet");
      try (TensorScope step = TensorScope.open()) {
        wrapped.forward(Tensor.ones(b, 1, 2));
      }
      assertThatThrownBy(wrapped::lastPenalty)
          .hasMessage(
              "activity_regularization around tiny_dense: the penalty of the last forward pass"
                  + " was freed with its scope; read it in the same step");
      assertThatThrownBy(
              () ->
                  ActivityRegularization.fromConfig(
                      b,
                      Map.of("layer", Map.of("type", "dense"), "penalty", Map.of("type", "l1")),
                      Map.of()))
          .hasMessage("no layer type 'dense' is registered; known types: []");
    }
    assertThatThrownBy(() -> ActivityPenalty.klSparsity(1.5, 1))
        .hasMessage("activity penalty: the target activation ρ must lie in (0, 1), got 1.5");
    assertThatThrownBy(() -> ActivityPenalty.fromConfig(Map.of("type", "l3")))
        .hasMessage(
            "activity penalty: unknown type \"l3\" in {type=l3}; known: l1, l2, kl_sparsity");
  }
}
