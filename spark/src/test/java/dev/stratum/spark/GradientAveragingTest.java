package dev.stratum.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.ArrayDataset;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.nn.Reduction;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.spec.OptimizerSpec;
import dev.stratum.tensor.Tensor;
import dev.stratum.train.History;
import dev.stratum.train.Trainer;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Gradient averaging on two workers against one machine training on the two workers' batches put
 * together: with mean-reduced losses and batches of equal size the averaged gradient is the
 * gradient of the concatenated batch, so only float32 rounding separates the runs (the sums are
 * taken in a different order). Adam, so that the one global optimizer's state matters too.
 */
class GradientAveragingTest {

  static final String ADAM = "{\"optimizer\": \"adam\", \"lr\": 0.01}";

  /**
   * Tolerances: the losses per epoch agree to 1e-5 relative and every parameter to 2e-5 absolute
   * after 2 epochs of 6 steps; rounding differences of ~1e-7 per step, amplified through Adam's
   * division by sqrt(v) over 12 steps, stay well below that.
   */
  static final double LOSS_TOLERANCE = 1e-5;

  static final double PARAMETER_TOLERANCE = 2e-5;

  @Test
  void twoWorkersEqualOneMachineOnTheConcatenatedBatches() {
    JavaSparkContext spark = LocalSpark.get();
    Backend backend = Backends.get("vector");
    ArrayDataset data = TestModels.blobs(96, 8, 3, 11);
    try (Sequential distributed = TestModels.mlp(backend, 8, 16, 3, 5);
        Sequential single = TestModels.mlp(backend, 8, 16, 3, 5)) {
      SparkTrainer trainer =
          SparkTrainer.builder()
              .sparkContext(spark)
              .model(distributed)
              .loss(Map.of("type", "sparse_cross_entropy"))
              .optimizer(ADAM)
              .trainingData(spark.parallelize(Sample.of(data), 3), new int[] {8}, new int[] {})
              .workers(2)
              .batchSize(8)
              .shuffle(7)
              .gradientAveraging()
              .executorBackend("vector")
              .epochs(2)
              .progress(false)
              .build();
      long t0 = System.nanoTime();
      History spread = trainer.fit();
      System.out.printf(
          "gradient averaging: fit %.1f s, %s%n",
          (System.nanoTime() - t0) / 1e9, trainer.statistics());
      DataPlan plan = trainer.plan(data.size());
      assertThat(plan.stepsPerEpoch()).isEqualTo(6);
      assertThat(trainer.statistics().rounds()).isEqualTo(12);

      Optimizer adam = OptimizerSpec.builtIn().build(ADAM, single.parameters()).optimizer();
      History alone =
          Trainer.builder()
              .model(single)
              .optimizer(adam)
              .loss(new SparseCrossEntropy(Reduction.MEAN))
              .trainingData(TestModels.concatenated(data, plan, backend))
              .epochs(2)
              .progress(false)
              .build()
              .fit();

      for (int e = 1; e <= 2; e++) {
        double expected = alone.epoch(e).get("loss");
        assertThat(spread.epoch(e).get("loss"))
            .isCloseTo(expected, within(LOSS_TOLERANCE * expected));
      }
      assertThat(trainer.optimizer().iterations()).isEqualTo(adam.iterations()).isEqualTo(12);
      double largest = 0;
      for (Map.Entry<String, Tensor> p : single.parameters().entrySet()) {
        float[] a = p.getValue().toArray();
        float[] b = distributed.parameters().get(p.getKey()).toArray();
        for (int i = 0; i < a.length; i++) {
          largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
      }
      assertThat(largest).isLessThan(PARAMETER_TOLERANCE);
      // and training moved the parameters far more than that
      try (Sequential untrained = TestModels.mlp(backend, 8, 16, 3, 5)) {
        float[] before = untrained.parameters().get("0.weight").toArray();
        float[] after = distributed.parameters().get("0.weight").toArray();
        double moved = 0;
        for (int i = 0; i < before.length; i++) {
          moved = Math.max(moved, Math.abs(before[i] - after[i]));
        }
        assertThat(moved).isGreaterThan(100 * PARAMETER_TOLERANCE);
      }
    }
  }
}
