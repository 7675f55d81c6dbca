package dev.stratum.train;

import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Reports progress: a terminal progress bar (loss and samples/s, refreshed a few times a second)
 * when {@code me.tongfei:progressbar} is on the class path and the program runs in a terminal, and
 * one line per epoch in every case.
 */
final class ProgressCallback implements Callback, AutoCloseable {

  /** What draws the live bar; absent when there is no terminal or no progress-bar library. */
  interface Bar extends AutoCloseable {
    void update(long samples, double loss, double samplesPerSecond);

    @Override
    void close();
  }

  private static final long REFRESH_NANOS = 200_000_000L;

  private final int epochs;
  private final PrintStream out;
  private final boolean terminal;
  private int stepsHint;
  private Bar bar;
  private long epochStart;
  private long lastRefresh;
  private long samples;
  private int steps;
  private double lossSum;

  ProgressCallback(int epochs, int stepsHint, PrintStream out) {
    this.epochs = epochs;
    this.stepsHint = stepsHint;
    this.out = out;
    Console console = System.console();
    this.terminal = out == System.out && console != null && console.isTerminal() && barAvailable();
  }

  static boolean barAvailable() {
    try {
      Class.forName(
          "me.tongfei.progressbar.ProgressBar", false, ProgressCallback.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public void onEpochBegin(TrainingContext context, int epoch) {
    epochStart = System.nanoTime();
    lastRefresh = epochStart;
    samples = 0;
    steps = 0;
    lossSum = 0;
    if (terminal) {
      bar = new TerminalBar(label(epoch), stepsHint);
    }
  }

  @Override
  public void onBatchEnd(TrainingContext context, long step, double loss, int batchSize) {
    samples += batchSize;
    steps++;
    lossSum += loss * batchSize;
    if (bar != null) {
      long now = System.nanoTime();
      if (now - lastRefresh >= REFRESH_NANOS) {
        lastRefresh = now;
        bar.update(steps, lossSum / samples, rate(now));
      }
    }
  }

  @Override
  public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
    long now = System.nanoTime();
    stepsHint = steps;
    if (bar != null) {
      bar.update(steps, lossSum / Math.max(1, samples), rate(now));
      bar.close();
      bar = null;
    }
    out.println(line(epoch, (now - epochStart) / 1e9, rate(now), metrics));
  }

  private double rate(long now) {
    double seconds = (now - epochStart) / 1e9;
    return seconds > 0 ? samples / seconds : 0;
  }

  private String label(int epoch) {
    return "epoch " + epoch + "/" + epochs;
  }

  /** {@code epoch 3/10 - 1.2 s - 5123 samples/s - loss 0.4123 - val_loss 0.4400}. */
  String line(int epoch, double seconds, double samplesPerSecond, Map<String, Double> metrics) {
    StringBuilder sb = new StringBuilder(label(epoch));
    sb.append(String.format(Locale.ROOT, " - %.1f s - %.0f samples/s", seconds, samplesPerSecond));
    metrics.forEach(
        (name, value) -> sb.append(String.format(Locale.ROOT, " - %s %.4f", name, value)));
    return sb.toString();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
