package dev.stratum.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.optimizers.spec.OptimizerSpec;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The builders' named options, their defaults, {@code maximize} and AdamW's weight decay. */
class BuildersTest {

  private static final float[] THETA0 = {1f, -0.5f};
  private static final float[][] GRADIENTS = {{0.5f, -1f}, {0.25f, 2f}, {-1f, 0.5f}};
  private static final float[][] NEGATED = {{-0.5f, 1f}, {-0.25f, -2f}, {1f, -0.5f}};

  private static Backend backend() {
    return Backends.get(TestBackends.names().get(0));
  }

  // PyTorch's order: negate, then add λθ. θ₀ = 1, g = 0.5, η = 0.1, λ = 0.1:
  // g' = −0.5 + 0.1·1 = −0.4, θ₁ = 1 − 0.1·(−0.4) = 1.04; with momentum 0.9 the second step
  // (g = 0.25 at θ₁): g' = −0.25 + 0.104 = −0.146, v = 0.9·(−0.04) + 0.1·(−0.146) = −0.0506,
  // θ₂ = 1.04 + 0.0506 = 1.0906
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void maximizedSgdStepsUpTheGradientByHand(String backend) {
    List<float[]> trajectory =
        Steps.run(
            Backends.get(backend),
            new float[] {1f},
            new float[][] {{0.5f}, {0.25f}},
            p ->
                Sgd.builder()
                    .parameters(p)
                    .lr(0.1)
                    .momentum(0.9)
                    .weightDecay(0.1)
                    .maximize(true)
                    .build());
    Steps.assertTrajectory(trajectory, new float[][] {{1.04f}, {1.0906f}});
  }

  // Adam's first step is η·ĝ/(|ĝ| + ε) ≈ η·sign(g'): with maximize and L2 0.1, g' = −0.5 + 0.1 =
  // −0.4, so θ₁ = 1 + 0.1·0.4/(0.4 + 1e-8) = 1.0999999975
  @Test
  void maximizedAdamStepsUpByHand() {
    List<float[]> trajectory =
        Steps.run(
            backend(),
            new float[] {1f},
            new float[][] {{0.5f}},
            p -> Adam.builder().parameters(p).lr(0.1).weightDecay(0.1).maximize(true).build());
    Steps.assertTrajectory(trajectory, new float[][] {{1.1f}});
  }

  /** Every optimizer's builder with {@code maximize}, and the same without it. */
  static List<Function<Boolean, Function<Map<String, Tensor>, Optimizer>>> everyOptimizer() {
    return List.of(
        m -> p -> Sgd.builder().parameters(p).lr(0.1).momentum(0.5).maximize(m).build(),
        m -> p -> Adagrad.builder().parameters(p).maximize(m).build(),
        m -> p -> Adadelta.builder().parameters(p).maximize(m).build(),
        m -> p -> RmsProp.builder().parameters(p).momentum(0.5).maximize(m).build(),
        m -> p -> Adam.builder().parameters(p).amsgrad(true).maximize(m).build(),
        m -> p -> AdamW.builder().parameters(p).maximize(m).build(),
        m -> p -> AdaMax.builder().parameters(p).maximize(m).build(),
        m -> p -> Nadam.builder().parameters(p).maximize(m).build(),
        m -> p -> QhAdam.builder().parameters(p).maximize(m).build(),
        m -> p -> AggMo.builder().parameters(p).maximize(m).build());
  }

  // maximize(f) is minimize(−f): the same bits as descending on the negated gradients
  @ParameterizedTest
  @MethodSource("everyOptimizer")
  void maximizeOnGradientsIsMinimizeOnTheirNegation(
      Function<Boolean, Function<Map<String, Tensor>, Optimizer>> make) {
    List<float[]> up = Steps.run(backend(), THETA0, GRADIENTS, make.apply(true));
    List<float[]> down = Steps.run(backend(), THETA0, NEGATED, make.apply(false));
    for (int s = 0; s < up.size(); s++) {
      assertThat(up.get(s)).as("step %d", s + 1).containsExactly(down.get(s));
    }
  }

  @Test
  void adamWDefaultsToPyTorchsWeightDecayAndAdamToNone() {
    try (Tensor w = Tensor.zeros(backend(), 2).requiresGrad(true);
        Adam built = AdamW.builder().parameters(Map.of("w", w)).build();
        AdamW constructed = new AdamW(Map.of("w", w), 1e-3);
        Adam adam = Adam.builder().parameters(Map.of("w", w)).build();
        Optimizer fromSpec =
            OptimizerSpec.builtIn()
                .build("{\"optimizer\": \"adamw\"}", Map.of("w", w))
                .optimizer()) {
      assertThat(built).isInstanceOf(AdamW.class);
      assertThat(built.groups().get(0).weightDecay()).isEqualTo(0.01);
      assertThat(built.weightDecayMode()).isEqualTo(WeightDecay.DECOUPLED);
      assertThat(constructed.groups().get(0).weightDecay()).isEqualTo(0.01);
      assertThat(fromSpec.groups().get(0).weightDecay()).isEqualTo(0.01);
      assertThat(adam.groups().get(0).weightDecay()).isZero();
      assertThat(adam.weightDecayMode()).isEqualTo(WeightDecay.L2);
    }
  }

  // Adam with decoupled decay is AdamW: both builders take the mode the same way
  @Test
  void adamWithDecoupledDecayStepsAsAdamW() {
    List<float[]> adam =
        Steps.run(
            backend(),
            THETA0,
            GRADIENTS,
            p ->
                Adam.builder()
                    .parameters(p)
                    .lr(0.1)
                    .weightDecay(0.05)
                    .weightDecayMode(WeightDecay.DECOUPLED)
                    .build());
    List<float[]> adamW =
        Steps.run(
            backend(),
            THETA0,
            GRADIENTS,
            p -> AdamW.builder().parameters(p).lr(0.1).weightDecay(0.05).build());
    for (int s = 0; s < adam.size(); s++) {
      assertThat(adam.get(s)).containsExactly(adamW.get(s));
    }
  }

  @SuppressWarnings("deprecation")
  @Test
  void theDeprecatedConstructorsBuildWhatTheBuildersBuild() {
    List<float[]> constructed =
        Steps.run(
            backend(),
            THETA0,
            GRADIENTS,
            p ->
                new RmsProp(
                    List.of(new ParameterGroup(p, 0.01, 0.1)),
                    0.9,
                    1e-6,
                    0.5,
                    true,
                    WeightDecay.L2));
    List<float[]> built =
        Steps.run(
            backend(),
            THETA0,
            GRADIENTS,
            p ->
                RmsProp.builder()
                    .parameters(p)
                    .lr(0.01)
                    .weightDecay(0.1)
                    .alpha(0.9)
                    .eps(1e-6)
                    .momentum(0.5)
                    .centered(true)
                    .build());
    for (int s = 0; s < built.size(); s++) {
      assertThat(built.get(s)).containsExactly(constructed.get(s));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "both", "groupsAndLr", "sgdWithoutLr", "adamWL2"})
  void badBuildsSayWhatIsWrong(String mistake) {
    try (Tensor w = Tensor.zeros(backend(), 2).requiresGrad(true)) {
      Map<String, Tensor> p = Map.of("w", w);
      List<ParameterGroup> groups = List.of(new ParameterGroup(p, 0.1, 0));
      switch (mistake) {
        case "none" ->
            assertThatThrownBy(() -> Adam.builder().build())
                .hasMessage(
                    "Adam: no parameters given; call parameters(model.parameters()) or"
                        + " groups(...)");
        case "both" ->
            assertThatThrownBy(() -> Adam.builder().parameters(p).groups(groups).build())
                .hasMessage("Adam: give either parameters(...) or groups(...), not both");
        case "groupsAndLr" ->
            assertThatThrownBy(() -> Sgd.builder().groups(groups).lr(0.5).build())
                .hasMessageStartingWith("Sgd: with groups(...) each ParameterGroup carries");
        case "sgdWithoutLr" ->
            assertThatThrownBy(() -> Sgd.builder().parameters(p).build())
                .hasMessage("Sgd: lr(...) is required (it has no default)");
        case "adamWL2" ->
            assertThatThrownBy(
                    () -> AdamW.builder().parameters(p).weightDecayMode(WeightDecay.L2).build())
                .hasMessageStartingWith("AdamW: weight decay is decoupled by definition");
        default -> throw new AssertionError(mistake);
      }
    }
  }

  @Test
  void cyclingMomentumNeedsAnOptimizerBuiltWithIt() {
    try (Tensor w = Tensor.zeros(backend(), 2).requiresGrad(true);
        Sgd plain = Sgd.builder().parameters(Map.of("w", w)).lr(0.1).build()) {
      assertThatThrownBy(() -> plain.momentum(0.9))
          .hasMessageStartingWith("Sgd: built without momentum (0)");
    }
  }
}
