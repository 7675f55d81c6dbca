package dev.stratum.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.optimizers.Adam;
import dev.stratum.testing.FashionSubset;
import dev.stratum.train.History;
import dev.stratum.train.Trainer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dense autoencoder of WORKLOADS.md (784-256-64-256-784, ReLU, sigmoid output, MSE against the
 * input, Adam 1e-3, batch 128) trained with the {@link Trainer} on the shipped subset, on every
 * backend present except the scalar test backend.
 *
 * <p>Measured with seed 3 and shuffle seed 2, the test-set MSE after epochs 1..10 was 0.120, 0.097,
 * 0.081, 0.066, 0.058, 0.054, 0.050, 0.0475, 0.0449, 0.0425, on vector, OpenCL and the scalar
 * backend alike (to about 1e-5). The test asks for below 0.05 after 8 epochs, against 0.12 after
 * the first. (PyTorch reaches 0.0122 after 5 epochs of the full 60,000 images; these are 1000.)
 */
class DenseAutoencoderTest {

  static final int EPOCHS = Integer.getInteger("autoencoder.epochs", 8);

  /**
   * Every backend present but {@code scalar}: its plain-loop matmuls take about 2.4 s per epoch
   * here (20 s for the test, against 3 s on the others), and the small CNN test already trains on
   * it end to end.
   */
  static List<String> backends() {
    return Backends.availableNames().stream().filter(n -> !n.equals("scalar")).toList();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void reconstructionErrorFallsBelowTheMeasuredThreshold(String name) {
    Backend backend = Backends.get(name);
    FashionMnist.Split data = FashionSubset.load();
    Dataset train = data.train().withInputShape(784).inputsAsTargets();
    Dataset test = data.test().withInputShape(784).inputsAsTargets();
    LayerOptions options = LayerOptions.defaults().on(backend).seed(3);
    try (Sequential model =
            new Sequential(
                new Dense(784, 256, options),
                new Activation.ReLU(),
                new Dense(256, 64, options),
                new Activation.ReLU(),
                new Dense(64, 256, options),
                new Activation.ReLU(),
                new Dense(256, 784, options),
                new Activation.Sigmoid());
        Adam adam = new Adam(model.parameters(), 1e-3);
        DataLoader trainLoader =
            DataLoader.builder(train).batchSize(128).shuffle(2).backend(backend).build();
        DataLoader testLoader = DataLoader.builder(test).batchSize(200).backend(backend).build()) {
      History history =
          Trainer.builder()
              .model(model)
              .optimizer(adam)
              .loss(new MeanSquaredError())
              .trainingData(trainLoader)
              .validationData(testLoader)
              .epochs(EPOCHS)
              .progress(false)
              .build()
              .fit();
      System.out.printf("dense autoencoder on %s: %s%n", name, history.epochs());
      double[] validation = history.metric("val_loss");
      assertThat(validation).hasSize(EPOCHS);
      assertThat(validation[0]).isGreaterThan(0.1);
      assertThat(validation[validation.length - 1]).isLessThan(0.05);
    }
  }
}
