package dev.stratum.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.DataLoader;
import dev.stratum.data.FashionMnist;
import dev.stratum.layers.LayerOptions;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.TensorScope;
import dev.stratum.testing.FashionSubset;
import dev.stratum.testing.TestBackends;
import dev.stratum.train.History;
import dev.stratum.train.Trainer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The VAE trains on the shipped subset (1,000 training images, validated on its 200 test images)
 * with the Trainer on every backend present: Adam, batches of 100, 5 epochs of a dense {@code 784 →
 * 128 → (16, 16)} model. The thresholds are set from measured runs (in each test's comment), with
 * room for the backends' differences.
 */
class VaeSubsetTrainingTest {

  static List<String> backends() {
    return TestBackends.names();
  }

  static History fit(VariationalAutoencoder vae, Backend b, int epochs, double lr) {
    FashionMnist.Split split = FashionSubset.load();
    try (Adam adam = new Adam(vae.parameters(), lr);
        DataLoader train =
            DataLoader.builder(split.train().withInputShape(784).inputsAsTargets())
                .batchSize(100)
                .shuffle(5)
                .backend(b)
                .build();
        DataLoader validation =
            DataLoader.builder(split.test().withInputShape(784).inputsAsTargets())
                .batchSize(200)
                .backend(b)
                .build()) {
      History h =
          Trainer.builder()
              .model(vae)
              .optimizer(adam)
              .step(vae.step(adam))
              .trainingData(train)
              .validationData(validation)
              .epochs(epochs)
              .progress(false)
              .build()
              .fit();
      System.out.printf("%s on %s: %s%n", vae, b.name(), h.epochs());
      return h;
    }
  }

  /**
   * Bernoulli decoder. Measured (vector, OpenCL and scalar agree to 1e-4): val_loss (per image, in
   * nats) 433.7 → 316.8 over the 5 epochs (0.73×), val_kl 11 → 12.2.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void aBernoulliVaeLearnsOnTheSubset(String name) {
    Backend b = Backends.get(name);
    try (VariationalAutoencoder vae =
        VariationalAutoencoder.dense(
            LayerOptions.defaults().on(b).seed(1), Likelihood.BERNOULLI, 784, 128, 16)) {
      History h = fit(vae, b, 5, 2e-3);
      double[] val = h.metric("val_loss");
      assertThat(val[4]).isLessThan(0.8 * val[0]);
      assertThat(h.last().get("val_kl")).isGreaterThan(5);
      assertThat(h.last().get("val_reconstruction"))
          .isLessThan(h.epoch(1).get("val_reconstruction"));
      // samples from the prior are images: pixel means in (0, 1), not all alike
      try (TensorScope scope = TensorScope.open();
          NoGrad off = Autograd.noGrad()) {
        float[] s = vae.sample(b, 8, new Generator(3)).toArray();
        double mean = 0;
        for (float v : s) {
          assertThat(v).isBetween(0f, 1f);
          mean += v / s.length;
        }
        assertThat(mean).isBetween(0.1, 0.6);
      }
    }
  }

  /**
   * Gaussian decoder with a learned variance, started at σ² = 1, far above the mean squared error
   * (about 0.03): the gradient pushes log σ² down at every step, and Adam moves a parameter by at
   * most about its learning rate per step, so after the 50 steps log σ² must be below −0.09, 90% of
   * the largest possible move 50·2e-3 (measured: −0.102 on every backend); val_loss falls with it
   * (755 → 709).
   */
  @ParameterizedTest
  @MethodSource("backends")
  void aGaussianVaeLearnsItsDecoderVariance(String name) {
    Backend b = Backends.get(name);
    try (VariationalAutoencoder vae =
        VariationalAutoencoder.dense(
            LayerOptions.defaults().on(b).seed(2), Likelihood.GAUSSIAN_LEARNED, 784, 128, 16)) {
      History h = fit(vae, b, 5, 2e-3);
      double[] val = h.metric("val_loss");
      assertThat(val[4]).isLessThan(val[0]);
      assertThat(vae.logVariance().orElseThrow().item()).isLessThan(-0.09f);
    }
  }

  /**
   * β-VAE: with β = 8 the KL term costs more, so the trained posterior is closer to the prior than
   * with β = 1 (measured on every backend after 3 epochs: val_kl 0.36 against 10.4).
   */
  @ParameterizedTest
  @MethodSource("backends")
  void aLargerBetaKeepsThePosteriorCloserToThePrior(String name) {
    Backend b = Backends.get(name);
    try (VariationalAutoencoder plain =
            new VariationalAutoencoder(
                VariationalAutoencoder.denseConfig(
                    LayerOptions.defaults().on(b).seed(3), Likelihood.BERNOULLI, 784, 128, 16),
                b);
        VariationalAutoencoder beta8 =
            new VariationalAutoencoder(
                VariationalAutoencoder.denseConfig(
                        LayerOptions.defaults().on(b).seed(3), Likelihood.BERNOULLI, 784, 128, 16)
                    .withBeta(8),
                b)) {
      double kl1 = fit(plain, b, 3, 2e-3).last().get("val_kl");
      double kl8 = fit(beta8, b, 3, 2e-3).last().get("val_kl");
      assertThat(kl8).isLessThan(0.2 * kl1);
    }
  }
}
