package dev.stratum.autoencoders.applications;

import dev.stratum.autoencoders.Noise;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The module README's figures: the five applications on full Fashion-MNIST (60,000 training and
 * 10,000 test images), written as Markdown to {@code autoencoders/target/figures.md} with the
 * machine they ran on. Opt-in, since it trains for several minutes:
 *
 * <pre>
 * ./mvnw -pl autoencoders -am test -Dtest=FullFashionFigures -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dstratum.figures=true
 * </pre>
 *
 * It needs Debian's {@code dataset-fashion-mnist} in {@value FashionMnist#DEFAULT_FOLDER}.
 */
class FullFashionFigures {

  @Test
  void measureTheFiguresOnFullFashionMnist() throws Exception {
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
    List<String> out = new ArrayList<>();
    out.add("Machine: " + machine() + "; backend " + backend.name() + ".");
    out.add("Load average before: " + load() + ".");
    out.add("");
    out.add("| application | setting | result |");
    out.add("|---|---|---|");
    long start = System.nanoTime();

    Applications five = new Applications(backend, 256, 5, 128, 1);
    Applications ten = new Applications(backend, 256, 10, 128, 1);

    Applications.Anomaly a = five.anomalyDetection(train, test, 8);
    row(
        out,
        "anomaly detection",
        "normal: the 9 classes but bags (54,000 training images); anomalies: the 1,000 test bags among 10,000; 784-256-32 autoencoder, 5 epochs",
        String.format(
            "ROC AUC **%.3f**; mean reconstruction error %.4f (normal) against %.4f (bags)",
            a.auc(), a.normalError(), a.anomalousError()));
    for (Noise noise :
        List.of(Noise.gaussian(0.3, 5), Noise.saltAndPepper(0.2, 6), Noise.masking(0.5, 7))) {
      Applications.Denoising d = ten.denoising(train, test, noise);
      row(
          out,
          "denoising",
          noise + "; 784-256-64 denoising autoencoder, 10 epochs",
          String.format(
              "PSNR %.2f dB noisy → **%.2f dB** denoised", d.noisyPsnr(), d.denoisedPsnr()));
    }
    Applications.Visualisation v = ten.visualisation(train, test, 5);
    row(
        out,
        "2-D visualisation",
        "784-256-64-2 autoencoder (linear code), 10 epochs, against PCA's 2 components; 5-NN accuracy of the test set against the training set in 2-D",
        String.format("autoencoder **%.3f**, PCA %.3f", v.autoencoderAccuracy(), v.pcaAccuracy()));
    Applications.Hashing h = ten.hashing(train, test, 16, 100);
    row(
        out,
        "semantic hashing",
        "784-256-16 autoencoder with a sigmoid code thresholded at 0.5, 10 epochs; test queries against the 60,000 training codes by Hamming distance; precision at 100",
        String.format(
            "autoencoder **%.3f**, signs of 16 principal components %.3f",
            h.autoencoderPrecision(), h.pcaPrecision()));
    for (int labels : new int[] {10, 100}) {
      Applications.FewLabels f = ten.features(train, test, labels);
      row(
          out,
          "features for a classifier",
          labels
              + " labelled images per class; logistic regression on the 64-unit codes of a 784-256-64 autoencoder trained on all 60,000 images without labels (10 epochs), against the same on the 784 pixels",
          String.format(
              "codes **%.3f**, pixels %.3f (test accuracy)", f.codeAccuracy(), f.pixelAccuracy()));
    }
    out.add("");
    out.add(
        String.format(
            "Total time %.0f s; load average after: %s.",
            (System.nanoTime() - start) / 1e9, load()));
    String text = String.join("\n", out) + "\n";
    System.out.print(text);
    Path file = Path.of(System.getProperty("user.dir"), "target", "figures.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void row(List<String> out, String application, String setting, String result) {
    out.add("| " + application + " | " + setting + " | " + result + " |");
    System.out.println(out.getLast());
  }

  static String machine() throws IOException, InterruptedException {
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

  static String load() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }
}
