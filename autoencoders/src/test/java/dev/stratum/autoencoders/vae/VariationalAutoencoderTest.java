package dev.stratum.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.testing.ArrayLoader;
import dev.stratum.testing.TestBackends;
import dev.stratum.train.History;
import dev.stratum.train.Trainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The VAE's loss terms against the formulas evaluated by hand (in double, here) on a model small
 * enough to write down, its sampling, reconstruction and interpolation, and its step in the
 * Trainer, on every backend. A handful of float32 operations on values of order 1 stay within 1e-5
 * of the double result, the tolerance used for every value below unless stated.
 */
class VariationalAutoencoderTest {

  static List<String> backends() {
    return TestBackends.names();
  }

  static final double TOLERANCE = 1e-5;

  /** x, two samples of two pixels; ε, one latent unit each. */
  static final float[] X = {0.2f, 0.4f, 0.9f, 0.1f};

  static final float[] EPS = {0.5f, -1f};

  /**
   * Encoder {@code Dense(2→2)} with W = I and b = 0 (so μ = x₀ and log σ² = x₁), decoder {@code
   * Dense(1→2)} with W = (2, −1)ᵀ and b = (0.5, 0) (so the output is (2z + 0.5, −z)).
   */
  static VariationalAutoencoder handModel(
      Backend b, Likelihood likelihood, double variance, double beta) {
    LayerOptions options = LayerOptions.defaults().on(b).seed(1);
    Dense encoder = new Dense(2, 2, options);
    Dense decoder = new Dense(1, 2, options);
    CentralDifferences.set(encoder.weight(), new float[] {1, 0, 0, 1});
    CentralDifferences.set(encoder.bias(), new float[] {0, 0});
    CentralDifferences.set(decoder.weight(), new float[] {2, -1});
    CentralDifferences.set(decoder.bias(), new float[] {0.5f, 0});
    return new VariationalAutoencoder(
        new VariationalAutoencoder.Config(
            List.of(2), 1, encoder, decoder, likelihood, variance, beta, 3),
        b);
  }

  /** The code z_n = μ_n + exp(½ log σ²_n)·ε_n and the decoder's output for sample n. */
  static double[] output(int n) {
    double z = X[2 * n] + Math.exp(0.5 * X[2 * n + 1]) * EPS[n];
    return new double[] {2 * z + 0.5, -z};
  }

  static double kl(int n) {
    double mu = X[2 * n];
    double lv = X[2 * n + 1];
    return 0.5 * (mu * mu + Math.exp(lv) - lv - 1);
  }

  static double softplus(double v) {
    return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }

  private static float[][] terms(VariationalAutoencoder vae, Backend b) {
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      Tensor x = Tensor.of(b, X, 2, 2);
      Elbo elbo = vae.elbo(x, x, Tensor.of(b, EPS, 2, 1));
      return new float[][] {
        elbo.reconstruction().toArray(),
        elbo.kl().toArray(),
        {elbo.loss().item(), elbo.meanReconstruction().item(), elbo.meanKl().item()},
        elbo.negativeElbo().toArray()
      };
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void bernoulliTermsMatchTheFormula(String name) {
    Backend b = Backends.get(name);
    try (VariationalAutoencoder vae = handModel(b, Likelihood.BERNOULLI, 1, 4)) {
      float[][] t = terms(vae, b);
      double[] rec = new double[2];
      for (int n = 0; n < 2; n++) {
        double[] logits = output(n);
        for (int i = 0; i < 2; i++) {
          rec[n] += softplus(logits[i]) - logits[i] * X[2 * n + i];
        }
        assertThat((double) t[0][n])
            .as("reconstruction %d", n)
            .isCloseTo(rec[n], within(TOLERANCE));
        assertThat((double) t[1][n]).as("kl %d", n).isCloseTo(kl(n), within(TOLERANCE));
        assertThat((double) t[3][n]).as("-ELBO %d", n).isCloseTo(rec[n] + kl(n), within(TOLERANCE));
      }
      double loss = 0.5 * (rec[0] + 4 * kl(0) + rec[1] + 4 * kl(1));
      assertThat((double) t[2][0]).as("loss with β = 4").isCloseTo(loss, within(TOLERANCE));
      assertThat((double) t[2][1]).isCloseTo(0.5 * (rec[0] + rec[1]), within(TOLERANCE));
      assertThat((double) t[2][2]).isCloseTo(0.5 * (kl(0) + kl(1)), within(TOLERANCE));
    }
  }

  /** −log N(x; m, σ²) summed over D = 2 pixels: Σ (x − m)²/(2σ²) + (D/2)·log(2πσ²). */
  static double gaussianNll(int n, double variance) {
    double[] m = output(n);
    double sum = 0;
    for (int i = 0; i < 2; i++) {
      double d = X[2 * n + i] - m[i];
      sum += d * d / (2 * variance);
    }
    return sum + Math.log(2 * Math.PI * variance);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void gaussianTermsWithFixedAndLearnedVarianceMatchTheFormula(String name) {
    Backend b = Backends.get(name);
    try (VariationalAutoencoder fixed = handModel(b, Likelihood.GAUSSIAN, 0.5, 1);
        VariationalAutoencoder learned = handModel(b, Likelihood.GAUSSIAN_LEARNED, 0.5, 1)) {
      float[][] f = terms(fixed, b);
      float[][] l = terms(learned, b);
      for (int n = 0; n < 2; n++) {
        assertThat((double) f[0][n]).isCloseTo(gaussianNll(n, 0.5), within(TOLERANCE));
        assertThat((double) l[0][n]).isCloseTo(gaussianNll(n, 0.5), within(TOLERANCE));
      }
      assertThat(learned.parameters()).containsKey("logVariance");
      assertThat(fixed.parameters()).doesNotContainKey("logVariance");
      CentralDifferences.set(learned.logVariance().orElseThrow(), new float[] {0.3f});
      l = terms(learned, b);
      for (int n = 0; n < 2; n++) {
        assertThat((double) l[0][n]).isCloseTo(gaussianNll(n, Math.exp(0.3)), within(TOLERANCE));
      }
    }
  }

  /**
   * reconstruct(x) = sigmoid(g(μ(x))) with no noise; interpolate walks μ linearly from one sample's
   * posterior mean to the other's, so its ends are the two reconstructions.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void reconstructionIsTheDecodedPosteriorMeanAndInterpolationHitsBothEnds(String name) {
    Backend b = Backends.get(name);
    try (VariationalAutoencoder vae = handModel(b, Likelihood.BERNOULLI, 1, 1);
        TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      Tensor x = Tensor.of(b, X, 2, 2);
      float[] r = vae.reconstruct(x).toArray();
      for (int n = 0; n < 2; n++) {
        double mu = X[2 * n];
        assertThat((double) r[2 * n]).isCloseTo(sigmoid(2 * mu + 0.5), within(TOLERANCE));
        assertThat((double) r[2 * n + 1]).isCloseTo(sigmoid(-mu), within(TOLERANCE));
      }
      float[] path = vae.interpolate(x.slice(0, 0, 1), x.slice(0, 1, 2), 5).toArray();
      assertThat(path).hasSize(10);
      for (int i = 0; i < 5; i++) {
        double z = X[0] + (X[2] - X[0]) * i / 4.0;
        assertThat((double) path[2 * i])
            .as("step %d", i)
            .isCloseTo(sigmoid(2 * z + 0.5), within(TOLERANCE));
        assertThat((double) path[2 * i + 1]).isCloseTo(sigmoid(-z), within(TOLERANCE));
      }
      assertThat(path[0]).isCloseTo(r[0], within(1e-6f));
      assertThat(path[9]).isCloseTo(r[3], within(1e-6f));
    }
  }

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /**
   * Samples from the prior are z ~ N(0, I) decoded: with the hand model, sigmoid(2z + 0.5) and
   * sigmoid(−z) of the generator's own normal draws; the same generator seed gives the same images.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void samplesAreDecodedDrawsFromThePrior(String name) {
    Backend b = Backends.get(name);
    try (VariationalAutoencoder vae = handModel(b, Likelihood.BERNOULLI, 1, 1);
        TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      float[] z = new Generator(11).normal(b, 0, 1, 6, 1).toArray();
      float[] s = vae.sample(b, 6, new Generator(11)).toArray();
      for (int n = 0; n < 6; n++) {
        assertThat((double) s[2 * n]).isCloseTo(sigmoid(2 * z[n] + 0.5), within(TOLERANCE));
        assertThat((double) s[2 * n + 1]).isCloseTo(sigmoid(-z[n]), within(TOLERANCE));
      }
    }
  }

  /**
   * The training ε is the model generator's, so a training-mode ELBO is the same on every backend
   * (within 1e-5 of the vector backend's) and differs from the evaluation-mode one, whose ε comes
   * from the second generator.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void epsilonComesFromThePhiloxGeneratorAndIsTheSameOnEveryBackend(String name) {
    float[][] here = elbos(Backends.get(name));
    float[][] vector = elbos(Backends.get("vector"));
    for (int i = 0; i < here[0].length; i++) {
      assertThat(here[0][i]).isCloseTo(vector[0][i], within(1e-5f));
      assertThat(here[1][i]).isCloseTo(vector[1][i], within(1e-5f));
    }
    assertThat(here[0]).isNotEqualTo(here[1]);
  }

  private static float[][] elbos(Backend b) {
    try (VariationalAutoencoder vae = handModel(b, Likelihood.BERNOULLI, 1, 1);
        TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      Tensor x = Tensor.of(b, X, 2, 2);
      float[] training = vae.elbo(x, x).negativeElbo().toArray();
      vae.eval();
      float[] evaluation = vae.elbo(x, x).negativeElbo().toArray();
      return new float[][] {training, evaluation};
    }
  }

  /** With one draw the score is that draw's −ELBO; with three, the mean of the three draws'. */
  @ParameterizedTest
  @MethodSource("backends")
  void theNegativeElboScoreAveragesItsDraws(String name) {
    Backend b = Backends.get(name);
    try (VariationalAutoencoder vae = handModel(b, Likelihood.BERNOULLI, 1, 1);
        TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      Tensor x = Tensor.of(b, X, 2, 2);
      Generator draws = new Generator(4);
      double[] expected = new double[2];
      for (int d = 0; d < 3; d++) {
        float[] one = vae.elbo(x, x, draws.normal(b, 0, 1, 2, 1)).negativeElbo().toArray();
        expected[0] += one[0] / 3.0;
        expected[1] += one[1] / 3.0;
      }
      float[] score = vae.negativeElbo(x, 3, new Generator(4)).toArray();
      assertThat((double) score[0]).isCloseTo(expected[0], within(TOLERANCE));
      assertThat((double) score[1]).isCloseTo(expected[1], within(TOLERANCE));
      float[] single = vae.negativeElbo(x, 1, new Generator(4)).toArray();
      float[] first =
          vae.elbo(x, x, new Generator(4).normal(b, 0, 1, 2, 1)).negativeElbo().toArray();
      assertThat(single).containsExactly(first);
    }
  }

  /**
   * In the Trainer the step reports loss, reconstruction and kl and their val_ forms; the
   * per-sample means add up, loss = reconstruction + β·kl (β = 2), within float rounding (1e-4
   * relative).
   */
  @ParameterizedTest
  @MethodSource("backends")
  void theStepReportsReconstructionAndKlBesideTheLoss(String name) {
    Backend b = Backends.get(name);
    float[] data = new Generator(8).uniform(Backends.get("vector"), 0, 1, 40, 6).toArray();
    LayerOptions options = LayerOptions.defaults().on(b).seed(2);
    try (VariationalAutoencoder vae =
            new VariationalAutoencoder(
                new VariationalAutoencoder.Config(
                    List.of(6),
                    2,
                    new Sequential(
                        new Dense(6, 8, options), new Activation.Tanh(), new Dense(8, 4, options)),
                    new Sequential(
                        new Dense(2, 8, options), new Activation.Tanh(), new Dense(8, 6, options)),
                    Likelihood.BERNOULLI,
                    1,
                    2,
                    0),
                b);
        Adam adam = new Adam(vae.parameters(), 1e-2)) {
      History h =
          Trainer.builder()
              .model(vae)
              .optimizer(adam)
              .step(vae.step(adam))
              .trainingData(new ArrayLoader(b, data, 6, data, 6, 16, -1))
              .validationData(new ArrayLoader(b, data, 6, data, 6, 40, -1))
              .epochs(3)
              .progress(false)
              .build()
              .fit();
      Map<String, Double> last = h.last();
      assertThat(last.keySet())
          .containsExactly(
              "loss", "reconstruction", "kl", "val_loss", "val_reconstruction", "val_kl");
      for (String prefix : new String[] {"", "val_"}) {
        double loss = last.get(prefix + "loss");
        assertThat(loss)
            .isCloseTo(
                last.get(prefix + "reconstruction") + 2 * last.get(prefix + "kl"),
                within(1e-4 * loss));
        assertThat(last.get(prefix + "kl")).isPositive();
      }
      assertThat(h.metric("loss")[2]).isLessThan(h.metric("loss")[0]);
    }
  }

  /**
   * The progress line names the parts too: {@code ... - loss ... - reconstruction ... - kl ...}.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void theProgressLineShowsTheParts(String name) {
    Backend b = Backends.get(name);
    float[] data = new Generator(8).uniform(Backends.get("vector"), 0, 1, 20, 6).toArray();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (VariationalAutoencoder vae =
            VariationalAutoencoder.dense(
                LayerOptions.defaults().on(b).seed(2), Likelihood.BERNOULLI, 6, 2);
        Adam adam = new Adam(vae.parameters(), 1e-2)) {
      Trainer.builder()
          .model(vae)
          .optimizer(adam)
          .step(vae.step(adam))
          .trainingData(new ArrayLoader(b, data, 6, data, 6, 10, -1))
          .validationData(new ArrayLoader(b, data, 6, data, 6, 20, -1))
          .epochs(1)
          .progressOutput(
              new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8))
          .build()
          .fit();
    }
    assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
        .containsPattern(
            "epoch 1/1 - .* - loss [0-9.]+ - reconstruction [0-9.]+ - kl [0-9.]+ - val_loss"
                + " [0-9.]+ - val_reconstruction [0-9.]+ - val_kl [0-9.]+");
  }
}
