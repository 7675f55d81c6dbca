package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stratum sample and stratum anomaly on runs trained once for the class: a VAE, a dense autoencoder
 * and a classifier (which neither command takes).
 */
class SampleAndAnomalyTest {

  @TempDir static Path runs;

  static Path vae;
  static Path autoencoder;
  static Path mlp;

  @TempDir Path out;

  @BeforeAll
  static void trainTheRuns() {
    vae = runs.resolve("vae");
    autoencoder = runs.resolve("ae");
    mlp = runs.resolve("mlp");
    for (String[] args :
        List.of(
            NewKindsTest.train(vae, "vae", "--code-size", "8"),
            NewKindsTest.train(autoencoder, "autoencoder", "--code-size", "16"),
            NewKindsTest.train(mlp, "mlp", "--epochs", "1"))) {
      Cli.Result r = Cli.run(args);
      assertThat(r.code()).as(r.all()).isZero();
    }
  }

  private static int[] pixels(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  @Test
  void sampleDrawsTheGridAskedForAndTheSameSeedGivesTheSameImages() throws Exception {
    Path a = out.resolve("a.png");
    Path b = out.resolve("b.png");
    Path c = out.resolve("c.png");
    Cli.Result first =
        Cli.run(
            "sample",
            vae.toString(),
            "--count",
            "12",
            "--columns",
            "4",
            "--seed",
            "5",
            "--output",
            a.toString(),
            "--backend",
            "vector");
    assertThat(first.code()).as(first.all()).isZero();
    assertThat(first.out()).contains("wrote " + a.toAbsolutePath());
    Cli.Result again =
        Cli.run(
            "sample",
            vae.resolve("best").toString(),
            "--count",
            "12",
            "--columns",
            "4",
            "--seed",
            "5",
            "--output",
            b.toString(),
            "--backend",
            "vector");
    assertThat(again.code()).as(again.all()).isZero();
    Cli.Result other =
        Cli.run(
            "sample",
            vae.toString(),
            "--count",
            "12",
            "--columns",
            "4",
            "--seed",
            "6",
            "--output",
            c.toString(),
            "--backend",
            "vector");
    assertThat(other.code()).as(other.all()).isZero();
    BufferedImage grid = ImageIO.read(a.toFile());
    BufferedImage wide = ImageIO.read(c.toFile());
    assertThat(grid.getWidth()).isEqualTo(wide.getWidth());
    // 3 rows of 4 images, each 28 pixels drawn 3 times as large
    assertThat(grid.getHeight()).isGreaterThan(3 * 28 * 3).isLessThan(4 * 28 * 3 + 100);
    assertThat(grid.getWidth()).isGreaterThan(4 * 28 * 3).isLessThan(5 * 28 * 3 + 100);
    assertThat(pixels(b)).isEqualTo(pixels(a));
    assertThat(pixels(c)).isNotEqualTo(pixels(a));
  }

  @Test
  void sampleRefusesARunThatGeneratesNothingAndBadOptions() throws Exception {
    Cli.Result wrongKind = Cli.run("sample", mlp.toString(), "--output", out + "/x.png");
    assertThat(wrongKind.code()).isEqualTo(2);
    assertThat(wrongKind.err())
        .startsWith("stratum sample: the run in " + mlp + " trained 'mlp'")
        .contains("which does not generate images; sample works with runs of: vae, gan");
    Path missing = out.resolve("no-such-run");
    Cli.Result noRun = Cli.run("sample", missing.toString(), "--output", out + "/x.png");
    assertThat(noRun.code()).isEqualTo(1);
    assertThat(noRun.err()).isEqualTo("stratum sample: " + missing + ": no such run folder\n");
    Cli.Result count = Cli.run("sample", vae.toString(), "--count", "0");
    assertThat(count.code()).isEqualTo(2);
    assertThat(count.err()).contains("--count must be between 1 and 1000, got 0");
    Cli.Result notPng = Cli.run("sample", vae.toString(), "--output", out + "/x.jpg");
    assertThat(notPng.err()).contains("the picture is a PNG, so name it *.png");
    Path taken = Files.writeString(out.resolve("taken.png"), "mine");
    Cli.Result exists = Cli.run("sample", vae.toString(), "--output", taken.toString());
    assertThat(exists.code()).isEqualTo(2);
    assertThat(exists.err()).contains("exists; pass --overwrite to replace it");
    assertThat(Files.readString(taken)).isEqualTo("mine");
    for (Cli.Result r : List.of(wrongKind, noRun, count, notPng, exists)) {
      assertThat(r.err()).as(r.all()).doesNotContain("\tat ");
      assertThat(r.err().lines().count()).as(r.all()).isLessThanOrEqualTo(2);
    }
  }

  /** The AUC by counting pairs: P(score of an anomaly > score of a normal image), ties half. */
  private static double pairwiseAuc(List<Double> scores, List<Boolean> anomalous) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < scores.size(); i++) {
      for (int j = 0; j < scores.size(); j++) {
        if (anomalous.get(i) && !anomalous.get(j)) {
          double d = scores.get(i) - scores.get(j);
          wins += d > 0 ? 1 : d == 0 ? 0.5 : 0;
          pairs++;
        }
      }
    }
    return wins / pairs;
  }

  private static double checkScoresAndAuc(Path csv, Cli.Result r, String anomalousClass)
      throws Exception {
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("index,label,class,score");
    assertThat(lines).hasSize(201);
    List<Double> scores = new ArrayList<>();
    List<Boolean> anomalous = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      scores.add(Double.parseDouble(cells[3]));
      anomalous.add(cells[2].equals(anomalousClass));
    }
    assertThat(scores).allSatisfy(s -> assertThat(s).isFinite().isPositive());
    Matcher auc = Pattern.compile("ROC AUC (\\d\\.\\d{4}) \\(anomalous: ").matcher(r.out());
    assertThat(auc.find()).as(r.out()).isTrue();
    double expected = pairwiseAuc(scores, anomalous);
    // the printed AUC has four decimals
    assertThat(Double.parseDouble(auc.group(1))).isCloseTo(expected, within(5.1e-5));
    return expected;
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  @Test
  void anomalyScoresAnAutoencoderRunByReconstructionErrorWithItsAuc() throws Exception {
    Path csv = out.resolve("scores.csv");
    Path roc = out.resolve("roc.png");
    Cli.Result r =
        Cli.run(
            "anomaly",
            autoencoder.toString(),
            "--anomalous",
            "trouser",
            "--output",
            csv.toString(),
            "--roc",
            roc.toString(),
            "--backend",
            "vector");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out())
        .contains("scored 200 images by the mean squared reconstruction error per pixel")
        .containsPattern("Trouser +0\\.\\d{4} +\\(\\d+ images\\) +anomalous")
        .contains("highest scores:")
        .contains("wrote " + roc.toAbsolutePath());
    checkScoresAndAuc(csv, r, "Trouser");
    assertThat(ImageIO.read(roc.toFile()).getWidth()).isEqualTo(900);
  }

  @Test
  void anomalyScoresAVaeRunByItsNegativeElbo() throws Exception {
    Path csv = out.resolve("vae.csv");
    Cli.Result r =
        Cli.run(
            "anomaly",
            vae.toString(),
            "--anomalous",
            "8",
            "--output",
            csv.toString(),
            "--roc",
            out.resolve("vae-roc.png").toString(),
            "--top",
            "0",
            "--backend",
            "vector");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out())
        .contains("scored 200 images by the negative ELBO (nats per image, mean of 10 draws)")
        .doesNotContain("highest scores:");
    checkScoresAndAuc(csv, r, "Bag");
    // a negative ELBO is in nats per image: hundreds for 784 Bernoulli pixels, far above a
    // per-pixel squared error
    double first = Double.parseDouble(Files.readAllLines(csv).get(1).split(",")[3]);
    assertThat(first).isGreaterThan(50);
  }

  @Test
  void aRunTrainedWithoutAClassRecordsItAndScoresIt() throws Exception {
    dev.stratum.data.Dataset train = dev.stratum.data.FashionMnist.load(Cli.SUBSET).train();
    float[] label = new float[1];
    int others = 0;
    for (int i = 0; i < train.size(); i++) {
      train.copyTarget(i, label, 0);
      others += label[0] == 8 ? 0 : 1;
    }
    Path run = out.resolve("no-bags");
    Cli.Result r =
        Cli.run(
            NewKindsTest.train(run, "autoencoder", "--exclude-classes", "bag", "--limit", "300"));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(others).isLessThan(train.size());
    assertThat(r.out())
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "training on the %,d images of the other classes (without Bag)",
                others));
    assertThat(Files.readString(run.resolve("run.json")))
        .containsPattern("\"exclude_classes\" ?: ?\\[ ?8 ?\\]");
    assertThat(Files.readString(run.resolve("report.html")))
        .contains("the first 300 of the classes but Bag");
    Path csv = out.resolve("bags.csv");
    Cli.Result scored =
        Cli.run(
            "anomaly",
            run.toString(),
            "--anomalous",
            "Bag",
            "--output",
            csv.toString(),
            "--roc",
            out.resolve("bags.png").toString(),
            "--backend",
            "vector");
    assertThat(scored.code()).as(scored.all()).isZero();
    checkScoresAndAuc(csv, scored, "Bag");

    Cli.Result unknown =
        Cli.run(NewKindsTest.train(out.resolve("x"), "autoencoder", "--exclude-classes", "hat"));
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--exclude-classes: unknown class 'hat'; the classes: 0");
    assertThat(out.resolve("x")).doesNotExist();
  }

  @Test
  void anomalyRefusesUnknownClassesAndRunsThatDoNotReconstruct() {
    Cli.Result unknown =
        Cli.run("anomaly", autoencoder.toString(), "--anomalous", "hat", "--output", "x.csv");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("--anomalous: unknown class 'hat'; the classes: 0 T-shirt/top, 1 Trouser");
    Cli.Result index = Cli.run("anomaly", autoencoder.toString(), "--anomalous", "10");
    assertThat(index.err()).contains("--anomalous: class index 10 is outside 0-9");
    Cli.Result all =
        Cli.run("anomaly", autoencoder.toString(), "--anomalous", "0,1,2,3,4,5,6,7,8,9");
    assertThat(all.err()).contains("--anomalous names every class");
    Cli.Result classifier =
        Cli.run("anomaly", mlp.toString(), "--output", out.resolve("m.csv").toString());
    assertThat(classifier.code()).isEqualTo(2);
    assertThat(classifier.err())
        .contains(
            "trained 'mlp', which does not reconstruct its input; anomaly works with runs of:"
                + " autoencoder, sparse-autoencoder, denoising-autoencoder, contractive-autoencoder,"
                + " conv-autoencoder, vae");
    Path text = out.resolve("scores.txt");
    Cli.Result notCsv = Cli.run("anomaly", autoencoder.toString(), "--output", text.toString());
    assertThat(notCsv.code()).isEqualTo(2);
    assertThat(notCsv.err())
        .contains("--output " + text + ": the scores are CSV, so name it *.csv");
    for (Cli.Result r : List.of(unknown, index, all, classifier, notCsv)) {
      assertThat(r.err()).as(r.all()).doesNotContain("\tat ");
    }
    assertThat(out.resolve("m.csv")).doesNotExist();
    assertThat(text).doesNotExist();
  }
}
