package dev.stratum.autoencoders.gan;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
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
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.optimizers.Adam;
import dev.stratum.optimizers.Sgd;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.History;
import dev.stratum.train.Metric;
import dev.stratum.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The module README's GAN figures on full Fashion-MNIST: a classifier (workload 3's CNN) trained on
 * the 60,000 training images judges 1,000 samples of a dense GAN and of a DCGAN-style GAN, each
 * trained on the same images, beside 1,000 real test images and 1,000 samples of the untrained
 * generator; {@link SampleQuality} at confidence 0.9. Writes {@code target/gan-figures.md} and the
 * sample grids {@code target/gan-*.png}. Opt-in, since it trains for a long time:
 *
 * <pre>
 * ./mvnw -pl autoencoders -am test -Dtest=GanFigures -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dstratum.figures=true [-Dgan.denseEpochs=20] [-Dgan.convEpochs=5] [-Dgan.width=16]
 * </pre>
 */
public class GanFigures {

  static final double THRESHOLD = 0.9;
  static final int SAMPLES = 1000;

  @Test
  public void measureTheGanFiguresOnFullFashionMnist() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("stratum.figures"),
        "skipped: the full Fashion-MNIST figures run only with -Dstratum.figures=true");
    Path folder = Path.of(FashionMnist.DEFAULT_FOLDER);
    Assumptions.assumeTrue(
        Files.isDirectory(folder),
        "skipped: Fashion-MNIST is not in " + folder + ": apt-get install dataset-fashion-mnist");
    int denseEpochs = Integer.getInteger("gan.denseEpochs", 20);
    int convEpochs = Integer.getInteger("gan.convEpochs", 5);
    int width = Integer.getInteger("gan.width", 16);
    FashionMnist.Split data = FashionMnist.load(folder);
    Backend backend = Backends.get();
    Path target = Path.of(System.getProperty("user.dir"), "target");
    List<String> out = new ArrayList<>();
    out.add("Machine: " + machine() + "; backend " + backend.name() + ".");
    out.add("Load average before: " + load() + ".");
    long start = System.nanoTime();

    try (Sequential classifier = classifier(backend)) {
      double accuracy = trainClassifier(classifier, data, backend);
      out.add(
          String.format(
              Locale.ROOT,
              "Classifier: workload 3's CNN, 3 epochs of SGD (lr 0.01, momentum 0.9, batch 64);"
                  + " test accuracy %.4f.",
              accuracy));
      out.add("");
      out.add("| samples | training | share at p ≥ 0.9 | spread | confident per class |");
      out.add("|---|---|---:|---:|---|");
      try (TensorScope scope = TensorScope.open()) {
        Tensor real = data.test().batch(backend, range(SAMPLES)).inputs();
        row(out, "1,000 real test images", "—", SampleQuality.measure(classifier, real, THRESHOLD));
      }

      try (Gan dense = Gan.dense(LayerOptions.defaults().on(backend).seed(1), 784, 64, 256, 512)) {
        row(out, "dense GAN, untrained", "—", quality(dense, classifier, backend));
        History h = trainGan(dense, data.train().withInputShape(784), backend, denseEpochs);
        row(
            out,
            "dense GAN 64 → 256 → 512 → 784",
            denseEpochs + " epochs, " + last(h),
            quality(dense, classifier, backend));
        grid(dense, backend, target.resolve("gan-dense.png"));
      }
      try (Gan conv = Gan.convolutional(LayerOptions.defaults().on(backend).seed(2), 64, width)) {
        History h = trainGan(conv, data.train(), backend, convEpochs);
        row(
            out,
            "DCGAN-style, z 64, width " + width,
            convEpochs + " epochs, " + last(h),
            quality(conv, classifier, backend));
        grid(conv, backend, target.resolve("gan-dcgan.png"));
      }
    }
    out.add("");
    out.add(
        String.format(
            Locale.ROOT,
            "GANs: Adam (lr 2e-4, β₁ 0.5), batch 64, codes from the Philox generator; 1,000"
                + " samples each. Total time %.0f s; load average after: %s.",
            (System.nanoTime() - start) / 1e9,
            load()));
    String text = String.join("\n", out) + "\n";
    System.out.print(text);
    Files.createDirectories(target);
    Files.writeString(target.resolve("gan-figures.md"), text, StandardCharsets.UTF_8);
  }

  /** Workload 3's CNN: conv 16 → pool → conv 32 → pool → dense 10, on {@code [N, 1, 28, 28]}. */
  static Sequential classifier(Backend backend) {
    LayerOptions o = LayerOptions.defaults().on(backend).seed(3);
    return new Sequential(
        new Conv2d(1, 16, 3, 1, 1, false, o),
        new Activation.ReLU(),
        new MaxPool2d(2),
        new Conv2d(16, 32, 3, 1, 1, false, o),
        new Activation.ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Dense(1568, 10, o));
  }

  static double trainClassifier(Sequential classifier, FashionMnist.Split data, Backend backend) {
    try (Sgd sgd = new Sgd(classifier.parameters(), 0.01, 0.9);
        DataLoader train =
            DataLoader.builder(data.train()).batchSize(64).shuffle(4).backend(backend).build();
        DataLoader test = DataLoader.builder(data.test()).batchSize(500).backend(backend).build()) {
      History h =
          Trainer.builder()
              .model(classifier)
              .optimizer(sgd)
              .loss(new SparseCrossEntropy())
              .metrics(Metric.accuracy())
              .trainingData(train)
              .validationData(test)
              .epochs(3)
              .progress(false)
              .build()
              .fit();
      System.out.println("classifier: " + h.epochs());
      return h.last().get("val_accuracy");
    }
  }

  static History trainGan(Gan gan, Dataset images, Backend backend, int epochs) {
    try (Adam d = Gan.adam(gan.discriminatorParameters(), 2e-4);
        Adam g = Gan.adam(gan.generatorParameters(), 2e-4);
        DataLoader train =
            DataLoader.builder(images).batchSize(64).shuffle(5).backend(backend).build()) {
      long t0 = System.nanoTime();
      History h =
          Trainer.builder()
              .model(gan)
              .step(gan.step(d, g))
              .trainingData(train)
              .epochs(epochs)
              .progress(false)
              .callbacks(
                  new dev.stratum.callback.Callback() {
                    @Override
                    public void onEpochEnd(
                        dev.stratum.callback.TrainingContext c,
                        int epoch,
                        java.util.Map<String, Double> m) {
                      System.out.printf(
                          "%s epoch %d (%.0f s): %s%n",
                          gan, epoch, (System.nanoTime() - t0) / 1e9, m);
                    }
                  })
              .build()
              .fit();
      return h;
    }
  }

  static SampleQuality quality(Gan gan, Sequential classifier, Backend backend) {
    gan.eval();
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      Tensor samples = gan.sample(backend, SAMPLES, new Generator(99)).reshape(SAMPLES, 1, 28, 28);
      return SampleQuality.measure(classifier, samples, THRESHOLD);
    } finally {
      gan.train(true);
    }
  }

  static void grid(Gan gan, Backend backend, Path file) throws IOException {
    gan.eval();
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      ImageGrid.write(gan.sample(backend, 64, new Generator(7)), 28, 28, 8, 2, file);
    } finally {
      gan.train(true);
    }
  }

  static String last(History h) {
    var m = h.last();
    return String.format(
        Locale.ROOT,
        "last epoch L_G %.3f, L_D %.3f, d_real %.3f, d_fake %.3f",
        m.get("loss"),
        m.get("discriminator"),
        m.get("d_real"),
        m.get("d_fake"));
  }

  static void row(List<String> out, String what, String training, SampleQuality q) {
    out.add(
        String.format(
            Locale.ROOT,
            "| %s | %s | **%.3f** | %.3f | %s |",
            what,
            training,
            q.confidentShare(),
            q.spread(),
            java.util.Arrays.toString(q.confidentPerClass())));
    System.out.println(out.getLast());
  }

  static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** The processor, core count and widest SIMD, from {@code lscpu}. */
  public static String machine() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("lscpu").start();
    String model = "?";
    String flags = "";
    for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
      if (line.startsWith("Model name:")) {
        model = line.substring(line.indexOf(':') + 1).strip();
      } else if (line.startsWith("Flags:")) {
        flags = line;
      }
    }
    p.waitFor();
    String simd =
        flags.contains(" avx512f")
            ? "AVX-512"
            : flags.contains(" avx2") ? "AVX2 (no AVX-512)" : "no AVX2";
    return model + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + simd;
  }

  /** The load averages of {@code /proc/loadavg}. */
  public static String load() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }
}
