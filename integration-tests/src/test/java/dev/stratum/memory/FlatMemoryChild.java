package dev.stratum.memory;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.backend.opencl.OpenClBackend;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.DataLoader;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.optimizers.Adam;
import dev.stratum.train.Trainer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A child JVM for {@link FlatMemoryTest} and for {@code scripts/soak.sh}: trains a 16-32-4
 * classifier with Adam on 1,600 random samples, batch 16 (100 steps an epoch), with a prefetching
 * {@link DataLoader}, and after every epoch prints one line {@code epoch E step S live L rssKiB R
 * heapKiB H deviceBytes D}: the backend's live storages, the process's resident set ({@code VmRSS}
 * of {@code /proc/self/status}), the Java heap in use after a full collection, and the OpenCL
 * backend's device bytes (-1 on other backends).
 *
 * <p>Arguments: backend name, epochs (0: no limit), and optionally seconds between lines instead of
 * one line per epoch, and the seconds after which to stop (at the end of an epoch).
 */
public final class FlatMemoryChild {

  private FlatMemoryChild() {}

  public static void main(String[] args) throws IOException {
    String name = args[0];
    int epochs = Integer.parseInt(args[1]);
    long everyNanos = args.length > 2 ? Long.parseLong(args[2]) * 1_000_000_000L : 0;
    long stopNanos = args.length > 3 ? Long.parseLong(args[3]) * 1_000_000_000L : Long.MAX_VALUE;
    long started = System.nanoTime();
    try (Backend backend = Backends.create(name, BackendOptions.defaults())) {
      SplittableRandom random = new SplittableRandom(5);
      int n = 1600;
      float[] x = new float[n * 16];
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        float sum = 0;
        for (int j = 0; j < 16; j++) {
          x[i * 16 + j] = (float) random.nextGaussian();
          sum += x[i * 16 + j] * (j % 3 - 1);
        }
        y[i] = sum > 1 ? 0 : sum > 0 ? 1 : sum > -1 ? 2 : 3;
      }
      LayerOptions options = LayerOptions.defaults().on(backend).seed(3);
      try (Sequential model =
              new Sequential(
                  new Dense(16, 32, options), new Activation.ReLU(), new Dense(32, 4, options));
          Adam adam = new Adam(model.parameters(), 1e-3);
          DataLoader loader =
              DataLoader.builder(ArrayDataset.of(x, new int[] {16}, y, new int[] {}))
                  .batchSize(16)
                  .shuffle(1)
                  .backend(backend)
                  .build()) {
        // NOTE: one fit() per epoch, so that no History outlives its epoch: a single fit over
        // 10^6 epochs would keep 10^6 maps, growth that is by design and would hide a leak
        Trainer trainer =
            Trainer.builder()
                .model(model)
                .optimizer(adam)
                .loss(new SparseCrossEntropy())
                .trainingData(loader)
                .epochs(1)
                .progress(false)
                .build();
        long last = System.nanoTime();
        for (int epoch = 1; epochs == 0 || epoch <= epochs; epoch++) {
          double loss = trainer.fit().last().get("loss");
          long now = System.nanoTime();
          boolean done = now - started >= stopNanos;
          if (everyNanos == 0 || now - last >= everyNanos || done) {
            last = now;
            System.out.println(line(backend, epoch, epoch * (long) loader.batchCount(), loss));
            System.out.flush();
          }
          if (done) {
            break;
          }
        }
      }
    }
  }

  private static String line(Backend backend, int epoch, long step, double loss) {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    long device = backend instanceof OpenClBackend cl ? cl.deviceBytes() : -1;
    return "epoch "
        + epoch
        + " step "
        + step
        + " live "
        + backend.liveStorages()
        + " rssKiB "
        + rssKiB()
        + " heapKiB "
        + heap
        + " deviceBytes "
        + device
        + " loss "
        + loss;
  }

  /** {@code VmRSS} of {@code /proc/self/status}, in KiB; -1 where there is no such file. */
  static long rssKiB() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }
}
