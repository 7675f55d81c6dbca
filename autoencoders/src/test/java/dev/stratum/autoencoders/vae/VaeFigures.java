package dev.stratum.autoencoders.vae;

import dev.stratum.autoencoders.gan.GanFigures;
import dev.stratum.autoencoders.gan.ImageGrid;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.History;
import dev.stratum.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The module README's VAE figures on full Fashion-MNIST (60,000 training and 10,000 test images):
 * the test negative ELBO of a dense Bernoulli VAE, anomaly detection by the negative ELBO (bags
 * against the nine other classes, as the autoencoders' figure) and a 2-unit latent code by 5-NN
 * accuracy. Writes {@code target/vae-figures.md} and {@code target/vae-samples.png} (prior samples,
 * then interpolations). Opt-in:
 *
 * <pre>
 * ./mvnw -pl autoencoders -am test -Dtest=VaeFigures -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dstratum.figures=true
 * </pre>
 */
class VaeFigures {

  @Test
  void measureTheVaeFiguresOnFullFashionMnist() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("stratum.figures"),
        "skipped: the full Fashion-MNIST figures run only with -Dstratum.figures=true");
    Path folder = Path.of(FashionMnist.DEFAULT_FOLDER);
    Assumptions.assumeTrue(
        Files.isDirectory(folder),
        "skipped: Fashion-MNIST is not in " + folder + ": apt-get install dataset-fashion-mnist");
    FashionMnist.Split data = FashionMnist.load(folder);
    Dataset train = data.train().withInputShape(784);
    Dataset test = data.test().withInputShape(784);
    Backend backend = Backends.get();
    Path target = Path.of(System.getProperty("user.dir"), "target");
    List<String> out = new ArrayList<>();
    out.add("Machine: " + GanFigures.machine() + "; backend " + backend.name() + ".");
    out.add("Load average before: " + GanFigures.load() + ".");
    out.add("");
    out.add("| figure | setting | result |");
    out.add("|---|---|---|");
    long start = System.nanoTime();

    VaeApplications ten = new VaeApplications(backend, 256, 10, 128, 1);
    try (VariationalAutoencoder vae = ten.vae(16);
        Adam adam = new Adam(vae.parameters(), 1e-3);
        DataLoader loader =
            DataLoader.builder(train.inputsAsTargets())
                .batchSize(128)
                .shuffle(1)
                .backend(backend)
                .build();
        DataLoader validation =
            DataLoader.builder(test.inputsAsTargets()).batchSize(500).backend(backend).build()) {
      long t0 = System.nanoTime();
      History h =
          Trainer.builder()
              .model(vae)
              .optimizer(adam)
              .step(vae.step(adam))
              .trainingData(loader)
              .validationData(validation)
              .epochs(10)
              .progress(false)
              .build()
              .fit();
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.println("VAE: " + h.epochs());
      Map<String, Double> last = h.last();
      row(
          out,
          "test negative ELBO",
          "784-256-(16, 16) Bernoulli VAE, β = 1, Adam lr 1e-3, batch 128, 10 epochs ("
              + String.format(Locale.ROOT, "%.0f s", seconds)
              + "); one draw of ε per image",
          String.format(
              Locale.ROOT,
              "**%.1f** nats per image = reconstruction %.1f + KL %.1f (epoch 1: %.1f)",
              last.get("val_loss"),
              last.get("val_reconstruction"),
              last.get("val_kl"),
              h.epoch(1).get("val_loss")));
      samplesAndInterpolations(vae, test, backend, target.resolve("vae-samples.png"));
    }

    VaeApplications five = new VaeApplications(backend, 256, 5, 128, 1);
    VaeApplications.Anomaly a = five.anomalyDetection(train, test, 8, 10);
    row(
        out,
        "anomaly detection",
        "normal: the 9 classes but bags (54,000 training images); anomalies: the 1,000 test bags"
            + " among 10,000; 784-256-(16, 16) VAE, 5 epochs; −ELBO averaged over 10 draws of ε",
        String.format(
            Locale.ROOT,
            "ROC AUC **%.3f** by −ELBO, %.3f by the squared error of the posterior mean's"
                + " reconstruction; mean −ELBO %.1f (normal) against %.1f (bags)",
            a.elboAuc(),
            a.reconstructionAuc(),
            a.normalElbo(),
            a.anomalousElbo()));
    VaeApplications.Visualisation v = ten.visualisation(train, test, 5);
    row(
        out,
        "2-D visualisation",
        "784-256-(2, 2) VAE, 10 epochs; 5-NN accuracy of the test set's posterior means against"
            + " the training set's",
        String.format(Locale.ROOT, "**%.3f**", v.accuracy()));
    out.add("");
    out.add(
        String.format(
            Locale.ROOT,
            "Total time %.0f s; load average after: %s.",
            (System.nanoTime() - start) / 1e9,
            GanFigures.load()));
    String text = String.join("\n", out) + "\n";
    System.out.print(text);
    Files.createDirectories(target);
    Files.writeString(target.resolve("vae-figures.md"), text, StandardCharsets.UTF_8);
  }

  /**
   * Five rows of eight prior samples, then three rows of interpolations (eight steps each) between
   * pairs of test images (0 and 1, 2 and 3, 4 and 5).
   */
  static void samplesAndInterpolations(
      VariationalAutoencoder vae, Dataset test, Backend backend, Path file) throws IOException {
    vae.eval();
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      List<Tensor> rows = new ArrayList<>();
      rows.add(vae.sample(backend, 40, new Generator(7)));
      for (int pair = 0; pair < 3; pair++) {
        Tensor a = test.batch(backend, 2 * pair).inputs();
        Tensor b = test.batch(backend, 2 * pair + 1).inputs();
        rows.add(vae.interpolate(a, b, 8));
      }
      ImageGrid.write(Tensor.concat(rows, 0), 28, 28, 8, 2, file);
    } finally {
      vae.train(true);
    }
  }

  private static void row(List<String> out, String figure, String setting, String result) {
    out.add("| " + figure + " | " + setting + " | " + result + " |");
    System.out.println(out.getLast());
  }
}
