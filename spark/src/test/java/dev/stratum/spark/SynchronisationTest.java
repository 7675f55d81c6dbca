package dev.stratum.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.ArrayDataset;
import dev.stratum.layers.Sequential;
import dev.stratum.tensor.Tensor;
import dev.stratum.train.History;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The sliced all-reduce against {@code treeAggregate}, for both methods: the same run (same model,
 * data, seed) with each synchronisation ends with the same parameters and losses, up to the order
 * of the float additions. Three workers on {@code local[2]}, so that the sums have three terms (two
 * would commute exactly) and the vectors cut into three slices: the MLP 4-5-2 has 37 parameters,
 * and with momentum's state the parameter-averaging vector has 79 values (the test checks both
 * counts): neither is divisible by 3.
 */
class SynchronisationTest {

  /**
   * Tolerances: every parameter within 1e-5 absolute, each epoch's loss within 1e-6 relative. The
   * sums of three float terms in another order differ by a few ulps (~1e-7 here) a round; momentum
   * SGD over 2 epochs of 4 rounds does not amplify that beyond a few times.
   */
  static final double PARAMETER_TOLERANCE = 1e-5;

  static final double LOSS_TOLERANCE = 1e-6;

  private static final String MOMENTUM =
      "{\"optimizer\": \"momentum\", \"lr\": 0.1, \"momentum\": 0.9}";

  @Test
  void gradientAveragingGivesTheSameParametersEitherWay() {
    compare(false);
  }

  @Test
  void parameterAveragingGivesTheSameParametersEitherWay() {
    compare(true);
  }

  private static void compare(boolean parameterAveraging) {
    Backend backend = Backends.get("vector");
    ArrayDataset data = TestModels.blobs(72, 4, 2, 21);
    Map<Synchronisation, Map<String, float[]>> parameters = new HashMap<>();
    Map<Synchronisation, double[]> losses = new HashMap<>();
    for (Synchronisation sync : Synchronisation.values()) {
      try (Sequential model = TestModels.mlp(backend, 4, 5, 2, 8)) {
        SparkTrainer trainer = trainer(model, data, sync, parameterAveraging);
        History history = trainer.fit();
        assertThat(trainer.statistics().rounds()).isEqualTo(parameterAveraging ? 4 : 8);
        int length = Layout.of(model.parameters()).size();
        if (parameterAveraging) {
          Map<String, Tensor> state = trainer.optimizer().state();
          length += Layout.of(state).size();
          state.values().forEach(Tensor::close);
        }
        assertThat(length).as("values a round").isEqualTo(parameterAveraging ? 79 : 37);
        losses.put(sync, history.metric("loss"));
        Map<String, float[]> values = new HashMap<>();
        model.parameters().forEach((name, p) -> values.put(name, p.toArray()));
        parameters.put(sync, values);
      }
    }
    Map<String, float[]> tree = parameters.get(Synchronisation.TREE_AGGREGATE);
    Map<String, float[]> sliced = parameters.get(Synchronisation.SLICED_ALL_REDUCE);
    double largest = 0;
    for (String name : tree.keySet()) {
      float[] a = tree.get(name);
      float[] b = sliced.get(name);
      for (int i = 0; i < a.length; i++) {
        largest = Math.max(largest, Math.abs(a[i] - b[i]));
      }
    }
    assertThat(largest).isLessThan(PARAMETER_TOLERANCE);
    double[] a = losses.get(Synchronisation.TREE_AGGREGATE);
    double[] b = losses.get(Synchronisation.SLICED_ALL_REDUCE);
    for (int e = 0; e < a.length; e++) {
      assertThat(b[e]).isCloseTo(a[e], within(LOSS_TOLERANCE * a[e]));
    }
    // and training moved the parameters far more than the tolerance
    try (Sequential untrained = TestModels.mlp(backend, 4, 5, 2, 8)) {
      float[] before = untrained.parameters().get("0.weight").toArray();
      float[] after = sliced.get("0.weight");
      double moved = 0;
      for (int i = 0; i < before.length; i++) {
        moved = Math.max(moved, Math.abs(before[i] - after[i]));
      }
      assertThat(moved).isGreaterThan(100 * PARAMETER_TOLERANCE);
    }
  }

  private static SparkTrainer trainer(
      Sequential model, ArrayDataset data, Synchronisation sync, boolean parameterAveraging) {
    JavaSparkContext spark = LocalSpark.get();
    SparkTrainer.Builder b =
        SparkTrainer.builder()
            .sparkContext(spark)
            .model(model)
            .loss(Map.of("type", "sparse_cross_entropy"))
            .optimizer(MOMENTUM)
            .trainingData(spark.parallelize(Sample.of(data), 2), new int[] {4}, new int[] {})
            .workers(3)
            .batchSize(6)
            .shuffle(5)
            .synchronisation(sync)
            .executorBackend("vector")
            .epochs(2)
            .progress(false);
    return (parameterAveraging ? b.parameterAveraging(2) : b.gradientAveraging()).build();
  }

  @Test
  void slicesOfAnOddLengthDifferByOneAndGatherBack() throws Exception {
    Contribution c = new Contribution();
    c.values = new float[] {1, 2, 3, 4, 5, 6, 7};
    c.samples = 4;
    c.steps = 2;
    c.lossSum = 9;
    List<scala.Tuple2<Integer, Contribution>> parts = toList(new SlicedAllReduce.Split(3).call(c));
    assertThat(parts).extracting(t -> t._2().values.length).containsExactly(2, 2, 3);
    assertThat(parts).extracting(t -> t._2().samples).containsOnly(4L);
    assertThat(parts).extracting(t -> t._2().lossSum).containsExactly(9.0, 0.0, 0.0);
    Contribution back =
        SlicedAllReduce.gather(List.of(parts.get(2), parts.get(0), parts.get(1)), 3);
    assertThat(back.values).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(back.samples).isEqualTo(4);
    assertThat(back.lossSum).isEqualTo(9.0);
    // fewer values than slices: the first slices are empty
    c.values = new float[] {8};
    assertThat(toList(new SlicedAllReduce.Split(3).call(c)))
        .extracting(t -> t._2().values.length)
        .containsExactly(0, 0, 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SlicedAllReduce.gather(List.of(parts.get(0), parts.get(2)), 3))
        .hasMessage("spark trainer: the sliced all-reduce lost slice 1 of 0..2");
  }

  private static <T> List<T> toList(java.util.Iterator<T> it) {
    List<T> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
