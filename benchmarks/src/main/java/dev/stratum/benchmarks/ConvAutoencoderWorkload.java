package dev.stratum.benchmarks;

import dev.stratum.autoencoders.Autoencoder;
import dev.stratum.autoencoders.Autoencoders;
import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.data.Batch;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.layers.LayerOptions;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Workload 5 of {@code WORKLOADS.md}, the convolutional autoencoder ({@link
 * Autoencoders#convolutional}: Conv2d(1,16,3,s2,p1)-ReLU-Conv2d(16,32,3,s2,p1)-ReLU,
 * ConvTranspose2d(32,16,3,s2,p1,op1)-ReLU-ConvTranspose2d(16,1,3,s2,p1,op1)-Sigmoid), MSE against
 * the input, Adam 1e-3, batch 128, trained with the {@link Trainer} and the autoencoder's own step
 * ({@code ae.step(adam)}) as a user would. An "epoch" here is {@code limit} training images
 * (default 12,800: 100 steps), shuffled, the last batch partial; one warm-up epoch, then {@code
 * epochs} timed ones, each timed whole (gather, forward, loss, zero gradients, backward, step, read
 * the loss). The test MSE over the 10,000 test images is taken after the last epoch, untimed.
 *
 * <p>Arguments as {@code key=value}: {@code backend} (default {@code vector}), {@code threads}
 * (default 1), {@code epochs} (default 5), {@code limit} (default 12800), {@code seed} (of the
 * initial weights and the shuffling, default 0), {@code data}. Prints one JSON object in the form
 * of {@code TrainingWorkloads}, for {@code reference/workloads_table.py}.
 */
public final class ConvAutoencoderWorkload {

  private ConvAutoencoderWorkload() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = KeyValueArgs.parse(args);
    String backendName = a.getOrDefault("backend", "vector");
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "5"));
    int limit = Integer.parseInt(a.getOrDefault("limit", "12800"));
    long seed = Long.parseLong(a.getOrDefault("seed", "0"));
    Path folder = Path.of(a.getOrDefault("data", FashionMnist.DEFAULT_FOLDER));

    FashionMnist.Split split = FashionMnist.load(folder);
    Dataset train = split.train().withInputShape(1, 28, 28);
    int[] first = new int[Math.min(limit, train.size())];
    for (int i = 0; i < first.length; i++) {
      first[i] = i;
    }
    train = train.subset(first).inputsAsTargets();
    Dataset test = split.test().withInputShape(1, 28, 28).inputsAsTargets();

    Map<String, String> options = new HashMap<>(OpenClSgemm.options().values());
    options.put("threads", Integer.toString(threads));
    try (Backend backend = Backends.create(backendName, new BackendOptions(options));
        TensorScope scope = TensorScope.open();
        Autoencoder model =
            Autoencoders.convolutional(LayerOptions.defaults().on(backend).seed(seed));
        Adam adam = new Adam(model.parameters(), 1e-3);
        DataLoader loader =
            DataLoader.builder(train)
                .batchSize(128)
                .shuffle(seed + 1)
                .backend(backend)
                .prefetch(0)
                .build()) {
      List<Double> rates = new ArrayList<>();
      int size = train.size();
      Callback timing =
          new Callback() {
            long start;

            @Override
            public void onEpochBegin(TrainingContext context, int epoch) {
              start = System.nanoTime();
            }

            @Override
            public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> m) {
              rates.add(Math.round(size / ((System.nanoTime() - start) / 1e9) * 10) / 10.0);
            }
          };
      Trainer.builder()
          .model(model)
          .optimizer(adam)
          .step(model.step(adam))
          .trainingData(loader)
          .epochs(epochs + 1)
          .callbacks(timing)
          .progress(false)
          .build()
          .fit();
      double mse = testMse(model, test, backend);
      List<Double> timed = new ArrayList<>(rates.subList(1, rates.size()));
      timed.sort(null);
      double median =
          timed.size() % 2 == 1
              ? timed.get(timed.size() / 2)
              : (timed.get(timed.size() / 2 - 1) + timed.get(timed.size() / 2)) / 2;
      System.out.printf(
          Locale.ROOT,
          "{\"workload\": \"conv-ae\", \"backend\": \"%s\", \"device\": \"%s\", \"threads\": %d,"
              + " \"loop\": \"trainer\", \"prefetch\": 0, \"epochs_trained\": %d, \"images_per_epoch\":"
              + " %d, \"samples_per_s\": {\"min\": %.1f, \"median\": %.1f, \"max\": %.1f},"
              + " \"epoch_rates\": %s, \"test_mse\": %.5f, \"quality_epoch\": %d}%n",
          backend.name(),
          backend.device().replace("\"", "'"),
          threads,
          epochs + 1,
          size,
          timed.getFirst(),
          median,
          timed.getLast(),
          rates,
          mse,
          epochs + 1);
    }
  }

  private static double testMse(Autoencoder model, Dataset test, Backend backend) {
    model.train(false);
    double total = 0;
    try (NoGrad off = Autograd.noGrad();
        DataLoader loader = new DataLoader(test, 1000, backend)) {
      for (Batch batch : loader) {
        try (TensorScope scope = TensorScope.open();
            batch) {
          total += model.reconstruct(batch.inputs()).sub(batch.targets()).square().sum().item();
        }
      }
    } finally {
      model.train(true);
    }
    return total / (test.size() * 784.0);
  }
}
