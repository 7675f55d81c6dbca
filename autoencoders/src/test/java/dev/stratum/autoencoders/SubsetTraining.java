package dev.stratum.autoencoders;

import dev.stratum.backend.Backend;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.optimizers.Adam;
import dev.stratum.testing.FashionSubset;
import dev.stratum.train.History;
import dev.stratum.train.Trainer;

/** Trains an autoencoder with the Trainer on the shipped Fashion-MNIST subset. */
final class SubsetTraining {

  private SubsetTraining() {}

  /** The subset, inputs shaped {@code shape}. */
  static Dataset train(int... shape) {
    return FashionSubset.load().train().withInputShape(shape);
  }

  /** The subset's 200 test images, shaped {@code shape}. */
  static Dataset test(int... shape) {
    return FashionSubset.load().test().withInputShape(shape);
  }

  /**
   * {@code epochs} epochs of Adam (lr {@code lr}) on {@code training}, validated on the test images
   * (clean inputs, clean targets); prints the history.
   */
  static History fit(
      String label,
      Autoencoder ae,
      DataLoader.Builder training,
      Backend backend,
      int epochs,
      double lr) {
    int[] shape = ae.inputShape();
    FashionMnist.Split split = FashionSubset.load();
    try (Adam adam = new Adam(ae.parameters(), lr);
        DataLoader train = training.batchSize(100).shuffle(2).backend(backend).build();
        DataLoader validation =
            DataLoader.builder(split.test().withInputShape(shape).inputsAsTargets())
                .batchSize(200)
                .backend(backend)
                .build()) {
      History history =
          Trainer.builder()
              .model(ae)
              .optimizer(adam)
              .step(ae.step(adam))
              .trainingData(train)
              .validationData(validation)
              .epochs(epochs)
              .progress(false)
              .build()
              .fit();
      System.out.printf("%s on %s: %s%n", label, backend.name(), history.epochs());
      return history;
    }
  }

  /** A plain loader over the subset's training images, targets the inputs. */
  static DataLoader.Builder plain(int... shape) {
    return DataLoader.builder(train(shape).inputsAsTargets());
  }
}
