package dev.stratum.autoencoders.applications;

import dev.stratum.autoencoders.Autoencoder;
import dev.stratum.autoencoders.Autoencoders;
import dev.stratum.autoencoders.DenoisingAutoencoder;
import dev.stratum.autoencoders.Noise;
import dev.stratum.autoencoders.eval.Features;
import dev.stratum.autoencoders.eval.HammingRetrieval;
import dev.stratum.autoencoders.eval.LinearProbe;
import dev.stratum.autoencoders.eval.NearestNeighbours;
import dev.stratum.autoencoders.eval.Psnr;
import dev.stratum.autoencoders.eval.RocAuc;
import dev.stratum.autoencoders.pca.Pca;
import dev.stratum.backend.Backend;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.optimizers.Adam;
import dev.stratum.train.Trainer;
import java.util.stream.IntStream;

/**
 * The five applications of the module's README, each one method that the subset tests and the full
 * Fashion-MNIST figures both run. Data sets have inputs of 784 values ({@code withInputShape(784)})
 * and class-index targets.
 *
 * @param backend where everything runs
 * @param hidden the hidden width of the dense autoencoders
 * @param epochs the training epochs of each autoencoder
 * @param batchSize the batch size of each autoencoder
 * @param seed the seed of the weights and shuffles
 */
public record Applications(Backend backend, int hidden, int epochs, int batchSize, long seed) {

  /** Trains {@code ae} on {@code images} (a loader builder with targets the inputs). */
  void train(Autoencoder ae, DataLoader.Builder images, double lr) {
    try (Adam adam = new Adam(ae.parameters(), lr);
        DataLoader loader = images.batchSize(batchSize).shuffle(seed).backend(backend).build()) {
      Trainer.builder()
          .model(ae)
          .optimizer(adam)
          .step(ae.step(adam))
          .trainingData(loader)
          .epochs(epochs)
          .progress(false)
          .build()
          .fit();
    }
  }

  LayerOptions options() {
    return LayerOptions.defaults().on(backend).seed(seed);
  }

  static int[] where(int[] labels, java.util.function.IntPredicate keep) {
    return IntStream.range(0, labels.length).filter(i -> keep.test(labels[i])).toArray();
  }

  // ------------------------------------------------------------------ 1. anomaly detection

  /** ROC AUC of the reconstruction error, and the mean errors of normal and anomalous images. */
  public record Anomaly(
      int anomalousClass, double auc, double normalError, double anomalousError) {}

  /**
   * Trains on the training images of every class but {@code anomalous}, scores every test image by
   * its reconstruction error, and reports the ROC AUC of "is of class {@code anomalous}".
   */
  public Anomaly anomalyDetection(Dataset train, Dataset test, int anomalous) {
    int[] normal = where(Features.labels(train), c -> c != anomalous);
    try (Autoencoder ae = Autoencoders.dense(options(), 784, hidden, 32)) {
      train(ae, DataLoader.builder(train.subset(normal).inputsAsTargets()), 1e-3);
      Features errors = Features.of(test, ae::reconstructionErrors, backend, 500);
      double[] scores = errors.scores();
      int[] labels = errors.requireLabels();
      double auc = RocAuc.of(scores, labels, anomalous);
      double[] mean = new double[2];
      int[] count = new int[2];
      for (int i = 0; i < scores.length; i++) {
        int k = labels[i] == anomalous ? 1 : 0;
        mean[k] += scores[i];
        count[k]++;
      }
      return new Anomaly(anomalous, auc, mean[0] / count[0], mean[1] / count[1]);
    }
  }

  // ------------------------------------------------------------------ 2. denoising

  /** Mean PSNR of the noisy test images and of their reconstructions, against the clean ones. */
  public record Denoising(Noise noise, double noisyPsnr, double denoisedPsnr) {}

  /** Trains a denoising autoencoder under {@code noise}, then denoises a fixed noisy test set. */
  public Denoising denoising(Dataset train, Dataset test, Noise noise) {
    LayerOptions o = options();
    try (DenoisingAutoencoder dae =
        new DenoisingAutoencoder(
            new int[] {784},
            new Sequential(
                new Dense(784, hidden, o),
                new Activation.ReLU(),
                new Dense(hidden, 64, o),
                new Activation.ReLU()),
            new Sequential(
                new Dense(64, hidden, o),
                new Activation.ReLU(),
                new Dense(hidden, 784, o),
                new Activation.Sigmoid()),
            new MeanSquaredError(),
            noise)) {
      train(dae, dae.loader(train), 1e-3);
      // a fixed noisy test set: the noise of "epoch" 1,000,000, which training never drew
      Dataset noisy = noise.transform().applyToInputs(test, 1_000_000);
      Features clean = Features.inputs(test);
      Features corrupted = Features.inputs(noisy);
      Features denoised = Features.of(noisy, dae::reconstruct, backend, 500);
      return new Denoising(noise, Psnr.mean(clean, corrupted, 1), Psnr.mean(clean, denoised, 1));
    }
  }

  // ------------------------------------------------------------------ 3. 2-D visualisation

  /** k-NN accuracy in 2-D of an autoencoder's 2-unit code and of PCA's 2-D projection. */
  public record Visualisation(int k, double autoencoderAccuracy, double pcaAccuracy) {}

  /**
   * A deep autoencoder with a linear 2-unit code against PCA with two components: both map the
   * training and test images to 2-D, and each test image is classified by its {@code k} nearest
   * training images there.
   */
  public Visualisation visualisation(Dataset train, Dataset test, int k) {
    try (Autoencoder ae =
        Autoencoders.dense(
            options(), new Activation.ReLU(), null, new Activation.Sigmoid(), 784, hidden, 64, 2)) {
      train(ae, DataLoader.builder(train.inputsAsTargets()), 1e-3);
      double aeAccuracy =
          NearestNeighbours.accuracy(
              Features.of(train, ae::encode, backend, 500),
              Features.of(test, ae::encode, backend, 500),
              k);
      Pca pca = Pca.fit(train, 2, backend);
      double pcaAccuracy =
          NearestNeighbours.accuracy(
              Features.of(train, pca::transform, backend, 500),
              Features.of(test, pca::transform, backend, 500),
              k);
      return new Visualisation(k, aeAccuracy, pcaAccuracy);
    }
  }

  // ------------------------------------------------------------------ 4. semantic hashing

  /** Precision at k of Hamming retrieval with the autoencoder's bits and with PCA-sign bits. */
  public record Hashing(int bits, int k, double autoencoderPrecision, double pcaPrecision) {}

  /**
   * An autoencoder with a {@code bits}-unit sigmoid code: test images query the training images by
   * the Hamming distance of their codes thresholded at 0.5. The baseline: the signs of the first
   * {@code bits} principal components.
   */
  public Hashing hashing(Dataset train, Dataset test, int bits, int k) {
    try (Autoencoder ae =
        Autoencoders.dense(
            options(),
            new Activation.ReLU(),
            new Activation.Sigmoid(),
            new Activation.Sigmoid(),
            784,
            hidden,
            bits)) {
      train(ae, DataLoader.builder(train.inputsAsTargets()), 1e-3);
      double aePrecision =
          HammingRetrieval.database(Features.of(train, ae::encode, backend, 500), 0.5)
              .precisionAt(Features.of(test, ae::encode, backend, 500), 0.5, k);
      Pca pca = Pca.fit(train, bits, backend);
      double pcaPrecision =
          HammingRetrieval.database(Features.of(train, pca::transform, backend, 500), 0)
              .precisionAt(Features.of(test, pca::transform, backend, 500), 0, k);
      return new Hashing(bits, k, aePrecision, pcaPrecision);
    }
  }

  // ------------------------------------------------------------------ 5. features

  /** Test accuracy of logistic regression on the codes and on raw pixels, with few labels. */
  public record FewLabels(int labelsPerClass, double codeAccuracy, double pixelAccuracy) {}

  /**
   * An autoencoder trained on every training image without labels; then logistic regression ({@link
   * LinearProbe#defaults()}) on the first {@code labelsPerClass} labelled images of each class, on
   * the 64-unit codes and on the 784 pixels, scored on the test set.
   */
  public FewLabels features(Dataset train, Dataset test, int labelsPerClass) {
    int[] labels = Features.labels(train);
    int[] perClass = new int[10];
    int[] labelled =
        IntStream.range(0, labels.length)
            .filter(i -> perClass[labels[i]]++ < labelsPerClass)
            .toArray();
    try (Autoencoder ae = Autoencoders.dense(options(), 784, hidden, 64)) {
      train(ae, DataLoader.builder(train.inputsAsTargets()), 1e-3);
      Dataset few = train.subset(labelled);
      LinearProbe probe = LinearProbe.defaults();
      double codes =
          probe.accuracy(
              Features.of(few, ae::encode, backend, 500),
              Features.of(test, ae::encode, backend, 500),
              10,
              backend);
      double pixels = probe.accuracy(Features.inputs(few), Features.inputs(test), 10, backend);
      return new FewLabels(labelsPerClass, codes, pixels);
    }
  }
}
