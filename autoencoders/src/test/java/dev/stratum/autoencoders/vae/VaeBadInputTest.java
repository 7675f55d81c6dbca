package dev.stratum.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.testing.ArrayLoader;
import dev.stratum.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each mistake gets a message that names the model and the values (on the vector backend). */
class VaeBadInputTest {

  private final Backend b = Backends.get("vector");
  private final LayerOptions options = LayerOptions.defaults().on(b).seed(1);

  private VariationalAutoencoder.Config config(Dense encoder, Dense decoder, int latent) {
    return new VariationalAutoencoder.Config(
        List.of(6), latent, encoder, decoder, Likelihood.BERNOULLI, 1, 1, 0);
  }

  @Test
  void anEncoderOutputThatDoesNotFitTheLatentSizeIsNamed() {
    assertThatThrownBy(
            () ->
                new VariationalAutoencoder(
                    config(new Dense(6, 30, options), new Dense(16, 6, options), 16), b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "VariationalAutoencoder([6] -> 16): the encoder gives [1, 30] for one sample, but a"
                + " latent size of 16 needs [1, 32]: μ and log σ², 16 each");
  }

  @Test
  void aDecoderThatDoesNotTakeTheLatentCodeIsNamed() {
    assertThatThrownBy(
            () ->
                new VariationalAutoencoder(
                    config(new Dense(6, 8, options), new Dense(3, 6, options), 4), b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "VariationalAutoencoder([6] -> 4): the decoder does not accept latent codes of size 4:");
  }

  @Test
  void aDecoderWhoseOutputIsNotTheInputShapeIsNamed() {
    assertThatThrownBy(
            () ->
                new VariationalAutoencoder(
                    config(new Dense(6, 8, options), new Dense(4, 5, options), 4), b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "VariationalAutoencoder([6] -> 4): the decoder's output shape [5] differs from the"
                + " input shape [6]; the decoder must give the input back");
  }

  @Test
  void numbersOutsideTheirRangesAreRefused() {
    Dense e = new Dense(6, 8, options);
    Dense d = new Dense(4, 6, options);
    assertThatThrownBy(
            () ->
                new VariationalAutoencoder.Config(
                    List.of(6), 4, e, d, Likelihood.BERNOULLI, 1, -0.5, 0))
        .hasMessage("VariationalAutoencoder: β must be finite and >= 0, got -0.5");
    assertThatThrownBy(
            () ->
                new VariationalAutoencoder.Config(
                    List.of(6), 4, e, d, Likelihood.GAUSSIAN, 0, 1, 0))
        .hasMessage(
            "VariationalAutoencoder: the decoder variance σ² must be finite and > 0, got 0.0");
    assertThatThrownBy(
            () ->
                new VariationalAutoencoder.Config(
                    List.of(6), 0, e, d, Likelihood.BERNOULLI, 1, 1, 0))
        .hasMessage("VariationalAutoencoder: the latent size must be at least 1, got 0");
    assertThatThrownBy(() -> VariationalAutoencoder.dense(options, Likelihood.BERNOULLI, 784))
        .hasMessageStartingWith("VariationalAutoencoder.dense: give the input size");
  }

  @Test
  void inputsAndCodesOfTheWrongShapeAreNamedWithTheShapes() {
    try (VariationalAutoencoder vae =
            VariationalAutoencoder.dense(options, Likelihood.BERNOULLI, 6, 4);
        TensorScope scope = TensorScope.open()) {
      assertThatThrownBy(() -> vae.encode(Tensor.zeros(b, 2, 7)))
          .hasMessage(
              "VariationalAutoencoder([6] -> 4, bernoulli, β = 1.0): the input has shape [2, 7],"
                  + " expected [batch, 6]");
      assertThatThrownBy(() -> vae.decode(Tensor.zeros(b, 2, 3)))
          .hasMessage(
              "VariationalAutoencoder([6] -> 4, bernoulli, β = 1.0): the latent code has shape [2,"
                  + " 3], expected [batch, 4]");
      assertThatThrownBy(() -> vae.sample(b, 0, new Generator(1)))
          .hasMessageContaining("cannot draw 0 samples");
    }
  }

  @Test
  void aBernoulliScoreOfInputsOutsideZeroOneNamesTheirRange() {
    try (VariationalAutoencoder vae =
            VariationalAutoencoder.dense(options, Likelihood.BERNOULLI, 6, 4);
        TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, new float[] {0, 0.5f, 1, 255, 3, 0}, 1, 6);
      assertThatThrownBy(() -> vae.negativeElbo(x, 1, new Generator(1)))
          .hasMessage(
              "VariationalAutoencoder([6] -> 4, bernoulli, β = 1.0): a Bernoulli decoder needs"
                  + " targets in [0, 1], but the inputs range over [0.0, 255.0]; scale the data to"
                  + " [0, 1] (pixels: u8 / 255) or use a Gaussian decoder");
    }
  }

  /** Bad targets in the first batch fail that step; in a later batch, the end of the epoch. */
  @Test
  void theStepChecksBernoulliTargetsOnTheFirstBatchAndOncePerEpoch() {
    float[] good = new Generator(2).uniform(b, 0, 1, 8, 6).toArray();
    float[] firstBad = good.clone();
    firstBad[3] = -0.25f;
    float[] laterBad = good.clone();
    laterBad[6 * 6 + 1] = 2f; // sample 6, in the second batch of 4
    try (VariationalAutoencoder vae =
            VariationalAutoencoder.dense(options, Likelihood.BERNOULLI, 6, 4);
        Adam adam = new Adam(vae.parameters(), 1e-3)) {
      float firstMax = 0;
      for (int i = 0; i < 4 * 6; i++) {
        firstMax = Math.max(firstMax, firstBad[i]);
      }
      assertThatThrownBy(() -> fit(vae, adam, firstBad))
          .hasMessageEndingWith(
              "a Bernoulli decoder needs targets in [0, 1], but the first batch's targets range"
                  + " over [-0.25, "
                  + firstMax
                  + "]; scale the data to [0, 1] (pixels: u8 / 255) or use a Gaussian decoder");
      assertThatThrownBy(() -> fit(vae, adam, laterBad))
          .hasMessageContaining("but epoch 1's targets range over [")
          .hasMessageContaining(", 2.0]");
    }
  }

  private static void fit(VariationalAutoencoder vae, Adam adam, float[] data) {
    Trainer.builder()
        .model(vae)
        .optimizer(adam)
        .step(vae.step(adam))
        .trainingData(new ArrayLoader(Backends.get("vector"), data, 6, data, 6, 4, -1))
        .epochs(2)
        .progress(false)
        .build()
        .fit();
  }
}
