package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.checkpoint.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

  /** The 1,000-image subset in testdata/ at the top of the repository (the build passes it). */
  private static final Path SUBSET =
      Path.of(System.getProperty("stratum.testdata", "../testdata"), "fashion-mnist-subset");

  @TempDir Path runs;

  @Test
  void trainsTheMlpOnTheSubsetPrintsEachEpochAndKeepsTheBestModel() throws Exception {
    StringWriter text = new StringWriter();
    StringWriter errors = new StringWriter();
    Path best = runs.resolve("best");
    // the Trainer prints its per-epoch lines on System.out, the command on its own writer
    ByteArrayOutputStream epochs = new ByteArrayOutputStream();
    PrintStream console = System.out;
    int code;
    try {
      System.setOut(new PrintStream(epochs, true, StandardCharsets.UTF_8));
      code =
          new CommandLine(new StratumCommand())
              .setOut(new PrintWriter(text))
              .setErr(new PrintWriter(errors))
              .execute(
                  "train",
                  "--model",
                  "mlp",
                  "--data",
                  SUBSET.toString(),
                  "--epochs",
                  "4",
                  "--backend",
                  "vector",
                  "--checkpoint",
                  best.toString());
    } finally {
      System.setOut(console);
    }
    assertThat(code).as(errors.toString()).isZero();
    String output = text + epochs.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("backend: vector").contains("Dense").contains("epoch 4/4");
    Matcher accuracy = Pattern.compile("epoch 4/4 .*val_accuracy (\\d\\.\\d{4})").matcher(output);
    assertThat(accuracy.find()).as(output).isTrue();
    // 900 training images, 100 for validation; chance is 0.1 and four epochs reach about 0.7
    assertThat(Double.parseDouble(accuracy.group(1))).isGreaterThan(0.4);
    assertThat(Files.isRegularFile(best.resolve(Checkpoint.MODEL_WEIGHTS))).isTrue();
    assertThat(output).containsPattern("best epoch: \\d, val_accuracy 0\\.\\d{4}");
    assertThat(output).contains("best model saved in " + best);
  }

  @Test
  void aLimitOutsideTheDataIsRefusedWithTheRange() {
    StringWriter errors = new StringWriter();
    int code =
        new CommandLine(new StratumCommand())
            .setErr(new PrintWriter(errors))
            .execute("train", "--data", SUBSET.toString(), "--limit", "5000");
    assertThat(code).isNotZero();
    assertThat(errors.toString()).contains("--limit must be between 2 and 1000, got 5000");
  }
}
