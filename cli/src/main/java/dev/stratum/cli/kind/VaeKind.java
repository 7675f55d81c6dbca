package dev.stratum.cli.kind;

import dev.stratum.autoencoders.vae.Likelihood;
import dev.stratum.autoencoders.vae.VariationalAutoencoder;
import dev.stratum.backend.Backend;
import dev.stratum.cli.picture.Picture;
import dev.stratum.data.Dataset;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.train.Monitor;
import dev.stratum.train.TrainingStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The variational autoencoder ({@link VariationalAutoencoder}): a dense encoder 784-256-(μ, log σ²)
 * of CODE each (default 16), a Bernoulli decoder CODE-256-784 on the pixels, trained on the
 * negative ELBO {@code reconstruction + β·KL} in nats per image. Its code is the posterior mean; it
 * reconstructs from that mean, samples from the prior, and scores anomalies by the negative ELBO.
 */
final class VaeKind implements ModelKind, Encodes, Reconstructs, Samples {

  static final int DEFAULT_CODE_SIZE = 16;

  /** Draws of ε the anomaly score averages the negative ELBO over. */
  static final int SCORE_DRAWS = 10;

  /** The seed of the ε of the anomaly scores: the same images get the same scores. */
  static final long SCORE_SEED = 11;

  @Override
  public String name() {
    return "vae";
  }

  @Override
  public String description() {
    return "variational autoencoder, 784-256-(mu, log var of CODE, default 16)-256-784, Bernoulli"
        + " decoder (--beta for a beta-VAE)";
  }

  @Override
  public int[] inputShape() {
    return new int[] {784};
  }

  @Override
  public List<String> options() {
    return List.of("--code-size", "--beta");
  }

  @Override
  public Layer build(LayerOptions o, ModelSettings settings) {
    VariationalAutoencoder.Config config =
        VariationalAutoencoder.denseConfig(o, Likelihood.BERNOULLI, 784, 256, codeSize(settings));
    if (settings.beta() != null) {
      config = config.withBeta(settings.beta());
    }
    return new VariationalAutoencoder(config, o.resolveBackend());
  }

  @Override
  public Dataset prepare(Dataset images) {
    return images.withInputShape(inputShape()).inputsAsTargets();
  }

  @Override
  public TrainingStep step(Layer model, Optimizer optimizer) {
    return vae(model).step(optimizer);
  }

  @Override
  public Optional<Monitor> monitor() {
    return Optional.of(Monitor.min("val_loss"));
  }

  @Override
  public String defaultOptimizer() {
    return "{\"optimizer\": \"adam\", \"lr\": 1e-3}";
  }

  @Override
  public int defaultBatchSize() {
    return 128;
  }

  @Override
  public String describe(String metric) {
    return switch (metric) {
      case "loss" -> "negative ELBO, reconstruction + β·KL (nats per image)";
      case "reconstruction" -> "reconstruction, −log p(x|z) (nats per image)";
      case "kl" -> "KL(q(z|x) ‖ N(0, I)) (nats per image)";
      default -> metric;
    };
  }

  @Override
  public Tensor encode(Layer model, Tensor inputs) {
    return vae(model).encode(inputs).mean();
  }

  @Override
  public int codeSize(ModelSettings settings) {
    return settings.codeSize() != null ? settings.codeSize() : DEFAULT_CODE_SIZE;
  }

  @Override
  public Tensor reconstruct(Layer model, Tensor inputs) {
    return vae(model).reconstruct(inputs);
  }

  /**
   * The negative ELBO of each image with β = 1, averaged over {@value #SCORE_DRAWS} draws of ε from
   * a fixed seed: an upper bound on {@code −log p(x)}, larger for images the model explains worse.
   */
  @Override
  public Tensor anomalyScores(Layer model, Tensor inputs) {
    return vae(model).negativeElbo(inputs, SCORE_DRAWS, new Generator(SCORE_SEED));
  }

  @Override
  public String anomalyScore() {
    return "negative ELBO (nats per image, mean of " + SCORE_DRAWS + " draws)";
  }

  @Override
  public Tensor sample(Layer model, Backend backend, int count, Generator codes) {
    return vae(model).sample(backend, count, codes);
  }

  @Override
  public List<Picture> pictures(Trained trained, Path folder) throws IOException {
    return List.of(
        AutoencoderPictures.reconstructions(
            this, trained, folder.resolve("reconstructions.png"), 2),
        AutoencoderPictures.codeMap(this, trained, folder.resolve("codes.png")),
        SampleGrid.write(
            this,
            trained.model(),
            trained.backend(),
            64,
            8,
            SampleGrid.REPORT_SEED,
            folder.resolve("samples.png")));
  }

  private static VariationalAutoencoder vae(Layer model) {
    return (VariationalAutoencoder) model;
  }
}
