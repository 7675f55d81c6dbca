package dev.stratum.crossbackend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.fused.FusedActivationGradient;
import dev.stratum.backend.fused.FusedAdam;
import dev.stratum.backend.fused.FusedBiasActivation;
import dev.stratum.conformance.InterfaceDefaults;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.optimizers.Adam;
import dev.stratum.optimizers.WeightDecay;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adam, Dense and the activations on each built-in backend, once with the fused kernels the backend
 * offers and once through {@link InterfaceDefaults}, which hides them so that the users' own
 * compositions of core kernels run: Adam's results must be the same bits, the activations'
 * gradients too (first order through {@link FusedActivationGradient}, second order through the
 * composition on both), and Dense's for the exact activations (for ELU, sigmoid and tanh the
 * activation kernel itself may round an element differently in its vector body and its tail, so 2
 * ulps are allowed in the output, and the gradients that carry them may differ by 1e-5 of their
 * largest element).
 */
class FusedKernelsMatchTheirFallbacksTest {

  /** The vector backend with and without SIMD, and OpenCL where a device exists. */
  static Stream<String> backends() {
    Stream<String> vector = Stream.of("vector", "vector (scalar path)");
    return Backends.availableNames().contains("opencl")
        ? Stream.concat(vector, Stream.of("opencl"))
        : vector;
  }

  private static Backend open(String label) {
    return switch (label) {
      case "vector (scalar path)" ->
          Backends.create("vector", BackendOptions.of("stratum.vector.scalar", "true"));
      default -> Backends.create(label, BackendOptions.defaults());
    };
  }

  @ParameterizedTest
  @MethodSource("backends")
  void adamGivesTheSameBitsWithAndWithoutFusedAdam(String label) {
    try (Backend backend = open(label)) {
      Backend composed = new InterfaceDefaults(backend);
      assertThat(backend.capability(FusedAdam.class)).isPresent();
      assertThat(composed.capability(FusedAdam.class)).isEmpty();
      for (WeightDecay decay : WeightDecay.values()) {
        Map<String, float[]> fused = adamSteps(backend, decay);
        Map<String, float[]> apart = adamSteps(composed, decay);
        assertThat(fused.keySet())
            .containsExactlyElementsOf(apart.keySet())
            .contains("a", "b", "m.a", "v.a", "m.b", "v.b");
        fused.forEach(
            (name, values) ->
                assertSameBits(label + " " + decay + " " + name, values, apart.get(name)));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void denseGivesTheSameValuesWithAndWithoutFusedBiasActivation(String label) {
    try (Backend backend = open(label)) {
      Backend composed = new InterfaceDefaults(backend);
      assertThat(backend.capability(FusedBiasActivation.class)).isPresent();
      for (Activation act :
          List.of(
              new Activation.Identity(),
              new Activation.ReLU(),
              new Activation.LeakyReLU(0.1),
              new Activation.ELU(0.5),
              new Activation.Sigmoid(),
              new Activation.Tanh())) {
        List<float[]> fused = denseStep(backend, act);
        List<float[]> apart = denseStep(composed, act);
        boolean exact =
            !(act instanceof Activation.Sigmoid
                || act instanceof Activation.Tanh
                || act instanceof Activation.ELU);
        for (int i = 0; i < fused.size(); i++) {
          String what = label + " " + act + " " + (i == 0 ? "output" : "gradient " + i);
          if (exact) {
            assertSameBits(what, fused.get(i), apart.get(i));
          } else if (i == 0) {
            assertWithinUlps(what, fused.get(i), apart.get(i), 2);
          } else {
            // the gradients carry those ulps through a matrix product: relative to the largest
            assertClose(what, fused.get(i), apart.get(i), 1e-5);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void activationGradientsGiveTheSameBitsWithAndWithoutFusedActivationGradient(String label) {
    try (Backend backend = open(label)) {
      Backend composed = new InterfaceDefaults(backend);
      assertThat(backend.capability(FusedActivationGradient.class)).isPresent();
      assertThat(composed.capability(FusedActivationGradient.class)).isEmpty();
      Map<String, UnaryOperator<Tensor>> activations = new LinkedHashMap<>();
      activations.put("relu", Tensor::relu);
      activations.put("leakyRelu 0.1", x -> x.leakyRelu(0.1f));
      activations.put("leakyRelu -0.5", x -> x.leakyRelu(-0.5f));
      activations.put("elu 0.5", x -> x.elu(0.5f));
      activations.put("sigmoid", Tensor::sigmoid);
      activations.put("tanh", Tensor::tanh);
      // (with a transcendental, FusedBiasActivation's forward may already differ by an ulp)
      activations.put(
          "biasActivation leakyRelu 0.1", x -> x.biasActivation(bias(x), UnaryOp.LEAKY_RELU, 0.1f));
      activations.forEach(
          (name, act) -> {
            List<float[]> fused = activationGradients(backend, act);
            List<float[]> apart = activationGradients(composed, act);
            for (int i = 0; i < fused.size(); i++) {
              String what = label + " " + name + (i == 0 ? " gradient" : " second derivative");
              assertSameBits(what, fused.get(i), apart.get(i));
            }
          });
    }
  }

  /** A bias of 0.25 for the last axis of {@code x}. */
  private static Tensor bias(Tensor x) {
    return Tensor.full(x.backend(), 0.25f, x.dim(1));
  }

  /**
   * {@code d/dx Σ w·act(x)} in a plain backward pass, then {@code d/dx Σ (d/dx Σ w·act(x))²}
   * through a recorded graph of the first gradient, on 7 × 131 inputs (vector bodies and tails).
   */
  private static List<float[]> activationGradients(Backend backend, UnaryOperator<Tensor> act) {
    try (TensorScope scope = TensorScope.open()) {
      Generator g = new Generator(8);
      Tensor x = g.normal(backend, 0f, 2f, 7, 131).requiresGrad(true);
      Tensor w = g.normal(backend, 0f, 1f, 7, 131);
      act.apply(x).mul(w).sum().backward();
      float[] first = x.grad().toArray();
      Tensor dx = Autograd.grad(List.of(act.apply(x).mul(w).sum()), List.of(x), true).get(0);
      Tensor second = Autograd.grad(List.of(dx.square().sum()), List.of(x), false).get(0);
      return List.of(first, second.toArray());
    }
  }

  /** Six Adam steps on two parameters: the parameters and the moments afterwards. */
  private static Map<String, float[]> adamSteps(Backend backend, WeightDecay decay) {
    Generator g = new Generator(5);
    try (TensorScope scope = TensorScope.open()) {
      Map<String, Tensor> parameters = new LinkedHashMap<>();
      parameters.put("a", g.uniform(backend, -1f, 1f, 1021).requiresGrad(true));
      parameters.put("b", g.uniform(backend, -1f, 1f, 7, 17).requiresGrad(true));
      Tensor targetA = g.normal(backend, 0f, 1f, 1021);
      Tensor targetB = g.normal(backend, 0f, 1f, 7, 17);
      List<ParameterGroup> groups = List.of(new ParameterGroup(parameters, 0.05, 0.01));
      Map<String, float[]> result = new LinkedHashMap<>();
      try (Adam adam = new Adam(groups, 0.9, 0.999, 1e-8, false, decay)) {
        for (int step = 0; step < 6; step++) {
          try (TensorScope stepScope = TensorScope.open()) {
            adam.zeroGrad();
            Tensor loss =
                parameters
                    .get("a")
                    .sub(targetA)
                    .square()
                    .sum()
                    .add(parameters.get("b").sub(targetB).square().sum());
            loss.backward();
            adam.step();
          }
        }
        parameters.forEach((name, p) -> result.put(name, p.toArray()));
        adam.state().forEach((name, t) -> result.put(name, t.toArray()));
      }
      return result;
    }
  }

  /** One forward and backward pass of Dense + activation: the output, then the gradients. */
  private static List<float[]> denseStep(Backend backend, Activation act) {
    try (TensorScope scope = TensorScope.open();
        Sequential model =
            new Sequential(new Dense(33, 17, LayerOptions.defaults().on(backend).seed(3)), act)) {
      Tensor x = new Generator(4).normal(backend, 0f, 1f, 5, 33);
      Tensor out = model.forward(x);
      out.mul(out).sum().backward();
      List<float[]> result = new ArrayList<>();
      result.add(out.toArray());
      model.parameters().values().forEach(p -> result.add(p.grad().toArray()));
      return result;
    }
  }

  private static void assertSameBits(String what, float[] actual, float[] expected) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Float.floatToRawIntBits(actual[i]))
          .as("%s element %d: %s against %s", what, i, actual[i], expected[i])
          .isEqualTo(Float.floatToRawIntBits(expected[i]));
    }
  }

  private static void assertWithinUlps(String what, float[] actual, float[] expected, int ulps) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Math.abs(actual[i] - expected[i]))
          .as("%s element %d: %s against %s", what, i, actual[i], expected[i])
          .isLessThanOrEqualTo(ulps * Math.ulp(Math.max(Math.abs(expected[i]), Float.MIN_NORMAL)));
    }
  }

  private static void assertClose(String what, float[] actual, float[] expected, double relative) {
    double largest = 0;
    for (float e : expected) {
      largest = Math.max(largest, Math.abs(e));
    }
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) Math.abs(actual[i] - expected[i]))
          .as("%s element %d: %s against %s", what, i, actual[i], expected[i])
          .isLessThanOrEqualTo(relative * largest);
    }
  }
}
