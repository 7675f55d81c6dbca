package dev.stratum.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.cli.StratumCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stratum train --step-times}: the CSV's columns from known clock readings, and a run. */
class StepTimesTest {

  private static final Path SUBSET =
      Path.of(System.getProperty("stratum.testdata", "../testdata"), "fashion-mnist-subset");

  @TempDir Path dir;

  /** The exit status of a run and what it printed (stdout, then stderr). */
  private record Result(int code, String output) {}

  /** {@code stratum train --model mlp --data SUBSET more...}. */
  private static Result train(String... more) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = new String[5 + more.length];
    System.arraycopy(
        new String[] {"train", "--model", "mlp", "--data", SUBSET.toString()}, 0, args, 0, 5);
    System.arraycopy(more, 0, args, 5, more.length);
    int code =
        StratumCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Result(code, out + "\n" + err);
  }

  @Test
  void eachLineIsTheStepsEndOnBothClocksAndItsOwnDuration() throws Exception {
    Path file = dir.resolve("sub").resolve("steps.csv");
    // two steps ending 3 ms and 0.5 ms before the clocks were read at 10,000 ms since 1970; the JVM
    // started at 9,000 ms; the first step began at nanoTime 0, the second when the first ended
    StepTimes.write(
        file,
        2,
        new long[] {1_000_000, 3_500_000, 0},
        new long[] {0, 1_000_000, 0},
        new int[] {1, 2, 0},
        4_000_000,
        10_000.0,
        9_000.0);
    assertThat(Files.readAllLines(file))
        .containsExactly(
            "step,epoch,since_jvm_start_ms,unix_ms,step_ms",
            "1,1,997.000,9997.000,1.000",
            "2,2,999.500,9999.500,2.500");
  }

  @Test
  void aTrainingRunWritesOneLinePerStepInOrder() throws Exception {
    Path file = dir.resolve("steps.csv");
    Result r =
        train(
            "--backend",
            "vector",
            "--epochs",
            "2",
            "--batch-size",
            "300",
            "--run-dir",
            dir.resolve("run").toString(),
            "--step-times",
            file.toString());
    assertThat(r.code()).as(r.output()).isZero();
    double uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    List<String> lines = Files.readAllLines(file);
    // 900 training images in batches of 300: three steps an epoch
    assertThat(lines).hasSize(7).first().isEqualTo(StepTimes.HEADER);
    double previousUnix = 0;
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      assertThat(f).hasSize(5);
      assertThat(Integer.parseInt(f[0])).isEqualTo(i);
      assertThat(Integer.parseInt(f[1])).isEqualTo(i <= 3 ? 1 : 2);
      double since = Double.parseDouble(f[2]);
      double unix = Double.parseDouble(f[3]);
      double step = Double.parseDouble(f[4]);
      // within this JVM's life so far, and the two clocks agree on when the JVM started (to the
      // millisecond of getStartTime, plus the rounding to 3 decimals)
      assertThat(since).isPositive().isLessThan(uptime);
      assertThat(unix - since)
          .isCloseTo(ManagementFactory.getRuntimeMXBean().getStartTime(), within(0.002));
      assertThat(unix).isGreaterThan(previousUnix);
      assertThat(step).isPositive();
      if (i > 1 && i != 4) { // within an epoch a step starts where the previous one ended
        double gap = unix - previousUnix;
        assertThat(step).isCloseTo(gap, within(0.002));
      }
      previousUnix = unix;
    }
  }

  @Test
  void aFolderIsRefusedBeforeAnythingIsLoaded() {
    Result r = train("--run-dir", dir.resolve("run").toString(), "--step-times", dir.toString());
    assertThat(r.code()).as(r.output()).isEqualTo(2);
    assertThat(r.output())
        .contains("--step-times " + dir + " is a folder; give the name of a file to write");
    assertThat(dir.resolve("run")).doesNotExist();
  }
}
