package dev.stratum.spark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.ArrayDataset;
import dev.stratum.layers.Sequential;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A task that throws on an executor fails the run, and the worker's own message reaches the user.
 */
class WorkerFailureTest {

  private static SparkTrainer trainer(Sequential model, List<Sample> samples) {
    return trainer(model, samples, Synchronisation.TREE_AGGREGATE);
  }

  private static SparkTrainer trainer(
      Sequential model, List<Sample> samples, Synchronisation synchronisation) {
    JavaSparkContext spark = LocalSpark.get();
    return SparkTrainer.builder()
        .sparkContext(spark)
        .model(model)
        .loss(Map.of("type", "sparse_cross_entropy"))
        .optimizer("{\"optimizer\": \"sgd\", \"lr\": 0.1}")
        .trainingData(spark.parallelize(samples, 2), new int[] {8}, new int[] {})
        .workers(2)
        .batchSize(4)
        .synchronisation(synchronisation)
        .progress(false)
        .build();
  }

  @ParameterizedTest
  @EnumSource(Synchronisation.class)
  void aLossThatThrowsOnAWorkerFailsTheJobWithItsMessage(Synchronisation synchronisation) {
    // sample 5 belongs to worker 1; its class 7 of 3 makes the loss's check throw there
    Backend backend = Backends.get();
    ArrayDataset data = TestModels.blobs(16, 8, 3, 2);
    List<Sample> samples = new java.util.ArrayList<>(Sample.of(data));
    samples.set(5, Sample.of(samples.get(5).features(), 7));
    try (Sequential model = TestModels.mlp(backend, 8, 4, 3, 1)) {
      SparkTrainer trainer = trainer(model, samples, synchronisation);
      assertThatThrownBy(trainer::fit)
          .isInstanceOf(SparkTrainingException.class)
          .hasMessageStartingWith("spark trainer: epoch 1, steps ")
          .hasMessageContaining(" failed on a worker: java.lang.IllegalArgumentException:")
          .hasMessageContaining("sparse_cross_entropy: class index 7.0 at flat position")
          .hasMessageContaining("is not a whole number in [0, 3)");
    }
  }

  @Test
  void aSampleOfTheWrongSizeIsNamedWhenTheShardsAreBuilt() {
    ArrayDataset data = TestModels.blobs(16, 8, 3, 2);
    List<Sample> samples = new java.util.ArrayList<>(Sample.of(data));
    samples.set(9, Sample.of(new float[7], 0));
    try (Sequential model = TestModels.mlp(Backends.get(), 8, 4, 3, 1)) {
      SparkTrainer trainer = trainer(model, samples);
      assertThatThrownBy(trainer::fit)
          .isInstanceOf(SparkTrainingException.class)
          .hasMessageContaining("spark trainer: building the shards failed on a worker: ")
          .hasMessageContaining("sample 9 has 7 features, but the shape [8] needs 8");
    }
  }
}
