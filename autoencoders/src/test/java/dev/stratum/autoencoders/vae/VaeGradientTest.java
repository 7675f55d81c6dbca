package dev.stratum.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.testing.TestBackends;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reparameterised gradient: with ε held fixed, the loss {@code mean(−log p(x|μ + σε) + β·KL)}
 * is a deterministic function of the weights, so autograd's gradient of every parameter (the
 * encoder's, the decoder's and the learned decoder variance) must match central differences ({@link
 * CentralDifferences}, tolerance 2e-3 + 2e-2·|numeric|), for each decoder, on every backend. Tanh
 * hidden units keep the objective smooth (no ReLU kinks within a step).
 */
class VaeGradientTest {

  static Stream<Arguments> cases() {
    return TestBackends.names().stream()
        .flatMap(n -> Stream.of(Likelihood.values()).map(l -> Arguments.of(n, l)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theReparameterisedGradientMatchesCentralDifferencesWithEpsilonFixed(
      String name, Likelihood likelihood) {
    Backend b = Backends.get(name);
    LayerOptions options = LayerOptions.defaults().on(b).seed(21);
    try (VariationalAutoencoder vae =
            new VariationalAutoencoder(
                new VariationalAutoencoder.Config(
                    List.of(5),
                    2,
                    new Sequential(
                        new Dense(5, 4, options), new Activation.Tanh(), new Dense(4, 4, options)),
                    new Sequential(
                        new Dense(2, 4, options), new Activation.Tanh(), new Dense(4, 5, options)),
                    likelihood,
                    0.7,
                    1.5,
                    0),
                b);
        TensorScope scope = TensorScope.open()) {
      Generator g = new Generator(13);
      Tensor x = g.uniform(b, 0, 1, 3, 5);
      Tensor eps = g.normal(b, 0, 1, 3, 2);
      vae.elbo(x, x, eps).loss().backward();
      Map<String, Tensor> parameters = vae.parameters();
      assertThat(parameters).hasSize(likelihood == Likelihood.GAUSSIAN_LEARNED ? 9 : 8);
      for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
        Tensor grad = p.getValue().grad();
        assertThat(grad).as("gradient of %s", p.getKey()).isNotNull();
        CentralDifferences.check(
            vae + ": " + p.getKey(),
            p.getValue(),
            grad.toArray(),
            () -> vae.elbo(x, x, eps).loss());
      }
    }
  }

  /**
   * The noise really enters: the same weights and data with a different ε give a different gradient
   * of the encoder's log-variance head (its gradient carries the factor ½σε).
   */
  @ParameterizedTest
  @MethodSource("cases")
  void aDifferentEpsilonGivesADifferentGradient(String name, Likelihood likelihood) {
    Backend b = Backends.get(name);
    LayerOptions options = LayerOptions.defaults().on(b).seed(22);
    try (VariationalAutoencoder vae =
            new VariationalAutoencoder(
                VariationalAutoencoder.denseConfig(options, likelihood, 5, 2).withVariance(0.7),
                b);
        TensorScope scope = TensorScope.open()) {
      Generator g = new Generator(14);
      Tensor x = g.uniform(b, 0, 1, 3, 5);
      Tensor weight = vae.parameters().get("encoder.0.weight");
      vae.elbo(x, x, g.normal(b, 0, 1, 3, 2)).loss().backward();
      float[] first = weight.grad().toArray();
      weight.zeroGrad();
      vae.elbo(x, x, g.normal(b, 0, 1, 3, 2)).loss().backward();
      assertThat(weight.grad().toArray()).isNotEqualTo(first);
    }
  }
}
