package dev.stratum.cli.run;

import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * The wall-clock time of every training step, for measuring start-up ({@code stratum train
 * --step-times FILE}): a CSV file with one line per step, written when training ends.
 *
 * <pre>
 * step,epoch,since_jvm_start_ms,unix_ms,step_ms
 * 1,1,812.402,1764600000812.402,95.113
 * </pre>
 *
 * <ul>
 *   <li>{@code step}: 1, 2, ... over the whole run; {@code epoch}: the epoch it belongs to.
 *   <li>{@code since_jvm_start_ms}: when the step's optimizer update had finished, in milliseconds
 *       after the JVM started ({@code RuntimeMXBean.getStartTime()}, millisecond resolution).
 *   <li>{@code unix_ms}: the same moment as milliseconds since 1970 (microsecond resolution), so a
 *       script can subtract the time it launched the process and count the launcher too.
 *   <li>{@code step_ms}: the step's own time, since the previous step ended or, for an epoch's
 *       first step, since that epoch began (validation and the per-epoch work of other callbacks
 *       are not in it).
 * </ul>
 *
 * <p>While training runs it only stores {@link System#nanoTime()} in an array; the conversion to
 * wall-clock times and the file come after the last step, so the measurement loads no class and
 * writes nothing during the steps it measures.
 */
public final class StepTimes implements Callback {

  /** The first line of the file. */
  public static final String HEADER = "step,epoch,since_jvm_start_ms,unix_ms,step_ms";

  private final Path file;
  private long[] ends = new long[1024];
  private long[] starts = new long[1024];
  private int[] epochs = new int[1024];
  private int count;
  private int epoch;
  private long previousEnd;

  /** Times the steps of one training run into {@code file} (replaced if present). */
  public StepTimes(Path file) {
    this.file = file;
  }

  @Override
  public void onEpochBegin(TrainingContext context, int epoch) {
    this.epoch = epoch;
    previousEnd = System.nanoTime();
  }

  @Override
  public void onBatchEnd(TrainingContext context, long step, double loss, int batchSize) {
    long now = System.nanoTime();
    if (count == ends.length) {
      ends = Arrays.copyOf(ends, 2 * count);
      starts = Arrays.copyOf(starts, 2 * count);
      epochs = Arrays.copyOf(epochs, 2 * count);
    }
    ends[count] = now;
    starts[count] = previousEnd;
    epochs[count] = epoch;
    count++;
    previousEnd = now;
  }

  @Override
  public void onTrainEnd(TrainingContext context) {
    // one reading of both clocks ties nanoTime to the wall clock
    long nanoNow = System.nanoTime();
    Instant wallNow = Instant.now();
    double unixNowMs = wallNow.getEpochSecond() * 1e3 + wallNow.getNano() / 1e6;
    double jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
    try {
      write(file, count, ends, starts, epochs, nanoNow, unixNowMs, jvmStartMs);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the step times to " + file, e);
    }
  }

  /** How many steps were timed. */
  public int steps() {
    return count;
  }

  static void write(
      Path file,
      int count,
      long[] ends,
      long[] starts,
      int[] epochs,
      long nanoNow,
      double unixNowMs,
      double jvmStartMs)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(HEADER);
      w.write('\n');
      for (int i = 0; i < count; i++) {
        double unixMs = unixNowMs - (nanoNow - ends[i]) / 1e6;
        w.write(
            String.format(
                Locale.ROOT,
                "%d,%d,%.3f,%.3f,%.3f%n",
                i + 1,
                epochs[i],
                unixMs - jvmStartMs,
                unixMs,
                (ends[i] - starts[i]) / 1e6));
      }
    }
  }
}
