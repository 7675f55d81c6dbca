package dev.stratum.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.DataLoader;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.StandardLayers;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.spec.OptimizerSpec;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.History;
import dev.stratum.train.Metric;
import dev.stratum.train.ModelCheckpoint;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint the driver writes during a Spark run is an ordinary one-machine checkpoint. */
class CheckpointTest {

  static final String MOMENTUM = "{\"optimizer\": \"momentum\", \"lr\": 0.05}";

  @Test
  void aCheckpointOfTheSparkRunLoadsAndEvaluatesOnOneMachine(@TempDir Path root) throws Exception {
    JavaSparkContext spark = LocalSpark.get();
    Backend backend = Backends.get("vector");
    ArrayDataset train = TestModels.blobs(64, 8, 3, 21);
    ArrayDataset test = TestModels.blobs(40, 8, 3, 22);
    try (Sequential model = TestModels.mlp(backend, 8, 12, 3, 3);
        DataLoader validation = DataLoader.builder(test).batchSize(16).backend(backend).build()) {
      SparkTrainer trainer =
          SparkTrainer.builder()
              .sparkContext(spark)
              .model(model)
              .loss(new SparseCrossEntropy())
              .optimizer(MOMENTUM)
              .trainingData(spark.parallelize(Sample.of(train), 2), new int[] {8}, new int[] {})
              .workers(2)
              .batchSize(8)
              .parameterAveraging(2)
              .validationData(validation)
              .metrics(Metric.accuracy())
              .epochs(2)
              .callbacks(ModelCheckpoint.every(root, 1))
              .progress(false)
              .build();
      History history = trainer.fit();
      Path last = ModelCheckpoint.epochDirectory(root, 2);

      // rebuilt from model.json through the registry, on one machine, without Spark
      try (Layer restored = Checkpoint.loadModel(last, backend, StandardLayers.factories());
          TensorScope scope = TensorScope.open();
          NoGrad ignored = Autograd.noGrad()) {
        restored.train(false);
        var all = test.batch(backend, range(test.size()));
        Tensor prediction = restored.forward(all.inputs());
        double loss = new SparseCrossEntropy().compute(prediction, all.targets()).item();
        double accuracy =
            Metric.accuracy().batchTotal(prediction, all.targets()).item() / test.size();
        double expected = history.epoch(2).get("val_loss");
        // the same weights on the same backend; validation summed 3 batches, this is one
        assertThat(loss).isCloseTo(expected, within(1e-5 * expected));
        // both are counts of right answers over 40, read through a float
        assertThat(accuracy).isCloseTo(history.epoch(2).get("val_accuracy"), within(1e-6));
        assertThat(Checkpoint.metadata(last)).containsEntry("epoch", "2");
      }

      // the averaged optimizer state loads into an optimizer built from the same spec
      try (Sequential fresh = TestModels.mlp(backend, 8, 12, 3, 99)) {
        Optimizer optimizer =
            OptimizerSpec.builtIn().build(MOMENTUM, fresh.parameters()).optimizer();
        Checkpoint.load(last, fresh, optimizer);
        assertThat(optimizer.iterations())
            .isEqualTo(trainer.optimizer().iterations())
            .isEqualTo(2L * trainer.plan(train.size()).stepsPerEpoch());
        Map<String, Tensor> a = optimizer.state();
        Map<String, Tensor> b = trainer.optimizer().state();
        assertThat(a.keySet()).isEqualTo(b.keySet());
        a.forEach((name, t) -> assertThat(t.toArray()).containsExactly(b.get(name).toArray()));
        a.values().forEach(Tensor::close);
        b.values().forEach(Tensor::close);
        fresh
            .parameters()
            .forEach(
                (name, p) ->
                    assertThat(p.toArray())
                        .containsExactly(model.parameters().get(name).toArray()));
      }
    }
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }
}
