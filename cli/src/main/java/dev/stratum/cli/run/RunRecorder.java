package dev.stratum.cli.run;

import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.train.Monitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a run folder up to date after every epoch: the history (with each epoch's seconds), the
 * {@code last} checkpoint (model and optimizer, what {@code --resume} continues from) and the
 * {@code best} one. Unlike {@link dev.stratum.train.ModelCheckpoint#best}, it knows the epochs of
 * earlier sessions of a resumed run, so a resumed run replaces {@code best} only when it improves
 * on the whole run. Without a monitor (a kind whose epochs no metric ranks) every epoch replaces
 * {@code best}: the last one is kept.
 */
public final class RunRecorder implements Callback {

  private final RunFolder folder;
  private final Monitor monitor;
  private final List<Map<String, Double>> history;
  private double best;
  private int bestEpoch;
  private long epochStart;

  /**
   * A recorder that continues {@code earlier} epochs (empty for a new run); {@code monitor} null
   * keeps the last epoch as the best.
   */
  public RunRecorder(RunFolder folder, Monitor monitor, List<Map<String, Double>> earlier) {
    this.folder = folder;
    this.monitor = monitor;
    this.history = new ArrayList<>(earlier);
    this.best = monitor == null ? Double.NaN : monitor.initial();
    this.bestEpoch = monitor == null ? earlier.size() : 0;
    for (int e = 0; monitor != null && e < earlier.size(); e++) {
      Double value = earlier.get(e).get(monitor.metric());
      if (value != null && monitor.improves(value, best)) {
        best = value;
        bestEpoch = e + 1;
      }
    }
  }

  @Override
  public void onEpochBegin(TrainingContext context, int epoch) {
    epochStart = System.nanoTime();
  }

  @Override
  public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
    Map<String, Double> row = new LinkedHashMap<>(metrics);
    row.put("seconds", (System.nanoTime() - epochStart) / 1e9);
    history.add(row);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("epoch", Integer.toString(epoch));
    metrics.forEach((name, value) -> metadata.put(name, Double.toString(value)));
    try {
      Checkpoint.save(folder.last(), context.model(), context.optimizer(), metadata);
      double value = monitor == null ? Double.NaN : monitor.read(metrics);
      if (monitor == null || monitor.improves(value, best)) {
        best = value;
        bestEpoch = epoch;
        Checkpoint.save(folder.best(), context.model(), null, metadata);
      }
      folder.writeHistory(history);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "saving epoch " + epoch + " into the run folder " + folder.root() + " failed", e);
    }
  }

  /** Every epoch of the run, earlier sessions included, epoch 1 first. */
  public List<Map<String, Double>> history() {
    return Collections.unmodifiableList(history);
  }

  /** The best epoch of the whole run (from 1), or 0 before the first. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The monitored metric at the best epoch (NaN without a monitor). */
  public double bestValue() {
    return best;
  }
}
