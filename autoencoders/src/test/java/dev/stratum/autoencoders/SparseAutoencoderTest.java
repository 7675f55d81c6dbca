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
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SparseAutoencoderTest {

  static List<String> backends() {
    return dev.stratum.testing.TestBackends.names();
  }

  private static SparseAutoencoder kl(LayerOptions o, double rho, double beta) {
    return SparseAutoencoder.kl(
        new int[] {4},
        new Sequential(new Dense(4, 2, o), new Activation.Sigmoid()),
        new Sequential(new Dense(2, 4, o), new Activation.Sigmoid()),
        new MeanSquaredError(),
        rho,
        beta);
  }

  private static SparseAutoencoder l1(LayerOptions o, double lambda) {
    return SparseAutoencoder.l1(
        new int[] {4},
        new Sequential(new Dense(4, 3, o), new Activation.ReLU()),
        new Sequential(new Dense(3, 4, o), new Activation.Sigmoid()),
        new MeanSquaredError(),
        lambda);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void penaltiesEqualTheirHandComputedValues(String name) {
    Backend b = Backends.get(name);
    LayerOptions o = LayerOptions.defaults().on(b).seed(1);
    try (SparseAutoencoder kl = kl(o, 0.1, 3.0);
        SparseAutoencoder l1 = l1(o, 0.5);
        TensorScope scope = TensorScope.open()) {
      Tensor h = Tensor.of(b, new float[] {0.1f, 0.5f, 0.3f, 0.7f}, 2, 2);
      // L1: 0.5 · (0.1 + 0.5 + 0.3 + 0.7) / 2 = 0.4
      assertThat((double) l1.sparsityPenalty(h).item()).isCloseTo(0.4, within(1e-6));
      // KL: ρ̂ = (0.2, 0.6); 3 · [0.1 ln(0.1/0.2) + 0.9 ln(0.9/0.8) + 0.1 ln(0.1/0.6) + 0.9
      // ln(0.9/0.4)] = 3 · (0.036690 + 0.550661) = 1.7620538 (NumPy in double)
      assertThat((double) kl.sparsityPenalty(h).item()).isCloseTo(1.7620538, within(2e-6));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theObjectiveAddsThePenaltyOfTheCodeTheDecoderSees(String name) {
    Backend b = Backends.get(name);
    LayerOptions o = LayerOptions.defaults().on(b).seed(2);
    try (SparseAutoencoder ae = kl(o, 0.05, 2.0);
        TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, FiniteDifferencesData.unit(12, 4), 3, 4);
      Objective objective = ae.objective(x, x);
      assertThat(objective.penalties().keySet()).containsExactly("sparsity");
      double penalty = ae.sparsityPenalty(ae.encode(x)).item();
      double reconstruction = ae.reconstructionLoss(ae.reconstruct(x), x).item();
      assertThat((double) objective.penalties().get("sparsity").item())
          .isCloseTo(penalty, within(1e-6));
      assertThat((double) objective.total().item())
          .isCloseTo(reconstruction + penalty, within(2e-6));
      assertThat(objective.toStepResult().parts().keySet()).containsExactly("loss", "sparsity");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void gradientsOfBothKindsMatchFiniteDifferences(String name) {
    Backend b = Backends.get(name);
    LayerOptions o = LayerOptions.defaults().on(b).seed(3);
    try (SparseAutoencoder kl = kl(o, 0.2, 1.5);
        SparseAutoencoder l1 = l1(o, 0.3);
        TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, FiniteDifferencesData.unit(12, 8), 3, 4);
      for (SparseAutoencoder ae : List.of(kl, l1)) {
        ae.parameters().values().forEach(Tensor::zeroGrad);
        ae.objective(x, x).total().backward();
        for (var p : ae.parameters().entrySet()) {
          FiniteDifferences.check(
              name + " " + ae.penalty() + " " + p.getKey(),
              p.getValue(),
              p.getValue().grad().toArray(),
              () -> ae.objective(x, x).total());
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void badSparsityArgumentsNameTheModelAndTheValue(String name) {
    LayerOptions o = LayerOptions.defaults().on(Backends.get(name)).seed(1);
    assertThatThrownBy(() -> kl(o, 1.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SparseAutoencoder: the sparsity target ρ = 1.5 is outside (0, 1)");
    assertThatThrownBy(() -> kl(o, 0.0, 1))
        .hasMessage("SparseAutoencoder: the sparsity target ρ = 0.0 is outside (0, 1)");
    assertThatThrownBy(() -> kl(o, 0.1, -2))
        .hasMessage("SparseAutoencoder: the KL weight β must be finite and >= 0, got -2.0");
    assertThatThrownBy(() -> l1(o, Double.NaN))
        .hasMessage("SparseAutoencoder: the L1 coefficient λ must be finite and >= 0, got NaN");
    assertThatThrownBy(
            () ->
                SparseAutoencoder.kl(
                    new int[] {4},
                    new Sequential(new Dense(4, 2, o), new Activation.ReLU()),
                    new Dense(2, 4, o),
                    new MeanSquaredError(),
                    0.1,
                    1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SparseAutoencoder: the KL sparsity penalty compares mean activations with ρ, so the"
                + " code must lie in (0, 1); end the encoder with a sigmoid (its last layer is"
                + " ReLU())");
  }
}
