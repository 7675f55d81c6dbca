package dev.stratum.autoencoders.vae;

import dev.stratum.autoencoders.eval.Features;
import dev.stratum.autoencoders.eval.NearestNeighbours;
import dev.stratum.autoencoders.eval.RocAuc;
import dev.stratum.backend.Backend;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.layers.LayerOptions;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.train.History;
import dev.stratum.train.Trainer;
import java.util.stream.IntStream;

/**
 * The VAE's applications, each one method that the subset tests and the full Fashion-MNIST figures
 * both run: anomaly detection by the negative ELBO and 2-D codes compared by k-NN accuracy. Data
 * sets have inputs of 784 values in [0, 1] and class-index targets. Every VAE is dense with a
 * Bernoulli decoder, trained with Adam (lr 1e-3).
 *
 * @param backend where everything runs
 * @param hidden the hidden width
 * @param epochs the training epochs of each VAE
 * @param batchSize the batch size
 * @param seed the seed of the weights, the shuffles and ε
 */
public record VaeApplications(Backend backend, int hidden, int epochs, int batchSize, int seed) {

  /** Trains {@code vae} on {@code images}; returns the history. */
  public History train(VariationalAutoencoder vae, Dataset images) {
    try (Adam adam = new Adam(vae.parameters(), 1e-3);
        DataLoader loader =
            DataLoader.builder(images.inputsAsTargets())
                .batchSize(batchSize)
                .shuffle(seed)
                .backend(backend)
                .build()) {
      return Trainer.builder()
          .model(vae)
          .optimizer(adam)
          .step(vae.step(adam))
          .trainingData(loader)
          .epochs(epochs)
          .progress(false)
          .build()
          .fit();
    }
  }

  /** A dense Bernoulli VAE {@code 784 → hidden → (latent, latent)}. */
  public VariationalAutoencoder vae(int latent) {
    return new VariationalAutoencoder(
        VariationalAutoencoder.denseConfig(
                LayerOptions.defaults().on(backend).seed(seed),
                Likelihood.BERNOULLI,
                784,
                hidden,
                latent)
            .withSeed(seed),
        backend);
  }

  /**
   * The ROC AUC of two scores for "is of the anomalous class": the negative ELBO (averaged over
   * {@code draws} draws of ε) and the squared error of the deterministic reconstruction; with the
   * mean negative ELBO (nats per image) of normal and anomalous test images.
   */
  public record Anomaly(
      int anomalousClass,
      int draws,
      double elboAuc,
      double reconstructionAuc,
      double normalElbo,
      double anomalousElbo) {}

  /**
   * Trains on the training images of every class but {@code anomalous} and scores every test image.
   */
  public Anomaly anomalyDetection(Dataset train, Dataset test, int anomalous, int draws) {
    int[] trainLabels = Features.labels(train);
    int[] normal =
        IntStream.range(0, trainLabels.length).filter(i -> trainLabels[i] != anomalous).toArray();
    try (VariationalAutoencoder vae = vae(16)) {
      train(vae, train.subset(normal));
      vae.eval();
      Generator noise = new Generator(seed + 1000L);
      Features elbo = Features.of(test, x -> vae.negativeElbo(x, draws, noise), backend, 500);
      Features errors =
          Features.of(
              test,
              x -> {
                Tensor d = vae.reconstruct(x).sub(x);
                return d.square().mean(false, 1);
              },
              backend,
              500);
      int[] labels = elbo.requireLabels();
      double[] scores = elbo.scores();
      double[] sum = new double[2];
      int[] count = new int[2];
      for (int i = 0; i < scores.length; i++) {
        int k = labels[i] == anomalous ? 1 : 0;
        sum[k] += scores[i];
        count[k]++;
      }
      return new Anomaly(
          anomalous,
          draws,
          RocAuc.of(scores, labels, anomalous),
          RocAuc.of(errors.scores(), labels, anomalous),
          sum[0] / count[0],
          sum[1] / count[1]);
    }
  }

  /** k-NN accuracy in 2-D of a VAE's posterior means. */
  public record Visualisation(int k, double accuracy) {}

  /**
   * A VAE with a 2-unit latent code: the training and test images map to their posterior means
   * μ(x), and each test image is classified by its {@code k} nearest training images there.
   */
  public Visualisation visualisation(Dataset train, Dataset test, int k) {
    try (VariationalAutoencoder vae = vae(2)) {
      train(vae, train);
      vae.eval();
      return new Visualisation(
          k,
          NearestNeighbours.accuracy(
              Features.of(train, x -> vae.encode(x).mean(), backend, 500),
              Features.of(test, x -> vae.encode(x).mean(), backend, 500),
              k));
    }
  }
}
