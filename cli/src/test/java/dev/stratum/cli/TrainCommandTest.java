package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.cli.run.RunFolder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stratum train on the 1,000-image subset: run folder, report, resume, overwrite, divergence. */
class TrainCommandTest {

  @TempDir Path runs;

  private static String[] train(Path runDir, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "train",
                "--data",
                Cli.SUBSET.toString(),
                "--backend",
                "vector",
                "--run-dir",
                runDir.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void trainsTheMlpPrintsAPlainLinePerEpochAndWritesTheRunFolder() throws Exception {
    Path run = runs.resolve("mlp");
    Cli.Result r = Cli.run(train(run, "--model", "mlp", "--epochs", "4"));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out())
        .contains("backend: vector")
        .contains("data: Fashion-MNIST from " + Cli.SUBSET.toAbsolutePath().normalize())
        .contains("(1,000 training and 200 test images)")
        .contains("Dense");
    // not a terminal: one plain line per epoch, no bar
    assertThat(r.out().lines().filter(l -> l.startsWith("epoch ")).toList()).hasSize(4);
    Matcher accuracy = Pattern.compile("epoch 4/4 .*val_accuracy (\\d\\.\\d{4})").matcher(r.out());
    assertThat(accuracy.find()).as(r.out()).isTrue();
    // 900 training images, 100 for validation; chance is 0.1 and four epochs reach about 0.7
    assertThat(Double.parseDouble(accuracy.group(1))).isGreaterThan(0.4);
    assertThat(r.out())
        .containsPattern("best epoch: \\d, val_accuracy 0\\.\\d{4}")
        .containsPattern("test_accuracy 0\\.\\d{4}")
        .contains("report: " + run.toAbsolutePath().resolve("report.html"));

    assertThat(run.resolve("best").resolve(Checkpoint.MODEL_WEIGHTS)).isRegularFile();
    assertThat(run.resolve("last").resolve(Checkpoint.OPTIMIZER_STATE)).isRegularFile();
    assertThat(Checkpoint.metadata(run.resolve("last"))).containsEntry("epoch", "4");
    assertThat(Files.readAllLines(run.resolve(RunFolder.HISTORY_CSV)))
        .hasSize(5)
        .first()
        .isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy,seconds");
    for (String png : List.of("curve-loss.png", "curve-accuracy.png")) {
      BufferedImage image = ImageIO.read(run.resolve(png).toFile());
      assertThat(image.getWidth()).as(png).isEqualTo(900);
    }
    assertThat(run.resolve("reconstructions.png"))
        .doesNotExist(); // a classifier reconstructs nothing
    String report = Files.readString(run.resolve("report.html"));
    assertThat(report)
        .contains("<h1>mlp on Fashion-MNIST</h1>")
        .contains("Finished all 4 epochs.")
        .contains("test accuracy");
    assertThat(report.split("src=\"data:image/png;base64,", -1)).hasSize(3);
  }

  @Test
  void anAutoencoderWithATwoValueCodeDrawsItsCodesAndTheOtherCommandsReadTheRun() throws Exception {
    Path run = runs.resolve("ae");
    Cli.Result r = Cli.run(train(run, "--code-size", "2", "--epochs", "2", "--limit", "400"));
    assertThat(r.code()).as(r.all()).isZero();
    Matcher testLoss = Pattern.compile("test_loss (0\\.\\d{4})").matcher(r.out());
    assertThat(testLoss.find()).as(r.out()).isTrue();
    for (String png : List.of("curve-loss.png", "reconstructions.png", "codes.png")) {
      assertThat(ImageIO.read(run.resolve(png).toFile())).as(png).isNotNull();
    }
    assertThat(Files.readString(run.resolve("report.html")))
        .contains("Each point is the 2-value code of one test image.");

    // evaluate gives the figure train printed: same checkpoint, same test images
    Cli.Result evaluated = Cli.run("evaluate", run.toString(), "--backend", "vector");
    assertThat(evaluated.code()).as(evaluated.all()).isZero();
    assertThat(evaluated.out())
        .contains("test_loss " + testLoss.group(1) + " (mean squared error per pixel)")
        .contains("using the test set (200 images)");

    Path csv = runs.resolve("codes.csv");
    Cli.Result encoded =
        Cli.run("encode", run.toString(), "--output", csv.toString(), "--backend", "vector");
    assertThat(encoded.code()).as(encoded.all()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(201);
    assertThat(lines.get(0)).isEqualTo("index,label,class,code_1,code_2");
    assertThat(lines.get(1)).matches("0,\\d,[^,]+,-?[0-9.E-]+,-?[0-9.E-]+");
    assertThat(encoded.out()).contains("wrote the 2-value codes of 200 images to ");
    Cli.Result again = Cli.run("encode", run.toString(), "--output", csv.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("--output " + csv + " exists; pass --overwrite to replace it");

    Path png = runs.resolve("pairs.png");
    Cli.Result drawn =
        Cli.run(
            "reconstruct",
            run.resolve("last").toString(),
            "--output",
            png.toString(),
            "--per-class",
            "3",
            "--backend",
            "vector");
    assertThat(drawn.code()).as(drawn.all()).isZero();
    assertThat(drawn.out()).containsPattern("over these 30 images: 0\\.\\d{4}");
    BufferedImage grid = ImageIO.read(png.toFile());
    assertThat(grid.getHeight()).isGreaterThan(6 * 28 * 3);
    Cli.Result tooMany = Cli.run("reconstruct", run.toString(), "--per-class", "11");
    assertThat(tooMany.err()).contains("--per-class must be between 1 and 10, got 11");
  }

  @Test
  void encodeAndReconstructRefuseAClassifierRunNamingWhatTheyNeed() throws Exception {
    Path run = runs.resolve("mlp");
    assertThat(Cli.run(train(run, "--model", "mlp", "--epochs", "1", "--limit", "200")).code())
        .isZero();
    Cli.Result encode =
        Cli.run("encode", run.toString(), "--output", runs.resolve("c.csv").toString());
    assertThat(encode.code()).isEqualTo(2);
    assertThat(encode.err())
        .contains("trained 'mlp', which has no codes; encode works with runs of: autoencoder");
    Cli.Result reconstruct =
        Cli.run("reconstruct", run.toString(), "--output", runs.resolve("r.png").toString());
    assertThat(reconstruct.code()).isEqualTo(2);
    assertThat(reconstruct.err()).contains("reconstruct works with runs of: autoencoder");
  }

  @Test
  void aResumedRunContinuesExactlyWhereAnUninterruptedOneWouldBe() throws Exception {
    Path whole = runs.resolve("whole");
    Path parts = runs.resolve("parts");
    String[] common = {"--epochs", "3", "--limit", "300", "--code-size", "8"};
    assertThat(Cli.run(train(whole, common)).code()).isZero();
    assertThat(Cli.run(train(parts, "--epochs", "2", "--limit", "300", "--code-size", "8")).code())
        .isZero();

    Cli.Result resumed =
        Cli.run("train", "--resume", parts.toString(), "--epochs", "3", "--backend", "vector");
    assertThat(resumed.code()).as(resumed.all()).isZero();
    assertThat(resumed.out()).contains("epoch 3/3").doesNotContain("epoch 1/3");
    List<String> wholeHistory = withoutSeconds(whole);
    assertThat(withoutSeconds(parts)).hasSize(4).isEqualTo(wholeHistory);

    Cli.Result finished = Cli.run("train", "--resume", parts.toString());
    assertThat(finished.code()).isEqualTo(2);
    assertThat(finished.err())
        .contains("has already trained 3 of its 3 epochs; pass --epochs N with N above 3");
    Cli.Result conflicting = Cli.run("train", "--resume", parts.toString(), "--model", "mlp");
    assertThat(conflicting.code()).isEqualTo(2);
    assertThat(conflicting.err()).contains("drop --model");
  }

  /** The history CSV without its last column (seconds), which differs between runs. */
  private static List<String> withoutSeconds(Path run) throws Exception {
    return Files.readAllLines(run.resolve(RunFolder.HISTORY_CSV)).stream()
        .map(line -> line.substring(0, line.lastIndexOf(',')))
        .toList();
  }

  @Test
  void anExistingRunIsReplacedOnlyWithOverwrite() throws Exception {
    Path run = runs.resolve("run");
    String[] args = train(run, "--model", "mlp", "--epochs", "1", "--limit", "100");
    assertThat(Cli.run(args).code()).isZero();
    Cli.Result refused = Cli.run(args);
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains(
            "--run-dir "
                + run
                + " already holds a run; pass --overwrite to replace it,"
                + " or --resume "
                + run
                + " to continue it");
    assertThat(refused.out()).doesNotContain("data:");

    Cli.Result replaced =
        Cli.run(train(run, "--model", "mlp", "--epochs", "2", "--limit", "100", "--overwrite"));
    assertThat(replaced.code()).as(replaced.all()).isZero();
    assertThat(Files.readAllLines(run.resolve(RunFolder.HISTORY_CSV))).hasSize(3);

    Files.writeString(run.resolve("notes.txt"), "mine");
    Cli.Result foreign = Cli.run(train(run, "--model", "mlp", "--overwrite"));
    assertThat(foreign.code()).isEqualTo(2);
    assertThat(foreign.err()).contains("holds files a run does not write (notes.txt)");
    assertThat(run.resolve("notes.txt")).exists();
  }

  @Test
  void aDivergingRunStopsWithTheEpochAndStepAndExitsThree() throws Exception {
    Path run = runs.resolve("boom");
    Cli.Result r =
        Cli.run(
            train(
                run,
                "--model",
                "mlp",
                "--epochs",
                "5",
                "--optimizer",
                "{\"optimizer\": \"sgd\", \"lr\": 1e4}"));
    assertThat(r.code()).as(r.all()).isEqualTo(3);
    assertThat(r.err())
        .containsPattern("stratum train: training diverged in epoch 1 at step \\d+ of the epoch")
        .contains("Lower the learning rate with --optimizer")
        .doesNotContain("\tat ");
    assertThat(r.out()).doesNotContain("loss NaN").doesNotContain("epoch 2/5");
    assertThat(Files.readString(run.resolve("report.html")))
        .contains("Diverged: training diverged in epoch 1");
  }

  @Test
  void aLimitOutsideTheDataIsRefusedWithTheRange() {
    Cli.Result r = Cli.run(train(runs.resolve("x"), "--model", "mlp", "--limit", "5000"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--limit must be between 2 and 1000, got 5000");
    assertThat(runs.resolve("x")).doesNotExist();
  }
}
