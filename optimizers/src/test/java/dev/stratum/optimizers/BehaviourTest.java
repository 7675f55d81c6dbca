package dev.stratum.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties the issue asks to see: decay of Adagrad's rate, Adam's bias correction, skipping. */
class BehaviourTest {

  private static final float[][] ONES = constant(100);

  private static float[][] constant(int steps) {
    float[][] g = new float[steps][];
    for (int i = 0; i < steps; i++) {
      g[i] = new float[] {1f};
    }
    return g;
  }

  // With a constant gradient g = 1, G_t = t, so step t moves θ by η/√t: the rate decays as 1/√t.
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void adagradsEffectiveLearningRateDecaysAsOneOverRootT(String backend) {
    List<float[]> trajectory =
        Steps.run(Backends.get(backend), new float[] {0f}, ONES, p -> new Adagrad(p, 0.1));
    double previous = 0;
    for (int t = 1; t <= 100; t++) {
      double moved = previous - trajectory.get(t - 1)[0];
      previous = trajectory.get(t - 1)[0];
      assertThat(moved).as("step %d", t).isCloseTo(0.1 / Math.sqrt(t), within(1e-6));
    }
  }

  // m̂_t = g and v̂_t = g² for a constant g, so every step moves θ by η·g/(|g| + ε) ≈ η. Without
  // the
  // corrections the first step would be η·(1 − β₁)g/(√(1 − β₂)|g|) = η·0.1/0.0316 = 3.16η.
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void adamsBiasCorrectionMakesEarlyStepsTheFullLearningRate(String backend) {
    List<float[]> trajectory =
        Steps.run(Backends.get(backend), new float[] {0f}, constant(10), p -> new Adam(p, 0.01));
    double uncorrectedFirstStep = 0.01 * 0.1 / Math.sqrt(0.001);
    assertThat(-trajectory.get(0)[0]).isCloseTo(0.01f, within(1e-7f));
    assertThat(uncorrectedFirstStep).isGreaterThan(0.03);
    for (int t = 1; t <= 10; t++) {
      assertThat(trajectory.get(t - 1)[0]).as("step %d", t).isCloseTo(-0.01f * t, within(1e-6f));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void aParameterWithoutGradientIsSkippedAndGetsNoState(String backend) {
    Backend b = Backends.get(backend);
    try (Tensor w = Tensor.vector(b, 1f, 2f).requiresGrad(true);
        Tensor frozen = Tensor.vector(b, 3f, 4f).requiresGrad(true);
        Optimizer adam = new Adam(Map.of("w", w, "frozen", frozen), 0.1)) {
      Steps.setGradient(w, new float[] {1f, 1f});
      adam.step();
      assertThat(frozen.toArray()).containsExactly(3f, 4f);
      assertThat(w.toArray()).containsExactly(0.9f, 1.9f);
      Map<String, Tensor> state = adam.state();
      assertThat(state).containsKeys("m.w", "v.w", "step.w").doesNotContainKeys("m.frozen");
      state.values().forEach(Tensor::close);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void eachGroupUsesItsOwnLearningRateAndDecay(String backend) {
    Backend b = Backends.get(backend);
    try (Tensor fast = Tensor.vector(b, 1f).requiresGrad(true);
        Tensor slow = Tensor.vector(b, 1f).requiresGrad(true);
        Optimizer sgd =
            new Sgd(
                List.of(
                    new ParameterGroup(Map.of("fast", fast), 0.5, 0),
                    new ParameterGroup(Map.of("slow", slow), 0.1, 1.0)),
                0,
                false,
                WeightDecay.DECOUPLED)) {
      Steps.setGradient(fast, new float[] {1f});
      Steps.setGradient(slow, new float[] {1f});
      sgd.step();
      assertThat(fast.toArray()[0]).isEqualTo(0.5f); // 1 − 0.5·1
      assertThat(slow.toArray()[0]).isCloseTo(0.8f, within(1e-7f)); // 1·(1 − 0.1·1) − 0.1·1
      sgd.groups().get(0).learningRate(0.25);
      Steps.setGradient(fast, new float[] {1f});
      sgd.step();
      assertThat(fast.toArray()[0]).isEqualTo(0.25f);
    }
  }

  @Test
  void badHyperParametersAreRefusedWithTheirValues() {
    Backend b = Backends.get(TestBackends.names().get(0));
    try (Tensor w = Tensor.vector(b, 1f).requiresGrad(true)) {
      List<ParameterGroup> g = List.of(new ParameterGroup(Map.of("w", w), 0.1, 0));
      assertThatThrownBy(() -> new Adam(g, 1.0, 0.999, 1e-8, false, WeightDecay.L2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Adam: beta1 must be in [0.0, 1.0), got 1.0");
      assertThatThrownBy(() -> new AdamW(g, 0.9, -0.1, 1e-8, false))
          .hasMessage("AdamW: beta2 must be in [0.0, 1.0), got -0.1");
      assertThatThrownBy(() -> new Adagrad(g, 0, 0, WeightDecay.L2))
          .hasMessage("Adagrad: epsilon must be finite and > 0, got 0.0");
      assertThatThrownBy(() -> new Sgd(g, 0, true, WeightDecay.L2))
          .hasMessage("Sgd: Nesterov momentum needs momentum > 0, got 0");
      assertThatThrownBy(() -> new Sgd(g, 1.5, false, WeightDecay.L2))
          .hasMessage("Sgd: momentum must be in [0.0, 1.0), got 1.5");
      assertThatThrownBy(() -> new RmsProp(g, 0.99, 1e-8, Double.NaN, false, WeightDecay.L2))
          .hasMessage("RmsProp: momentum must be in [0.0, 1.0), got NaN");
      assertThatThrownBy(() -> new QhAdam(g, 0.9, 0.999, 1.2, 1, 1e-8, WeightDecay.L2))
          .hasMessageStartingWith("QhAdam: nu1 must be in [0.0, 1.0");
      assertThatThrownBy(() -> new AggMo(g, List.of(), WeightDecay.L2))
          .hasMessage("AggMo: needs at least one damping factor beta");
      assertThatThrownBy(() -> new AggMo(g, List.of(0.0, 1.0), WeightDecay.L2))
          .hasMessage("AggMo: beta 1 must be in [0.0, 1.0), got 1.0");
      assertThatThrownBy(() -> new Nadam(g, 0.9, 0.999, 1e-8, -1, WeightDecay.L2))
          .hasMessage("Nadam: momentum decay must be finite and >= 0, got -1.0");
      assertThatThrownBy(() -> new Adadelta(g, 1.0, 1e-6, WeightDecay.L2))
          .hasMessage("Adadelta: rho must be in [0.0, 1.0), got 1.0");
      assertThatThrownBy(() -> new AdaMax(g, 0.9, 0.999, -1, WeightDecay.L2))
          .hasMessage("AdaMax: epsilon must be finite and > 0, got -1.0");
      assertThatThrownBy(() -> new Sgd(Map.of(), 0.1))
          .hasMessage("Sgd: got no parameters to optimize");
      assertThatThrownBy(
              () ->
                  new Sgd(
                      List.of(
                          new ParameterGroup(Map.of("w", w), 0.1, 0),
                          new ParameterGroup(Map.of("w", w), 0.2, 0)),
                      0,
                      false,
                      WeightDecay.L2))
          .hasMessage("Sgd: parameter name 'w' appears in more than one group");
    }
  }
}
