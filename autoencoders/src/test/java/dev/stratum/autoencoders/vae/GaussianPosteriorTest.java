package dev.stratum.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.loss.GaussianKlDivergence;
import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.testing.TestBackends;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The closed-form KL term and the reparameterised draw, against values worked by hand, on every
 * backend. Float32 evaluation of these few terms is within a few ulps of the exact values, so the
 * tolerance is 1e-6 absolute plus 1e-6 relative.
 */
class GaussianPosteriorTest {

  static List<String> backends() {
    return TestBackends.names();
  }

  private static final double TOLERANCE = 1e-6;

  /**
   * Row 0: μ = 0, σ² = 1, so KL = 0. Row 1: μ = (1, −2), σ² = (2, ½): ½[(1 + 2 − ln 2 − 1) + (4 + ½
   * − ln ½ − 1)] = ½[2 − ln 2 + 3.5 + ln 2] = 2.75 exactly. Row 2: μ = (0.5, 0), σ² = (e, 1): ½[(¼
   * + e − 1 − 1) + 0] = ½(e − 1.75).
   */
  @ParameterizedTest
  @MethodSource("backends")
  void klFromTheStandardNormalMatchesHandWorkedValues(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor mu = Tensor.of(b, new float[] {0, 0, 1, -2, 0.5f, 0}, 3, 2);
      Tensor logVar =
          Tensor.of(b, new float[] {0, 0, (float) Math.log(2), (float) Math.log(0.5), 1, 0}, 3, 2);
      float[] kl = new GaussianPosterior(mu, logVar).klFromStandardNormal().toArray();
      assertThat(kl).hasSize(3);
      assertThat((double) kl[0]).isCloseTo(0, within(TOLERANCE));
      assertThat((double) kl[1]).isCloseTo(2.75, within(TOLERANCE * 3.75));
      assertThat((double) kl[2]).isCloseTo(0.5 * (Math.E - 1.75), within(TOLERANCE * 1.5));
    }
  }

  /**
   * On random posteriors the VAE's KL equals the layers' general Gaussian KL against N(0, 1), an
   * independent implementation of {@code ½ Σ (log σ₂² − log σ₁² + (σ₁² + (μ₁ − μ₂)²)/σ₂² − 1)}.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void klAgreesWithTheGeneralGaussianKlAgainstAStandardNormal(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Generator g = new Generator(5);
      Tensor mu = g.normal(b, 0, 1.5f, 8, 6);
      Tensor logVar = g.normal(b, 0, 1, 8, 6);
      float[] ours = new GaussianPosterior(mu, logVar).klFromStandardNormal().toArray();
      float[] general =
          new GaussianKlDivergence(Reduction.NONE)
              .compute(mu, logVar, Tensor.zeros(b, 8, 6), Tensor.zeros(b, 8, 6))
              .toArray();
      for (int i = 0; i < ours.length; i++) {
        assertThat(ours[i])
            .as("sample %d", i)
            .isCloseTo(general[i], within(1e-5f * (1 + general[i])));
      }
    }
  }

  /**
   * z = μ + exp(½ log σ²)·ε element by element: μ = (1, −1), log σ² = (2 ln 3, −2 ln 2), so σ = (3,
   * ½), and ε = (0.5, −2) gives z = (2.5, −2).
   */
  @ParameterizedTest
  @MethodSource("backends")
  void theReparameterisedDrawIsMeanPlusSigmaTimesEpsilon(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor mu = Tensor.of(b, new float[] {1, -1}, 1, 2);
      Tensor logVar =
          Tensor.of(b, new float[] {(float) (2 * Math.log(3)), (float) (-2 * Math.log(2))}, 1, 2);
      Tensor eps = Tensor.of(b, new float[] {0.5f, -2}, 1, 2);
      float[] z = new GaussianPosterior(mu, logVar).sample(eps).toArray();
      assertThat((double) z[0]).isCloseTo(2.5, within(1e-6 * 3));
      assertThat((double) z[1]).isCloseTo(-2, within(1e-6 * 2));
    }
  }

  /**
   * The KL's gradient is ∂/∂μ = μ and ∂/∂log σ² = ½(σ² − 1) (the closed form differentiated), and
   * the draw's is ∂z/∂μ = 1, ∂z/∂log σ² = ½σε: both checked through autograd on every backend.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void gradientsOfTheKlAndTheDrawMatchTheirClosedForms(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      float[] muValues = {0.3f, -1.2f, 2f, 0f};
      float[] lvValues = {0f, 0.7f, -1.5f, 0.2f};
      float[] epsValues = {1.1f, -0.4f, 0.25f, -2f};
      Tensor mu = Tensor.of(b, muValues, 2, 2).requiresGrad(true);
      Tensor logVar = Tensor.of(b, lvValues, 2, 2).requiresGrad(true);
      GaussianPosterior q = new GaussianPosterior(mu, logVar);
      q.klFromStandardNormal().sum().backward();
      float[] dMu = mu.grad().toArray();
      float[] dLv = logVar.grad().toArray();
      for (int i = 0; i < 4; i++) {
        assertThat(dMu[i]).isCloseTo(muValues[i], within(1e-6f));
        assertThat((double) dLv[i])
            .isCloseTo(
                0.5 * (Math.exp(lvValues[i]) - 1), within(1e-6 * (1 + Math.exp(lvValues[i]))));
      }
      mu.zeroGrad();
      logVar.zeroGrad();
      q.sample(Tensor.of(b, epsValues, 2, 2)).sum().backward();
      dMu = mu.grad().toArray();
      dLv = logVar.grad().toArray();
      for (int i = 0; i < 4; i++) {
        double sigma = Math.exp(0.5 * lvValues[i]);
        assertThat(dMu[i]).isCloseTo(1f, within(1e-6f));
        assertThat((double) dLv[i])
            .isCloseTo(
                0.5 * sigma * epsValues[i], within(1e-6 * (1 + Math.abs(sigma * epsValues[i]))));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void mismatchedShapesAreRefusedWithBothShapes(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      assertThatThrownBy(() -> new GaussianPosterior(Tensor.zeros(b, 2, 3), Tensor.zeros(b, 2, 4)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "GaussianPosterior: mean [2, 3] and log-variance [2, 4] must both be [batch, latent]");
      GaussianPosterior q = new GaussianPosterior(Tensor.zeros(b, 2, 3), Tensor.zeros(b, 2, 3));
      assertThatThrownBy(() -> q.sample(Tensor.zeros(b, 3, 3)))
          .hasMessage("GaussianPosterior: ε has shape [3, 3] but the posterior is [2, 3]");
    }
  }
}
