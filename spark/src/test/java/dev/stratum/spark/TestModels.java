package dev.stratum.spark;

import dev.stratum.backend.Backend;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.Batch;
import dev.stratum.data.Dataset;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/** Small models and data for the Spark tests. */
final class TestModels {

  private TestModels() {}

  /** {@code Dense(in, hidden) - ReLU - Dense(hidden, classes)}, initialised from {@code seed}. */
  static Sequential mlp(Backend backend, int in, int hidden, int classes, long seed) {
    LayerOptions options = LayerOptions.defaults().on(backend).seed(seed);
    return new Sequential(
        new Dense(in, hidden, options), new Activation.ReLU(), new Dense(hidden, classes, options));
  }

  /** {@code n} points in {@code features} dimensions around one of {@code classes} centres. */
  static ArrayDataset blobs(int n, int features, int classes, long seed) {
    Random random = new Random(seed);
    float[][] centres = new float[classes][features];
    for (float[] c : centres) {
      for (int j = 0; j < features; j++) {
        c[j] = (float) (2 * random.nextGaussian());
      }
    }
    float[] x = new float[n * features];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(classes);
      y[i] = label;
      for (int j = 0; j < features; j++) {
        x[i * features + j] = centres[label][j] + (float) random.nextGaussian();
      }
    }
    return ArrayDataset.of(x, new int[] {features}, y, new int[] {});
  }

  /**
   * One machine's batches for the same run: at step {@code t} of epoch {@code e}, the samples every
   * worker takes at that step under {@code plan}, put together. Each {@code iterator()} is the next
   * epoch, as the Trainer expects.
   */
  static Iterable<Batch> concatenated(Dataset data, DataPlan plan, Backend backend) {
    return new Iterable<>() {
      private int epoch;

      @Override
      public Iterator<Batch> iterator() {
        epoch++;
        List<Batch> batches = new ArrayList<>();
        for (int step = 0; step < plan.stepsPerEpoch(); step++) {
          List<Integer> indices = new ArrayList<>();
          for (int w = 0; w < plan.workers(); w++) {
            for (long i : plan.sampleIndices(epoch, w, step)) {
              indices.add((int) i);
            }
          }
          batches.add(data.batch(backend, indices.stream().mapToInt(Integer::intValue).toArray()));
        }
        return batches.iterator();
      }
    };
  }
}
