package dev.stratum.benchmarks;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.Batch;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.layers.Conv2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Flatten;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.MaxPool2d;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.nn.Layer;
import dev.stratum.nn.Loss;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.Adam;
import dev.stratum.optimizers.Sgd;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.Trainer;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Workloads 2 (dense autoencoder) and 3 (small CNN) of {@code WORKLOADS.md}, trained with the
 * project's own layers, loss, optimizer, data loader and {@link Trainer}: full 60,000-image epochs
 * shuffled each epoch with a partial last batch; one warm-up epoch, then timed epochs. A timed
 * epoch is everything the trainer does for it: gather each batch, forward, loss, zero gradients,
 * backward, optimizer step, read the loss. The quality figure (test MSE after 5 epochs, test
 * accuracy after 3) is taken between epochs, untimed.
 *
 * <p>Arguments, as {@code key=value}: {@code workload} ({@code dense-ae} or {@code cnn}), {@code
 * backend} (default {@code vector}), {@code threads} (vector backend; default 1), {@code epochs}
 * timed epochs (default 5), {@code limit} training images (default 60000), {@code loop} ({@code
 * trainer} or {@code plain}: the same step written as a bare loop, to measure the trainer's
 * overhead), {@code prefetch} batches prepared on the loader's thread (default 0: gathered on the
 * training thread, as the reference does), {@code data} (the Fashion-MNIST folder). Other {@code
 * opencl.*} system properties become OpenCL backend options; {@code quality-epoch} the epoch after
 * which the quality is measured (default the workload's, as in WORKLOADS.md). Prints one JSON
 * object in the form of {@code reference/workloads_torch.py}.
 */
public final class TrainingWorkloads {

  private TrainingWorkloads() {}

  /** The two workloads: model, loss, optimizer, batch size and quality epoch. */
  private enum Workload {
    DENSE_AE("dense-ae", 128, 5),
    CNN("cnn", 64, 3);

    final String label;
    final int batch;
    final int qualityEpoch;

    Workload(String label, int batch, int qualityEpoch) {
      this.label = label;
      this.batch = batch;
      this.qualityEpoch = qualityEpoch;
    }

    static Workload of(String label) {
      for (Workload w : values()) {
        if (w.label.equals(label)) {
          return w;
        }
      }
      throw new IllegalArgumentException("workload must be dense-ae or cnn, got " + label);
    }

    Layer model(Backend backend) {
      LayerOptions o = LayerOptions.defaults().on(backend).seed(0);
      return switch (this) {
        case DENSE_AE ->
            new Sequential(
                new Dense(784, 256, o),
                new Activation.ReLU(),
                new Dense(256, 64, o),
                new Activation.ReLU(),
                new Dense(64, 256, o),
                new Activation.ReLU(),
                new Dense(256, 784, o),
                new Activation.Sigmoid());
        case CNN ->
            new Sequential(
                new Conv2d(1, 16, 3, 1, 1, false, o),
                new Activation.ReLU(),
                new MaxPool2d(2),
                new Conv2d(16, 32, 3, 1, 1, false, o),
                new Activation.ReLU(),
                new MaxPool2d(2),
                new Flatten(),
                new Dense(1568, 10, o));
      };
    }

    Loss loss() {
      return this == DENSE_AE ? new MeanSquaredError() : new SparseCrossEntropy();
    }

    Optimizer optimizer(Layer model) {
      // SGD here keeps the learning rate inside the velocity (v = γv + ηg, θ -= v); with a
      // constant η this is PyTorch's b = γb + g, θ -= ηb scaled by η, step for step.
      return this == DENSE_AE
          ? new Adam(model.parameters(), 1e-3)
          : new Sgd(model.parameters(), 0.01, 0.9);
    }

    Dataset shape(ArrayDataset data) {
      return this == DENSE_AE
          ? data.withInputShape(784).inputsAsTargets()
          : data.withInputShape(1, 28, 28);
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> a = KeyValueArgs.parse(args);
    Workload workload = Workload.of(a.getOrDefault("workload", "dense-ae"));
    String backendName = a.getOrDefault("backend", "vector");
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "5"));
    int limit = Integer.parseInt(a.getOrDefault("limit", "60000"));
    boolean plain = a.getOrDefault("loop", "trainer").equals("plain");
    int prefetch = Integer.parseInt(a.getOrDefault("prefetch", "0"));
    Path folder = Path.of(a.getOrDefault("data", FashionMnist.DEFAULT_FOLDER));

    FashionMnist.Split split = FashionMnist.load(folder);
    Dataset train = workload.shape(split.train());
    if (limit < train.size()) {
      int[] first = new int[limit];
      for (int i = 0; i < limit; i++) {
        first[i] = i;
      }
      train = train.subset(first);
    }
    Dataset test = workload.shape(split.test());

    Map<String, String> options = new HashMap<>(OpenClSgemm.options().values());
    options.put("threads", Integer.toString(threads));
    try (Backend backend = Backends.create(backendName, new BackendOptions(options));
        TensorScope scope = TensorScope.open();
        Layer model = workload.model(backend);
        DataLoader loader =
            DataLoader.builder(train)
                .batchSize(workload.batch)
                .shuffle(1)
                .backend(backend)
                .prefetch(prefetch)
                .build()) {
      Optimizer optimizer = workload.optimizer(model);
      Loss loss = workload.loss();
      Timing timing = new Timing(workload, model, test, backend, train.size());
      timing.qualityAt =
          Integer.parseInt(
              a.getOrDefault("quality-epoch", Integer.toString(workload.qualityEpoch)));
      if (plain) {
        for (int epoch = 1; epoch <= epochs + 1; epoch++) {
          timing.onEpochBegin(null, epoch);
          for (Batch batch : loader) {
            try (TensorScope step = TensorScope.open();
                batch) {
              Tensor value = loss.compute(model.forward(batch.inputs()), batch.targets());
              optimizer.zeroGrad();
              value.backward();
              optimizer.step();
              value.item();
            }
          }
          timing.onEpochEnd(null, epoch, Map.of());
        }
      } else {
        Trainer.builder()
            .model(model)
            .optimizer(optimizer)
            .loss(loss)
            .trainingData(loader)
            .epochs(epochs + 1)
            .callbacks(timing)
            .progress(false)
            .build()
            .fit();
      }
      optimizer.close();
      List<Double> rates = new ArrayList<>(timing.rates.subList(1, timing.rates.size()));
      rates.sort(null);
      System.out.printf(
          Locale.ROOT,
          "{\"workload\": \"%s\", \"backend\": \"%s\", \"device\": \"%s\", \"threads\": %d,"
              + " \"loop\": \"%s\", \"prefetch\": %d, \"epochs_trained\": %d, \"samples_per_s\":"
              + " {\"min\": %.1f, \"median\": %.1f, \"max\": %.1f}, \"epoch_rates\": %s, \"%s\":"
              + " %.5f, \"quality_epoch\": %d, \"allocated_bytes_per_step\": %.0f,"
              + " \"gcs_last_epoch\": %d, \"heap_max_bytes\": %d}%n",
          workload.label,
          backend.name(),
          backend.device().replace("\"", "'"),
          threads,
          plain ? "plain" : "trainer",
          prefetch,
          epochs + 1,
          rates.getFirst(),
          median(rates),
          rates.getLast(),
          timing.rates,
          workload == Workload.DENSE_AE ? "test_mse" : "test_accuracy",
          timing.quality,
          timing.qualityEpoch,
          timing.bytesPerStep,
          timing.gcsLastEpoch,
          Runtime.getRuntime().maxMemory());
    }
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Times each epoch and measures the test quality after the workload's quality epoch. */
  private static final class Timing implements Callback {
    final List<Double> rates = new ArrayList<>();
    final Workload workload;
    final Layer model;
    final Dataset test;
    final Backend backend;
    final int trainSize;
    final int steps;
    long start;
    long allocatedAtStart;
    long gcsAtStart;
    double bytesPerStep;
    long gcsLastEpoch;
    double quality = Double.NaN;
    int qualityEpoch;
    int qualityAt;

    Timing(Workload workload, Layer model, Dataset test, Backend backend, int trainSize) {
      this.workload = workload;
      this.model = model;
      this.test = test;
      this.backend = backend;
      this.trainSize = trainSize;
      this.steps = (trainSize + workload.batch - 1) / workload.batch;
    }

    /**
     * Bytes allocated on the Java heap so far by every live thread (the training thread, the
     * backend's workers, a prefetching loader's thread): HotSpot's per-thread allocation counters,
     * which count every TLAB and outside-TLAB allocation. A thread that ended in between is lost;
     * the threads of a run live for all of it.
     */
    private static long allocatedBytes() {
      var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long total = 0;
      for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
        total += Math.max(0, bytes);
      }
      return total;
    }

    /** Garbage collections so far, of every collector. */
    private static long collections() {
      long total = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        total += Math.max(0, gc.getCollectionCount());
      }
      return total;
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch) {
      allocatedAtStart = allocatedBytes();
      gcsAtStart = collections();
      start = System.nanoTime();
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
      double seconds = (System.nanoTime() - start) / 1e9;
      rates.add(Math.round(trainSize / seconds * 10) / 10.0);
      bytesPerStep = (double) (allocatedBytes() - allocatedAtStart) / steps;
      gcsLastEpoch = collections() - gcsAtStart;
      if (epoch == qualityAt || qualityEpoch == 0 && epoch > qualityAt) {
        quality = evaluate();
        qualityEpoch = epoch;
      }
    }

    /** Test MSE (autoencoder) or test accuracy (classifier), in evaluation mode. */
    private double evaluate() {
      model.train(false);
      double total = 0;
      try (NoGrad off = Autograd.noGrad();
          DataLoader loader = new DataLoader(test, 1000, backend)) {
        for (Batch batch : loader) {
          try (TensorScope scope = TensorScope.open();
              batch) {
            Tensor y = model.forward(batch.inputs());
            if (workload == Workload.DENSE_AE) {
              total += y.sub(batch.targets()).square().sum().item();
            } else {
              total += y.argmax(1, false).eq(batch.targets()).sum().item();
            }
          }
        }
      } finally {
        model.train(true);
      }
      return workload == Workload.DENSE_AE ? total / (test.size() * 784.0) : total / test.size();
    }
  }
}
