package dev.stratum.train;

import dev.stratum.callback.StatefulCallback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Stops training when a metric has not improved for {@code patience} epochs and, if asked, puts the
 * weights of the best epoch back at the end of training.
 *
 * <p>An epoch improves when {@link Monitor#improves} says so (by more than the monitor's {@code
 * minDelta}); after {@code patience} epochs in a row without improvement the loop is asked to stop.
 * With {@code restoreBestWeights}, every parameter and buffer is copied (on its device) at each
 * improvement, and copied back in place when training ends, whether it stopped early or ran all its
 * epochs.
 *
 * <p>Its counters (the best value and epoch, the epochs without improvement) travel in the
 * checkpoints of a {@link ModelCheckpoint}, so a run resumed with {@link
 * Trainer.Builder#resumeFrom} stops where the uninterrupted run would have (as PyTorch Lightning's
 * early stopping does; Keras's forgets them). Resumed from the checkpoint of the very epoch at
 * which it asked to stop, it trains one more epoch and stops unless that epoch improves. The
 * snapshot of the best weights lives in memory only: a resumed run restores the best weights when
 * its best epoch came after the resume, and otherwise leaves the last epoch's (keep the best model
 * on disk with {@link ModelCheckpoint#best}).
 */
public final class EarlyStopping implements StatefulCallback {

  private final Monitor monitor;
  private final int patience;
  private final boolean restoreBestWeights;
  private final Map<String, Tensor> best = new LinkedHashMap<>();
  private double bestValue;
  private int bestEpoch;
  private int lastEpoch;
  private int epochsWithoutImprovement;
  private int stoppedEpoch;

  /** Early stopping that restores the best weights. */
  public EarlyStopping(Monitor monitor, int patience) {
    this(monitor, patience, true);
  }

  /** Early stopping on {@code monitor} after {@code patience} epochs without improvement. */
  public EarlyStopping(Monitor monitor, int patience, boolean restoreBestWeights) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    if (patience < 1) {
      throw new IllegalArgumentException("early stopping: patience must be >= 1, got " + patience);
    }
    this.patience = patience;
    this.restoreBestWeights = restoreBestWeights;
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    releaseSnapshot();
    bestValue = monitor.initial();
    bestEpoch = 0;
    lastEpoch = 0;
    epochsWithoutImprovement = 0;
    stoppedEpoch = 0;
  }

  @Override
  public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
    lastEpoch = epoch;
    double value = monitor.read(metrics);
    if (monitor.improves(value, bestValue)) {
      bestValue = value;
      bestEpoch = epoch;
      epochsWithoutImprovement = 0;
      if (restoreBestWeights) {
        snapshot(context.model());
      }
      return;
    }
    epochsWithoutImprovement++;
    if (epochsWithoutImprovement >= patience) {
      stoppedEpoch = epoch;
      context.requestStop(
          String.format(
              Locale.ROOT,
              "early stopping: %s did not improve for %d epochs (best %.6g at epoch %d)",
              monitor.metric(),
              patience,
              bestValue,
              bestEpoch));
    }
  }

  @Override
  public Map<String, Double> callbackState() {
    Map<String, Double> state = new LinkedHashMap<>();
    state.put("best_value", bestValue);
    state.put("best_epoch", (double) bestEpoch);
    state.put("last_epoch", (double) lastEpoch);
    state.put("epochs_without_improvement", (double) epochsWithoutImprovement);
    state.put("stopped_epoch", (double) stoppedEpoch);
    return state;
  }

  @Override
  public void loadCallbackState(Map<String, Double> state) {
    String who = "early stopping";
    double loadedBest = StatefulCallback.required(who, state, "best_value");
    int loadedBestEpoch = StatefulCallback.count(who, state, "best_epoch");
    int loadedLast = StatefulCallback.count(who, state, "last_epoch");
    int loadedWithout = StatefulCallback.count(who, state, "epochs_without_improvement");
    int loadedStopped = StatefulCallback.count(who, state, "stopped_epoch");
    if (loadedBestEpoch > loadedLast || loadedWithout > loadedLast) {
      throw new IllegalArgumentException(
          who
              + ": saved best_epoch "
              + loadedBestEpoch
              + " and epochs_without_improvement "
              + loadedWithout
              + " cannot exceed last_epoch "
              + loadedLast);
    }
    releaseSnapshot(); // the weights of the best epoch are not in the checkpoint
    bestValue = loadedBest;
    bestEpoch = loadedBestEpoch;
    lastEpoch = loadedLast;
    epochsWithoutImprovement = loadedWithout;
    stoppedEpoch = loadedStopped;
  }

  @Override
  public void onTrainEnd(TrainingContext context) {
    // after a resume, no snapshot exists until the first improvement
    if (restoreBestWeights && bestEpoch > 0 && bestEpoch != lastEpoch && !best.isEmpty()) {
      try (NoGrad ignored = Autograd.noGrad()) {
        named(context.model()).forEach((name, t) -> t.copyFrom(best.get(name)));
      }
    }
    releaseSnapshot();
  }

  /** The best epoch so far (from 1), or 0 before the first. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The best value of the monitored metric so far. */
  public double bestValue() {
    return bestValue;
  }

  /** The epoch after which this callback asked to stop, or 0 if it did not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  private void snapshot(Layer model) {
    try (NoGrad ignored = Autograd.noGrad()) {
      named(model)
          .forEach(
              (name, t) ->
                  best.computeIfAbsent(
                          name, k -> TensorScope.unscoped(Tensor.zeros(t.backend(), t.shape())))
                      .copyFrom(t));
    }
  }

  private static Map<String, Tensor> named(Layer model) {
    Map<String, Tensor> all = new LinkedHashMap<>(model.parameters());
    model.buffers().forEach((name, t) -> all.put("buffer:" + name, t));
    return all;
  }

  private void releaseSnapshot() {
    best.values().forEach(Tensor::close);
    best.clear();
  }
}
