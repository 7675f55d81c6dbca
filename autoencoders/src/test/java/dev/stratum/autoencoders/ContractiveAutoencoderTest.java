package dev.stratum.autoencoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContractiveAutoencoderTest {

  static List<String> backends() {
    return dev.stratum.testing.TestBackends.names();
  }

  private static void set(Tensor t, float... values) {
    try (NoGrad off = Autograd.noGrad();
        Tensor v = Tensor.of(t.backend(), values, t.shape())) {
      t.copyFrom(v);
    }
  }

  private static ContractiveAutoencoder oneSigmoidLayer(LayerOptions o, int d, int k, double l) {
    return new ContractiveAutoencoder(
        new int[] {d},
        new Sequential(new Dense(d, k, o), new Activation.Sigmoid()),
        new Sequential(new Dense(k, d, o), new Activation.Sigmoid()),
        new MeanSquaredError(),
        l);
  }

  private static ContractiveAutoencoder twoLayers(LayerOptions o, double l) {
    return new ContractiveAutoencoder(
        new int[] {5},
        new Sequential(
            new Dense(5, 4, o),
            new Activation.Tanh(),
            new Dense(4, 3, o),
            new Activation.Sigmoid()),
        new Sequential(new Dense(3, 5, o), new Activation.Sigmoid()),
        new MeanSquaredError(),
        l);
  }

  /** {@code ‖J‖²_F} of a batch from both paths: the closed form and autograd. */
  private static double[] bothPaths(Layer encoder, Dense layer, Tensor input) {
    Tensor x = input.detach().requiresGrad(true);
    Tensor code = encoder.forward(x);
    return new double[] {
      ContractiveAutoencoder.sigmoidPenalty(layer, code).item(),
      ContractiveAutoencoder.jacobianPenalty(x, code).item()
    };
  }

  @ParameterizedTest
  @MethodSource("backends")
  void bothPathsGiveTheHandComputedPenalty(String name) {
    Backend b = Backends.get(name);
    try (ContractiveAutoencoder cae = oneSigmoidLayer(LayerOptions.defaults().on(b), 3, 2, 1);
        TensorScope scope = TensorScope.open()) {
      Dense layer = (Dense) ((Sequential) cae.encoder()).get(0);
      set(layer.weight(), 0.5f, -1f, 0.25f, 1.5f, 0.5f, -0.5f);
      set(layer.bias(), 0.1f, -0.2f);
      Tensor x = Tensor.of(b, new float[] {1, 2, -1, 0.5f, -0.5f, 0}, 2, 3);
      // h = σ(x·Wᵀ + b) = [[0.16111, 0.94268], [0.70057, 0.57444]]; (1/2) Σ (h(1-h))² Σ_i W_ji²
      // = 0.12705027650 (NumPy in double)
      double[] penalty = bothPaths(cae.encoder(), layer, x);
      assertThat(penalty[0]).isCloseTo(0.1270502765, within(1e-6));
      assertThat(penalty[1]).isCloseTo(0.1270502765, within(1e-6));
      assertThat(cae.usesClosedForm()).isTrue();
      assertThat((double) cae.contractivePenalty(x).item()).isCloseTo(0.1270502765, within(1e-6));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theClosedFormEqualsTheGeneralPathOnARandomLayer(String name) {
    Backend b = Backends.get(name);
    try (ContractiveAutoencoder cae =
            oneSigmoidLayer(LayerOptions.defaults().on(b).seed(31), 7, 4, 1);
        TensorScope scope = TensorScope.open()) {
      Dense layer = (Dense) ((Sequential) cae.encoder()).get(0);
      Tensor x = Tensor.of(b, FiniteDifferencesData.values(35, 3), 5, 7);
      double[] penalty = bothPaths(cae.encoder(), layer, x);
      assertThat(penalty[1]).isCloseTo(penalty[0], within(1e-6 + 1e-5 * penalty[0]));
    }
  }

  /**
   * The general path against a Jacobian by central differences of the float32 encoder (step 1e-2,
   * so a truncation error of order h²·f''' ≈ 1e-5 per entry; tolerance 1e-3 relative).
   */
  @ParameterizedTest
  @MethodSource("backends")
  void theGeneralPathEqualsTheJacobianByFiniteDifferences(String name) {
    Backend b = Backends.get(name);
    try (ContractiveAutoencoder cae = twoLayers(LayerOptions.defaults().on(b).seed(7), 1);
        TensorScope scope = TensorScope.open()) {
      assertThat(cae.usesClosedForm()).isFalse();
      float[] input = FiniteDifferencesData.values(10, 4);
      Tensor x = Tensor.of(b, input, 2, 5).requiresGrad(true);
      double autograd = ContractiveAutoencoder.jacobianPenalty(x, cae.encode(x)).item();
      double numeric = 0;
      float h = 1e-2f;
      try (NoGrad off = Autograd.noGrad()) {
        for (int i = 0; i < input.length; i++) {
          float[] plus = input.clone();
          float[] minus = input.clone();
          plus[i] += h;
          minus[i] -= h;
          float[] up = cae.encode(Tensor.of(b, plus, 2, 5)).toArray();
          float[] down = cae.encode(Tensor.of(b, minus, 2, 5)).toArray();
          int sample = i / 5;
          for (int j = 0; j < 3; j++) {
            // only sample's own code moves: the other sample's entries are 0
            double d = (up[sample * 3 + j] - down[sample * 3 + j]) / (2.0 * h);
            numeric += d * d;
          }
        }
      }
      numeric /= 2;
      assertThat(autograd).isCloseTo(numeric, within(1e-3 * numeric));
    }
  }

  /**
   * The penalty's gradient with respect to the weights is a second derivative of the encoder:
   * checked against central differences of the penalty, on both paths.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void thePenaltysGradientMatchesFiniteDifferencesOnBothPaths(String name) {
    Backend b = Backends.get(name);
    try (ContractiveAutoencoder general = twoLayers(LayerOptions.defaults().on(b).seed(9), 2);
        ContractiveAutoencoder closed =
            oneSigmoidLayer(LayerOptions.defaults().on(b).seed(10), 4, 3, 2);
        TensorScope scope = TensorScope.open()) {
      for (ContractiveAutoencoder cae : List.of(general, closed)) {
        int d = cae.inputShape()[0];
        Tensor x = Tensor.of(b, FiniteDifferencesData.values(3 * d, 5), 3, d);
        cae.parameters().values().forEach(Tensor::zeroGrad);
        cae.contractivePenalty(x).backward();
        for (var p : cae.encoder().parameters().entrySet()) {
          FiniteDifferences.check(
              name + " " + (cae.usesClosedForm() ? "closed form " : "autograd ") + p.getKey(),
              p.getValue(),
              p.getValue().grad().toArray(),
              () -> cae.contractivePenalty(x));
        }
        // and the whole objective, reconstruction included
        cae.parameters().values().forEach(Tensor::zeroGrad);
        cae.objective(x, x).total().backward();
        for (var p : cae.parameters().entrySet()) {
          FiniteDifferences.check(
              name + " objective " + p.getKey(),
              p.getValue(),
              p.getValue().grad().toArray(),
              () -> cae.objective(x, x).total());
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theObjectiveReportsTheWeightedPenaltyAndBadInputIsNamed(String name) {
    Backend b = Backends.get(name);
    LayerOptions o = LayerOptions.defaults().on(b).seed(2);
    try (ContractiveAutoencoder cae = twoLayers(o, 0.5);
        TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, FiniteDifferencesData.values(10, 6), 2, 5);
      Objective objective = cae.objective(x, x);
      assertThat(objective.penalties().keySet()).containsExactly("contractive");
      Tensor leaf = x.detach().requiresGrad(true);
      double frobenius = ContractiveAutoencoder.jacobianPenalty(leaf, cae.encode(leaf)).item();
      assertThat((double) objective.penalties().get("contractive").item())
          .isCloseTo(0.5 * frobenius, within(1e-6 + 1e-5 * frobenius));
      try (NoGrad off = Autograd.noGrad()) {
        assertThatThrownBy(() -> cae.contractivePenalty(x))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("with graph recording on (not under Autograd.noGrad())");
      }
    }
    assertThatThrownBy(() -> twoLayers(o, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ContractiveAutoencoder: the penalty weight λ must be finite and >= 0, got -1.0");
  }
}
