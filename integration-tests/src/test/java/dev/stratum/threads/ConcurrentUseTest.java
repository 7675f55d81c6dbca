package dev.stratum.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.DataLoader;
import dev.stratum.layers.Conv2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Flatten;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.MaxPool2d;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.History;
import dev.stratum.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One backend used from several threads at once, which {@link Backend}'s contract allows ("a
 * backend may be called from several threads at once on different storages"): parallel inference
 * with one shared model, and two trainings side by side, each with its prefetching data loader.
 * Every result must equal, bit for bit, the one computed on one thread, and every storage must be
 * freed afterwards. Each backend is a private instance, so that the live-storage count is this
 * test's alone.
 */
class ConcurrentUseTest {

  static final int THREADS = 4;
  static final int ROUNDS = 20;
  static final int BATCHES = 6;
  static final int BATCH = 8;

  static List<String> backends() {
    return Backends.availableNames();
  }

  /** Conv(1→4, 3×3, pad 1)-ReLU-MaxPool 2-Flatten-Dense(256→10) on 16×16 images. */
  static Sequential cnn(Backend backend) {
    LayerOptions options = LayerOptions.defaults().on(backend).seed(11);
    return new Sequential(
        new Conv2d(1, 4, 3, 1, 1, false, options),
        new Activation.ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Dense(4 * 8 * 8, 10, options));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void parallelInferenceWithOneModelIsBitIdenticalToOneThread(String name) throws Exception {
    try (Backend backend = Backends.create(name, BackendOptions.defaults())) {
      SplittableRandom random = new SplittableRandom(2);
      float[][] inputs = new float[BATCHES][BATCH * 16 * 16];
      for (float[] batch : inputs) {
        for (int i = 0; i < batch.length; i++) {
          batch[i] = (float) random.nextGaussian();
        }
      }
      try (Sequential model = cnn(backend)) {
        model.train(false);
        int before = backend.liveStorages();
        int[][] expected = new int[BATCHES][];
        for (int b = 0; b < BATCHES; b++) {
          expected[b] = forwardBits(backend, model, inputs[b]);
        }

        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
          List<Future<List<String>>> results = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Callable<List<String>> work =
                () -> {
                  List<String> mismatches = new ArrayList<>();
                  start.await();
                  for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < BATCHES; i++) {
                      int b = (i + thread + round) % BATCHES; // threads on different batches
                      if (!java.util.Arrays.equals(
                          forwardBits(backend, model, inputs[b]), expected[b])) {
                        mismatches.add("thread " + thread + " round " + round + " batch " + b);
                      }
                    }
                  }
                  return mismatches;
                };
            results.add(pool.submit(work));
          }
          for (Future<List<String>> r : results) {
            assertThat(r.get(120, TimeUnit.SECONDS)).as("outputs unlike one thread's").isEmpty();
          }
        } finally {
          pool.shutdownNow();
        }
        assertThat(backend.liveStorages()).as("live storages after the threads").isEqualTo(before);
      }
    }
  }

  private static int[] forwardBits(Backend backend, Sequential model, float[] input) {
    try (NoGrad ignored = Autograd.noGrad();
        TensorScope scope = TensorScope.open()) {
      float[] out = model.forward(Tensor.of(backend, input, BATCH, 1, 16, 16)).toArray();
      int[] bits = new int[out.length];
      for (int i = 0; i < out.length; i++) {
        bits[i] = Float.floatToRawIntBits(out[i]);
      }
      return bits;
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void twoTrainingsAtOnceMatchTheirRunsAlone(String name) throws Exception {
    try (Backend backend = Backends.create(name, BackendOptions.defaults())) {
      int before = backend.liveStorages();
      Run alone0 = train(backend, 0);
      Run alone1 = train(backend, 1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Run> together0 =
            pool.submit(
                () -> {
                  start.await();
                  return train(backend, 0);
                });
        Future<Run> together1 =
            pool.submit(
                () -> {
                  start.await();
                  return train(backend, 1);
                });
        assertThat(together0.get(120, TimeUnit.SECONDS)).isEqualTo(alone0);
        assertThat(together1.get(120, TimeUnit.SECONDS)).isEqualTo(alone1);
      } finally {
        pool.shutdownNow();
      }
      assertThat(alone0).isNotEqualTo(alone1); // so the comparison above can fail
      assertThat(backend.liveStorages()).as("live storages after the runs").isEqualTo(before);
    }
  }

  /** A run's loss history and final weights, as bits (records compare lists element-wise). */
  record Run(List<Map<String, Double>> history, List<List<Integer>> weights) {}

  /** Three epochs of a 16-32-4 classifier with Adam; {@code seed} picks data, weights and order. */
  private static Run train(Backend backend, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 320;
    float[] x = new float[n * 16];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 16; j++) {
        x[i * 16 + j] = (float) random.nextGaussian();
      }
      y[i] =
          x[i * 16] + x[i * 16 + 1] > 0 ? (x[i * 16 + 2] > 0 ? 0 : 1) : (x[i * 16 + 3] > 0 ? 2 : 3);
    }
    LayerOptions options = LayerOptions.defaults().on(backend).seed(seed + 100);
    try (Sequential model =
            new Sequential(
                new Dense(16, 32, options), new Activation.ReLU(), new Dense(32, 4, options));
        Adam adam = new Adam(model.parameters(), 1e-2);
        DataLoader loader =
            DataLoader.builder(ArrayDataset.of(x, new int[] {16}, y, new int[] {}))
                .batchSize(16)
                .shuffle(seed)
                .backend(backend)
                .prefetch(2)
                .build()) {
      History history =
          Trainer.builder()
              .model(model)
              .optimizer(adam)
              .loss(new SparseCrossEntropy())
              .trainingData(loader)
              .epochs(3)
              .progress(false)
              .build()
              .fit();
      List<List<Integer>> weights = new ArrayList<>();
      for (Tensor p : model.parameters().values()) {
        List<Integer> bits = new ArrayList<>();
        for (float v : p.toArray()) {
          bits.add(Float.floatToRawIntBits(v));
        }
        weights.add(bits);
      }
      return new Run(history.epochs(), weights);
    }
  }
}
