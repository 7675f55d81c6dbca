package dev.stratum.benchmarks;

import dev.stratum.autoencoders.vae.Likelihood;
import dev.stratum.autoencoders.vae.VariationalAutoencoder;
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
 * The VAE on the dense architecture of workload 2 ({@code WORKLOADS.md}), trained with the
 * project's {@link VariationalAutoencoder}, its step and the {@link Trainer}: encoder {@code
 * Dense(784,256) → ReLU → Dense(256,128)} (μ and log σ², 64 each), {@code z = μ + σ·ε}, decoder
 * {@code Dense(64,256) → ReLU → Dense(256,784)} on logits, loss = batch mean of the summed
 * Bernoulli cross-entropy plus the KL term; Adam (lr 1e-3), batch 128, full 60,000-image epochs
 * shuffled each epoch with a partial last batch; one warm-up epoch, then timed epochs. A timed
 * epoch is everything the trainer does: gather each batch, draw ε, forward, loss, zero gradients,
 * backward, optimizer step, read the loss. The quality figure, untimed: the test negative ELBO
 * (nats per image, one draw of ε) after 5 epochs (after the last, if fewer).
 *
 * <p>Arguments, as {@code key=value}: {@code backend} (default {@code vector}), {@code threads}
 * (default 1), {@code epochs} timed epochs (default 5), {@code limit} training images, {@code data}
 * (the Fashion-MNIST folder). Prints one JSON object in the form of {@code reference/vae_torch.py}.
 */
public final class VaeWorkload {

  private VaeWorkload() {}

  static final int QUALITY_EPOCH = 5;

  public static void main(String[] args) throws IOException {
    Map<String, String> a = KeyValueArgs.parse(args);
    String backendName = a.getOrDefault("backend", "vector");
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "5"));
    int limit = Integer.parseInt(a.getOrDefault("limit", "60000"));
    Path folder = Path.of(a.getOrDefault("data", FashionMnist.DEFAULT_FOLDER));

    FashionMnist.Split split = FashionMnist.load(folder);
    Dataset train = split.train().withInputShape(784).inputsAsTargets();
    if (limit < train.size()) {
      int[] first = new int[limit];
      for (int i = 0; i < limit; i++) {
        first[i] = i;
      }
      train = train.subset(first);
    }
    Dataset test = split.test().withInputShape(784).inputsAsTargets();

    Map<String, String> options = new HashMap<>(OpenClSgemm.options().values());
    options.put("threads", Integer.toString(threads));
    try (Backend backend = Backends.create(backendName, new BackendOptions(options));
        TensorScope scope = TensorScope.open();
        VariationalAutoencoder vae =
            VariationalAutoencoder.dense(
                LayerOptions.defaults().on(backend).seed(0), Likelihood.BERNOULLI, 784, 256, 64);
        Adam adam = new Adam(vae.parameters(), 1e-3);
        DataLoader loader =
            DataLoader.builder(train)
                .batchSize(128)
                .shuffle(1)
                .backend(backend)
                .prefetch(0)
                .build()) {
      Timing timing =
          new Timing(vae, test, backend, train.size(), Math.min(QUALITY_EPOCH, epochs + 1));
      Trainer.builder()
          .model(vae)
          .optimizer(adam)
          .step(vae.step(adam))
          .trainingData(loader)
          .epochs(epochs + 1)
          .callbacks(timing)
          .progress(false)
          .build()
          .fit();
      List<Double> rates = new ArrayList<>(timing.rates.subList(1, timing.rates.size()));
      rates.sort(null);
      System.out.printf(
          Locale.ROOT,
          "{\"workload\": \"vae\", \"backend\": \"%s\", \"device\": \"%s\", \"threads\": %d,"
              + " \"loop\": \"trainer\", \"epochs_trained\": %d, \"samples_per_s\": {\"min\": %.1f,"
              + " \"median\": %.1f, \"max\": %.1f}, \"epoch_rates\": %s, \"test_neg_elbo\": %.3f,"
              + " \"quality_epoch\": %d}%n",
          backend.name(),
          backend.device().replace("\"", "'"),
          threads,
          epochs + 1,
          rates.getFirst(),
          median(rates),
          rates.getLast(),
          timing.rates,
          timing.quality,
          timing.qualityEpoch);
    }
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Times each epoch and measures the test negative ELBO after the quality epoch. */
  private static final class Timing implements Callback {
    final List<Double> rates = new ArrayList<>();
    final VariationalAutoencoder vae;
    final Dataset test;
    final Backend backend;
    final int trainSize;
    final int measureAt;
    long start;
    double quality = Double.NaN;
    int qualityEpoch;

    Timing(
        VariationalAutoencoder vae, Dataset test, Backend backend, int trainSize, int measureAt) {
      this.measureAt = measureAt;
      this.vae = vae;
      this.test = test;
      this.backend = backend;
      this.trainSize = trainSize;
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch) {
      start = System.nanoTime();
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
      double seconds = (System.nanoTime() - start) / 1e9;
      rates.add(Math.round(trainSize / seconds * 10) / 10.0);
      if (epoch == measureAt) {
        quality = evaluate();
        qualityEpoch = epoch;
      }
    }

    /** The mean negative ELBO of the test images, one draw of ε each, in evaluation mode. */
    private double evaluate() {
      vae.train(false);
      double total = 0;
      try (NoGrad off = Autograd.noGrad();
          DataLoader loader = new DataLoader(test, 1000, backend)) {
        for (Batch batch : loader) {
          try (TensorScope scope = TensorScope.open();
              batch) {
            total += vae.elbo(batch.inputs(), batch.targets()).negativeElbo().sum().item();
          }
        }
      } finally {
        vae.train(true);
      }
      return total / test.size();
    }
  }
}
