package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.checkpoint.Checkpoint;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stratum train for each kind built on the autoencoders and recurrent modules, on the first 400
 * images of the shipped subset (360 to train, 40 to validate) for two epochs: the run folder, the
 * history with the kind's own parts, the loss going down, the pictures, and the saved run read back
 * by evaluate.
 */
class NewKindsTest {

  @TempDir Path runs;

  static String[] train(Path runDir, String model, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--model",
                model,
                "--data",
                Cli.SUBSET.toString(),
                "--backend",
                "vector",
                "--run-dir",
                runDir.toString(),
                "--batch-size",
                "32"));
    if (!List.of(more).contains("--epochs")) {
      args.addAll(List.of("--epochs", "2"));
    }
    if (!List.of(more).contains("--limit")) {
      args.addAll(List.of("--limit", "400"));
    }
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** Trains, checks the common parts of the run folder, and returns the history. */
  private List<Map<String, Double>> trained(Path run, String model, String... more)
      throws Exception {
    Cli.Result r = Cli.run(train(run, model, more));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.err()).as(r.all()).doesNotContain("\tat ");
    assertThat(run.resolve("best").resolve(Checkpoint.MODEL_WEIGHTS)).isRegularFile();
    assertThat(run.resolve("last").resolve(Checkpoint.OPTIMIZER_STATE)).isRegularFile();
    assertThat(Files.readString(run.resolve("report.html")))
        .contains("<h1>" + model + " on Fashion-MNIST</h1>")
        .contains("Finished all 2 epochs.");
    assertThat(ImageIO.read(run.resolve("curve-loss.png").toFile())).isNotNull();
    List<Map<String, Double>> history = History.of(run);
    assertThat(history).hasSize(2);
    for (Map<String, Double> epoch : history) {
      epoch.forEach((name, value) -> assertThat(value).as(name).isFinite());
    }
    return history;
  }

  /** Two epochs of an autoencoder on 360 images lower its training and validation loss. */
  private static void lossWentDown(List<Map<String, Double>> history) {
    assertThat(history.get(1).get("loss")).isLessThan(history.get(0).get("loss"));
    assertThat(history.get(1).get("val_loss")).isLessThan(history.get(0).get("val_loss"));
  }

  /** evaluate reloads the best checkpoint and gives the test loss train printed. */
  private static void evaluateGivesTheSameTestLoss(Path run, Cli.Result trainedRun) {
    Matcher printed = Pattern.compile("test_loss (\\d+\\.\\d{4})").matcher(trainedRun.out());
    assertThat(printed.find()).as(trainedRun.out()).isTrue();
    Cli.Result evaluated = Cli.run("evaluate", run.toString(), "--backend", "vector");
    assertThat(evaluated.code()).as(evaluated.all()).isZero();
    assertThat(evaluated.out()).contains("test_loss " + printed.group(1));
  }

  @Test
  void theSparseAutoencoderReportsItsPenaltyAndItsSavedRunReloads() throws Exception {
    Path run = runs.resolve("sparse");
    List<Map<String, Double>> history =
        trained(run, "sparse-autoencoder", "--code-size", "16", "--sparsity-weight", "0.2");
    assertThat(History.columns(run))
        .containsExactly("epoch", "loss", "sparsity", "val_loss", "seconds");
    lossWentDown(history);
    assertThat(history.get(0).get("sparsity")).isPositive();
    for (String png : List.of("reconstructions.png", "codes.png")) {
      assertThat(ImageIO.read(run.resolve(png).toFile())).as(png).isNotNull();
    }
    assertThat(Files.readString(run.resolve("report.html")))
        .contains("sparsity weight")
        .contains("0.2");
    assertThat(Files.readString(run.resolve("run.json")))
        .containsPattern("\"code_size\" ?: ?16")
        .containsPattern("\"sparsity_weight\" ?: ?0.2");
    Path again = runs.resolve("sparse-again");
    Cli.Result r = Cli.run(train(again, "sparse-autoencoder", "--code-size", "16"));
    assertThat(r.code()).as(r.all()).isZero();
    evaluateGivesTheSameTestLoss(again, r);
  }

  @Test
  void theDenoisingAutoencoderTrainsOnCorruptedImagesAndDrawsThem() throws Exception {
    Path run = runs.resolve("dae");
    Cli.Result r =
        Cli.run(train(run, "denoising-autoencoder", "--noise", "gaussian", "--noise-level", "0.2"));
    assertThat(r.code()).as(r.all()).isZero();
    lossWentDown(History.of(run));
    BufferedImage grid = ImageIO.read(run.resolve("denoised.png").toFile());
    assertThat(grid.getHeight()).isGreaterThan(3 * 28 * 3);
    assertThat(Files.readString(run.resolve("report.html")))
        .contains("Gaussian noise of σ = 0.20")
        .containsPattern("Mean squared error per pixel against the clean images: 0\\.\\d{4}");
    evaluateGivesTheSameTestLoss(run, r);
  }

  @Test
  void aNoiseLevelOutsideItsRangeIsRefusedBeforeAnythingIsWritten() {
    Path run = runs.resolve("bad");
    Cli.Result r =
        Cli.run(train(run, "denoising-autoencoder", "--noise", "masking", "--noise-level", "1.5"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("stratum train: --noise-level: masking noise: the fraction ν = 1.5 is outside")
        .doesNotContain("\tat ");
    assertThat(r.out()).doesNotContain("data:");
    assertThat(run).doesNotExist();
  }

  @Test
  void theContractiveAutoencoderReportsItsPenalty() throws Exception {
    Path run = runs.resolve("cae");
    List<Map<String, Double>> history =
        trained(run, "contractive-autoencoder", "--code-size", "32");
    assertThat(History.columns(run)).contains("contractive");
    assertThat(history.get(0).get("contractive")).isPositive();
    lossWentDown(history);
    assertThat(ImageIO.read(run.resolve("codes.png").toFile())).isNotNull();
  }

  @Test
  void theConvolutionalAutoencoderReconstructs() throws Exception {
    Path run = runs.resolve("conv");
    lossWentDown(trained(run, "conv-autoencoder"));
    assertThat(ImageIO.read(run.resolve("reconstructions.png").toFile())).isNotNull();
    assertThat(run.resolve("codes.png")).doesNotExist();
    Path png = runs.resolve("pairs.png");
    Cli.Result drawn =
        Cli.run("reconstruct", run.toString(), "--output", png.toString(), "--backend", "vector");
    assertThat(drawn.code()).as(drawn.all()).isZero();
    assertThat(ImageIO.read(png.toFile())).isNotNull();
  }

  @Test
  void theVaeReportsTheTermsOfItsElboAndDrawsSamples() throws Exception {
    Path run = runs.resolve("vae");
    List<Map<String, Double>> history = trained(run, "vae", "--code-size", "2", "--beta", "1.5");
    assertThat(History.columns(run))
        .containsExactly(
            "epoch",
            "loss",
            "reconstruction",
            "kl",
            "val_loss",
            "val_reconstruction",
            "val_kl",
            "seconds");
    lossWentDown(history);
    // loss = reconstruction + β·KL, each a mean over the epoch's images; the training figures are
    // means over batches of different weights' steps, so only validation is exact (to the 1e-4
    // relative error of float32 sums)
    Map<String, Double> last = history.get(1);
    assertThat(last.get("val_loss"))
        .isCloseTo(
            last.get("val_reconstruction") + 1.5 * last.get("val_kl"),
            org.assertj.core.data.Percentage.withPercentage(0.01));
    for (String png : List.of("reconstructions.png", "codes.png", "samples.png")) {
      assertThat(ImageIO.read(run.resolve(png).toFile())).as(png).isNotNull();
    }
    assertThat(Files.readString(run.resolve("report.html")))
        .contains("Each point is the 2-value code of one test image.")
        .contains("64 images generated by the vae");
  }

  @Test
  void theGanKeepsItsLastEpochAndResumesWithBothOptimizers() throws Exception {
    Path run = runs.resolve("gan");
    Cli.Result r = Cli.run(train(run, "gan", "--epochs", "1", "--code-size", "16"));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("kept the last epoch, 1 (no metric ranks them)");
    assertThat(History.columns(run))
        .containsExactly(
            "epoch",
            "loss",
            "discriminator",
            "d_real",
            "d_fake",
            "val_loss",
            "val_discriminator",
            "val_d_real",
            "val_d_fake",
            "seconds");
    Cli.Result resumed =
        Cli.run("train", "--resume", run.toString(), "--epochs", "2", "--backend", "vector");
    assertThat(resumed.code()).as(resumed.all()).isZero();
    assertThat(resumed.out()).contains("epoch 2/2").contains("kept the last epoch, 2");
    Cli.Result changed =
        Cli.run("train", "--resume", run.toString(), "--epochs", "3", "--code-size", "8");
    assertThat(changed.code()).isEqualTo(2);
    assertThat(changed.err()).contains("drop --code-size");
    List<Map<String, Double>> history = History.of(run);
    assertThat(history).hasSize(2);
    for (Map<String, Double> epoch : history) {
      assertThat(epoch.get("d_real")).isStrictlyBetween(0.0, 1.0);
      assertThat(epoch.get("d_fake")).isStrictlyBetween(0.0, 1.0);
    }
    assertThat(Checkpoint.metadata(run.resolve("best"))).containsEntry("epoch", "2");
    assertThat(Files.readString(run.resolve("report.html")))
        .contains("none: no metric ranks this model&#39;s epochs")
        .contains("64 images generated by the gan");
    assertThat(ImageIO.read(run.resolve("samples.png").toFile())).isNotNull();
  }

  @Test
  void theGanRefusesAScheduleForItsTwoOptimizers() {
    Cli.Result r =
        Cli.run(
            train(
                runs.resolve("gan"),
                "gan",
                "--optimizer",
                "{\"optimizer\": \"adam\", \"lr\": 2e-4, \"schedule\": {\"type\": \"cosine\","
                    + " \"t_max\": 10}}"));
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains("--optimizer: the gan trains two optimizers and takes no \"schedule\"");
  }

  @Test
  void theRecurrentClassifierTrainsAGru() throws Exception {
    Path run = runs.resolve("gru");
    Cli.Result r = Cli.run(train(run, "recurrent", "--cell", "gru", "--hidden-size", "32"));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("Recurrent");
    List<Map<String, Double>> history = History.of(run);
    assertThat(History.columns(run))
        .containsExactly("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds");
    assertThat(history.get(1).get("loss")).isLessThan(history.get(0).get("loss"));
    assertThat(Files.readString(run.resolve("run.json"))).containsPattern("\"cell\" ?: ?\"gru\"");
    assertThat(r.out()).containsPattern("test_accuracy 0\\.\\d{4}");
  }

  @Test
  void settingsAreCheckedAndRefusedOnKindsThatDoNotTakeThem() {
    Cli.Result cell = Cli.run(train(runs.resolve("a"), "recurrent", "--cell", "rnn"));
    assertThat(cell.code()).isEqualTo(2);
    assertThat(cell.err()).contains("--cell must be one of lstm, gru, got 'rnn'");
    Cli.Result beta = Cli.run(train(runs.resolve("b"), "mlp", "--beta", "2"));
    assertThat(beta.code()).isEqualTo(2);
    assertThat(beta.err()).contains("--beta applies to vae; 'mlp' does not take it");
    Cli.Result negative = Cli.run(train(runs.resolve("c"), "vae", "--beta", "-1"));
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.err()).contains("--beta must be finite and at least 0, got -1.0");
    Cli.Result target =
        Cli.run(train(runs.resolve("d"), "sparse-autoencoder", "--sparsity-target", "1"));
    assertThat(target.err()).contains("--sparsity-target must lie strictly between 0 and 1, got 1");
    for (Cli.Result r : List.of(cell, beta, negative, target)) {
      assertThat(r.err().lines().count()).as(r.all()).isLessThanOrEqualTo(2);
      assertThat(r.out()).doesNotContain("data:");
    }
    assertThat(runs).isEmptyDirectory();
  }
}
