package dev.stratum.layers.activation;

import static dev.stratum.layers.GradientAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.GradientAssert;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.StandardLayers;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";

  private record Case(
      Activation layer, Function<Tensor, Tensor> function, DoubleUnaryOperator formula) {}

  private static List<Case> cases() {
    double c = Math.sqrt(2 / Math.PI);
    return List.of(
        new Case(new Activation.ReLU(), Activations::relu, x -> Math.max(x, 0)),
        new Case(
            new Activation.LeakyReLU(0.2),
            x -> Activations.leakyRelu(x, 0.2f),
            x -> x > 0 ? x : 0.2 * x),
        new Case(
            new Activation.ELU(1.5),
            x -> Activations.elu(x, 1.5f),
            x -> x > 0 ? x : 1.5 * Math.expm1(x)),
        new Case(new Activation.Sigmoid(), Activations::sigmoid, x -> 1 / (1 + Math.exp(-x))),
        new Case(new Activation.Tanh(), Activations::tanh, Math::tanh),
        new Case(new Activation.Softplus(), Activations::softplus, x -> Math.log1p(Math.exp(x))),
        new Case(
            new Activation.GELU(),
            Activations::gelu,
            x -> 0.5 * x * (1 + Math.tanh(c * (x + 0.044715 * x * x * x)))),
        new Case(new Activation.Identity(), Activations::identity, x -> x));
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void layersAndFunctionsMatchTheirFormulas(String name) {
    Backend b = Backends.get(name);
    float[] x = GradientAssert.distinct(24, 1);
    for (int i = 0; i < x.length; i++) {
      x[i] *= 3; // values in about [-3.6, 3.6]
    }
    for (Case c : cases()) {
      double[] expected = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        expected[i] = c.formula().applyAsDouble(x[i]);
      }
      try (TensorScope scope = TensorScope.open()) {
        Tensor input = Tensor.of(b, x, 4, 6);
        assertClose(c.layer() + " layer", c.layer().forward(input).toArray(), expected, 1e-5);
        assertClose(c.layer() + " function", c.function().apply(input).toArray(), expected, 1e-5);
        assertThat(c.layer().outputShape(4, 6)).containsExactly(4, 6);
      }
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void gradientsMatchFiniteDifferences(String name) {
    Backend b = Backends.get(name);
    for (Case c : cases()) {
      GradientAssert.check(b, c.layer(), GradientAssert.distinct(12, 2), new int[] {3, 4}, 3);
    }
    GradientAssert.check(
        b, new Activation.Softmax(1), GradientAssert.normal(12, 4), new int[] {3, 4}, 5);
    GradientAssert.check(
        b, new Activation.Softmax(0), GradientAssert.normal(12, 4), new int[] {3, 4}, 5);
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void softmaxAlongAnAxis(String name) {
    Backend b = Backends.get(name);
    float[] x = GradientAssert.normal(2 * 3 * 4, 6);
    try (TensorScope scope = TensorScope.open()) {
      float[] y = new Activation.Softmax(1).forward(Tensor.of(b, x, 2, 3, 4)).toArray();
      double[] expected = new double[x.length];
      for (int n = 0; n < 2; n++) {
        for (int k = 0; k < 4; k++) {
          double sum = 0;
          for (int j = 0; j < 3; j++) {
            sum += Math.exp(x[(n * 3 + j) * 4 + k]);
          }
          for (int j = 0; j < 3; j++) {
            expected[(n * 3 + j) * 4 + k] = Math.exp(x[(n * 3 + j) * 4 + k]) / sum;
          }
        }
      }
      assertClose("softmax axis 1", y, expected, 1e-6);
      assertClose(
          "function", Activations.softmax(Tensor.of(b, x, 2, 3, 4), 1).toArray(), expected, 1e-6);
    }
    assertThatThrownBy(() -> new Activation.Softmax(3).outputShape(2, 3, 4))
        .hasMessage("Softmax(axis 3): input [2, 3, 4] has no axis 3");
  }

  @Test
  void configsRoundTripThroughTheFactories() {
    Backend b = Backends.get();
    List<Activation> all =
        List.of(
            new Activation.ReLU(),
            new Activation.LeakyReLU(0.3),
            new Activation.ELU(0.5),
            new Activation.Sigmoid(),
            new Activation.Tanh(),
            new Activation.Softmax(0),
            new Activation.Softplus(),
            new Activation.GELU(),
            new Activation.Identity());
    // the names are part of the model.json format
    assertThat(all.stream().map(Layer::typeName).toList())
        .containsExactly(
            "relu",
            "leaky_relu",
            "elu",
            "sigmoid",
            "tanh",
            "softmax",
            "softplus",
            "gelu",
            "identity")
        .containsExactlyElementsOf(Activation.TYPES.stream().map(LayerType::name).toList());
    for (Activation a : all) {
      assertThat(StandardLayers.build(b, a.typeName(), a.config())).isEqualTo(a);
    }
    assertThat(new Activation.LeakyReLU()).isEqualTo(new Activation.LeakyReLU(0.01));
    assertThat(new Activation.ELU()).isEqualTo(new Activation.ELU(1));
    assertThat(new Activation.Softmax()).isEqualTo(new Activation.Softmax(-1));
  }
}
