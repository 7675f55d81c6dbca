package dev.stratum.autoencoders.eval;

import dev.stratum.backend.Backend;
import dev.stratum.data.DataLoader;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.optimizers.Adam;
import dev.stratum.train.Trainer;

/**
 * Codes as features for a classifier: multinomial logistic regression, {@code p(y | z) =
 * softmax(W·ẑ + b)}, on standardised features {@code ẑ_j = (z_j − m_j) / max(s_j, 1e-3)} ({@code
 * m}, {@code s}: mean and deviation of feature {@code j} over the training rows), trained with the
 * {@code Trainer}: softmax cross-entropy, Adam, full epochs over the labelled rows. The same probe
 * on raw pixels is the baseline a code must beat to be worth having.
 *
 * @param epochs the training epochs
 * @param batchSize the batch size
 * @param learningRate Adam's learning rate
 * @param seed the seed of the weights and of the shuffle
 */
public record LinearProbe(int epochs, int batchSize, double learningRate, long seed) {

  /** Checks that the numbers are positive. */
  public LinearProbe {
    if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException(
          "linear probe: epochs, batch size and learning rate must be positive, got "
              + epochs
              + ", "
              + batchSize
              + ", "
              + learningRate);
    }
  }

  /** 100 epochs, batch 50, Adam 1e-2: enough to converge on a few hundred labelled rows. */
  public static LinearProbe defaults() {
    return new LinearProbe(100, 50, 1e-2, 1);
  }

  /** The test accuracy of the probe trained on {@code train} (labelled rows). */
  public double accuracy(Features train, Features test, int classes, Backend backend) {
    if (train.dimension() != test.dimension()) {
      throw new IllegalArgumentException(
          "linear probe: train rows have "
              + train.dimension()
              + " values, test rows "
              + test.dimension());
    }
    int d = train.dimension();
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (int i = 0; i < train.count(); i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += train.get(i, j) / (double) train.count();
      }
    }
    for (int i = 0; i < train.count(); i++) {
      for (int j = 0; j < d; j++) {
        double x = train.get(i, j) - mean[j];
        scale[j] += x * x / train.count();
      }
    }
    for (int j = 0; j < d; j++) {
      scale[j] = Math.max(Math.sqrt(scale[j]), 1e-3);
    }
    Features trainZ = standardise(train, mean, scale);
    Features testZ = standardise(test, mean, scale);
    try (Dense model = new Dense(d, classes, LayerOptions.defaults().on(backend).seed(seed));
        Adam adam = new Adam(model.parameters(), learningRate);
        DataLoader trainLoader =
            DataLoader.builder(trainZ.asDataset())
                .batchSize(batchSize)
                .shuffle(seed)
                .backend(backend)
                .build()) {
      Trainer.builder()
          .model(model)
          .optimizer(adam)
          .loss(new SparseCrossEntropy())
          .trainingData(trainLoader)
          .epochs(epochs)
          .progress(false)
          .build()
          .fit();
      Features logits = Features.of(testZ.asDataset(), model::forward, backend, 1000);
      int[] labels = test.requireLabels();
      int correct = 0;
      for (int i = 0; i < logits.count(); i++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          best = logits.get(i, c) > logits.get(i, best) ? c : best;
        }
        correct += best == labels[i] ? 1 : 0;
      }
      return correct / (double) logits.count();
    }
  }

  private static Features standardise(Features f, double[] mean, double[] scale) {
    int d = f.dimension();
    float[] v = new float[f.values().length];
    for (int i = 0; i < f.count(); i++) {
      for (int j = 0; j < d; j++) {
        v[i * d + j] = (float) ((f.get(i, j) - mean[j]) / scale[j]);
      }
    }
    return new Features(v, f.count(), d, f.labels());
  }
}
