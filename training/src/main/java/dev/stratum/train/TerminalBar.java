package dev.stratum.train;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The live progress bar, drawn by {@code me.tongfei:progressbar}. Only loaded when that optional
 * library is on the class path (see {@link ProgressCallback#barAvailable()}).
 */
final class TerminalBar implements ProgressCallback.Bar {

  private final ProgressBar bar;

  TerminalBar(String task, int steps) {
    this.bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(steps > 0 ? steps : -1)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(200)
            .build();
  }

  @Override
  public void update(long steps, double loss, double samplesPerSecond) {
    bar.stepTo(steps);
    bar.setExtraMessage(
        String.format(Locale.ROOT, "loss %.4f, %.0f samples/s", loss, samplesPerSecond));
  }

  @Override
  public void close() {
    bar.close();
  }
}
