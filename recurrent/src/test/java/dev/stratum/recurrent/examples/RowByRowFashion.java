import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.DataLoader;
import dev.stratum.data.FashionMnist;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Reshape;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.optimizers.Adam;
import dev.stratum.recurrent.Recurrent;
import dev.stratum.train.History;
import dev.stratum.train.Metric;
import dev.stratum.train.Trainer;
import java.nio.file.Path;

public class RowByRowFashion {
  /** Reads each image as 28 steps of 28 pixels; returns the test accuracy after each epoch. */
  public static double[] train(Path data, int epochs) throws Exception {
    Backend backend = Backends.get();
    FashionMnist.Split fashion = FashionMnist.load(data);
    LayerOptions options = LayerOptions.defaults().on(backend).seed(1);
    try (Sequential model =
            new Sequential(
                new Reshape(28, 28), // [N, 1, 28, 28] -> [N, 28 steps, 28 features]
                Recurrent.lstm(28, 128).returnSequences(false).build(options),
                new Dense(128, 10, options));
        Adam adam = Adam.builder().parameters(model.parameters()).lr(1e-3).build();
        DataLoader train =
            DataLoader.builder(fashion.train()).batchSize(64).shuffle(7).backend(backend).build();
        DataLoader test =
            DataLoader.builder(fashion.test()).batchSize(500).backend(backend).build()) {
      History history =
          Trainer.builder()
              .model(model)
              .optimizer(adam)
              .loss(new SparseCrossEntropy()) // softmax cross-entropy on logits
              .trainingData(train)
              .validationData(test)
              .metrics(Metric.accuracy())
              .epochs(epochs)
              .build()
              .fit();
      return history.metric("val_accuracy");
    }
  }
}
