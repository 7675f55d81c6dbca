package dev.stratum.train;

import dev.stratum.callback.StatefulCallback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.checkpoint.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Saves {@link Checkpoint}s (model and optimizer) during training: every {@code n} epochs into
 * {@code root/epoch-0005}, or into one directory each time a monitored metric improves. Each
 * checkpoint's metadata holds the epoch and its metrics. The best value is tracked per run: the
 * first epoch of a new {@code fit()} replaces a best checkpoint left by an earlier run. A save that
 * fails stops training with an {@link UncheckedIOException}; the previous checkpoint stays intact.
 *
 * <p>Each checkpoint also holds a {@link TrainingState}: the epoch and the state of every {@link
 * StatefulCallback} of the run (reduce-on-plateau counters, this callback's own best value), so
 * {@link Trainer.Builder#resumeFrom(Path)} continues the run exactly. So that this state is the
 * epoch's final one, the trainer calls {@code onEpochEnd} of every {@code ModelCheckpoint} after
 * that of the other callbacks, wherever it stands in the list.
 */
public final class ModelCheckpoint implements StatefulCallback {

  private final Path path;
  private final int every;
  private final Monitor monitor;
  private double best;

  private ModelCheckpoint(Path path, int every, Monitor monitor) {
    this.path = Objects.requireNonNull(path, "path");
    this.every = every;
    this.monitor = monitor;
  }

  /** A checkpoint every {@code epochs} epochs, in {@code root/epoch-NNNN}. */
  public static ModelCheckpoint every(Path root, int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("model checkpoint: every must be >= 1, got " + epochs);
    }
    return new ModelCheckpoint(root, epochs, null);
  }

  /** A checkpoint in {@code directory}, replaced each time {@code monitor} improves. */
  public static ModelCheckpoint best(Path directory, Monitor monitor) {
    return new ModelCheckpoint(directory, 0, Objects.requireNonNull(monitor, "monitor"));
  }

  /** The directory a periodic checkpoint of {@code epoch} goes to. */
  public static Path epochDirectory(Path root, int epoch) {
    return root.resolve(String.format(Locale.ROOT, "epoch-%04d", epoch));
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    if (monitor != null) {
      best = monitor.initial();
    }
  }

  @Override
  public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
    if (monitor == null) {
      if (epoch % every == 0) {
        save(context, epochDirectory(path, epoch), epoch, metrics);
      }
    } else {
      double value = monitor.read(metrics);
      if (monitor.improves(value, best)) {
        best = value;
        save(context, path, epoch, metrics);
      }
    }
  }

  /** The best value so far ({@code "best"}); empty for a periodic checkpoint. */
  @Override
  public Map<String, Double> callbackState() {
    return monitor == null ? Map.of() : Map.of("best", best);
  }

  @Override
  public void loadCallbackState(Map<String, Double> state) {
    if (monitor != null) {
      best = StatefulCallback.required("model checkpoint", state, "best");
    }
  }

  private static void save(
      TrainingContext context, Path directory, int epoch, Map<String, Double> metrics) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("epoch", Integer.toString(epoch));
    metrics.forEach((name, value) -> metadata.put(name, Double.toString(value)));
    try {
      Checkpoint.save(
          directory,
          context.model(),
          context.optimizer(),
          metadata,
          TrainingState.of(epoch, context.callbacks()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "model checkpoint: saving epoch " + epoch + " to " + directory + " failed", e);
    }
  }
}
