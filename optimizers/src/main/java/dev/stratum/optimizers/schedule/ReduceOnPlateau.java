package dev.stratum.optimizers.schedule;

import dev.stratum.callback.StatefulCallback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reduces every group's learning rate by {@code factor} when a validation metric has stopped
 * improving for more than {@code patience} epochs, with PyTorch's {@code ReduceLROnPlateau}
 * semantics:
 *
 * <ul>
 *   <li>a value improves on the best one if it is lower ({@link Mode#MIN}) or higher ({@link
 *       Mode#MAX}) by more than {@code threshold}, relative ({@code |best|·threshold}, which is
 *       PyTorch's {@code best·(1 ∓ threshold)} for a positive best) or absolute;
 *   <li>after {@code patience + 1} epochs in a row without improvement, rates become {@code
 *       max(rate·factor, minLearningRate)} and the count restarts; for {@code cooldown} epochs
 *       after a reduction, epochs without improvement are not counted.
 * </ul>
 *
 * As a callback it reads {@code metrics.get(monitor)} at the end of each epoch ({@code "val_loss"}
 * needs validation data); {@link #observe} drives it by hand. Its counters are a {@link
 * StatefulCallback}'s state ({@code best}, {@code bad_epochs}, {@code cooldown_left}, {@code
 * reductions}), which training checkpoints keep, so a resumed run reduces at the same epochs as an
 * uninterrupted one; the reduced rates themselves are the optimizer's, kept with it.
 */
public final class ReduceOnPlateau implements StatefulCallback {

  /** Whether lower or higher values of the metric are better. */
  public enum Mode {
    MIN,
    MAX
  }

  /** Whether {@code threshold} is relative to the best value or absolute. */
  public enum ThresholdMode {
    RELATIVE,
    ABSOLUTE
  }

  private final String monitor;
  private final Mode mode;
  private final double factor;
  private final int patience;
  private final double threshold;
  private final ThresholdMode thresholdMode;
  private final int cooldown;
  private final double minLearningRate;

  private double best;
  private int badEpochs;
  private int cooldownLeft;
  private int reductions;

  /**
   * @param monitor the metric's key in the epoch metrics, such as {@code "val_loss"}
   * @param factor the multiplier of a reduction, in (0, 1)
   * @param patience epochs without improvement tolerated before reducing
   * @param minLearningRate the absolute floor of every group's rate
   */
  public ReduceOnPlateau(
      String monitor,
      Mode mode,
      double factor,
      int patience,
      double threshold,
      ThresholdMode thresholdMode,
      int cooldown,
      double minLearningRate) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.thresholdMode = Objects.requireNonNull(thresholdMode, "thresholdMode");
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException(
          "reduceOnPlateau: factor must be in (0, 1), got " + factor);
    }
    if (patience < 0 || cooldown < 0) {
      throw new IllegalArgumentException(
          "reduceOnPlateau: patience and cooldown must be >= 0, got "
              + patience
              + " and "
              + cooldown);
    }
    if (!(threshold >= 0) || !(minLearningRate >= 0)) {
      throw new IllegalArgumentException(
          "reduceOnPlateau: threshold and min learning rate must be >= 0, got "
              + threshold
              + " and "
              + minLearningRate);
    }
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.cooldown = cooldown;
    this.minLearningRate = minLearningRate;
    this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /** PyTorch's defaults on {@code "val_loss"}: factor 0.1, patience 10, 1e-4 relative, no floor. */
  public static ReduceOnPlateau onValidationLoss() {
    return new ReduceOnPlateau("val_loss", Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.RELATIVE, 0, 0);
  }

  /** Feeds one epoch's metric value; returns whether the rates were reduced. */
  public boolean observe(double value, Optimizer optimizer) {
    if (improves(value)) {
      best = value;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (cooldownLeft > 0) {
      cooldownLeft--;
      badEpochs = 0;
    }
    if (badEpochs <= patience) {
      return false;
    }
    badEpochs = 0;
    cooldownLeft = cooldown;
    boolean changed = false;
    for (ParameterGroup group : optimizer.groups()) {
      double reduced = Math.max(group.learningRate() * factor, minLearningRate);
      if (group.learningRate() - reduced > 1e-12) {
        group.learningRate(reduced);
        changed = true;
      }
    }
    if (changed) {
      reductions++;
    }
    return changed;
  }

  private boolean improves(double value) {
    if (Double.isNaN(value)) {
      return false;
    }
    double margin =
        thresholdMode == ThresholdMode.RELATIVE ? Math.abs(best) * threshold : threshold;
    if (Double.isInfinite(best)) {
      margin = 0;
    }
    return mode == Mode.MIN ? value < best - margin : value > best + margin;
  }

  @Override
  public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
    Double value = metrics.get(monitor);
    if (value == null) {
      throw new IllegalArgumentException(
          "reduceOnPlateau: metric '"
              + monitor
              + "' is not among the epoch metrics "
              + metrics.keySet()
              + (monitor.startsWith("val_") ? " (is there validation data?)" : ""));
    }
    observe(value, context.optimizer());
  }

  @Override
  public Map<String, Double> callbackState() {
    Map<String, Double> state = new LinkedHashMap<>();
    state.put("best", best);
    state.put("bad_epochs", (double) badEpochs);
    state.put("cooldown_left", (double) cooldownLeft);
    state.put("reductions", (double) reductions);
    return state;
  }

  @Override
  public void loadCallbackState(Map<String, Double> state) {
    String who = "reduceOnPlateau";
    double loadedBest = StatefulCallback.required(who, state, "best");
    int loadedBad = StatefulCallback.count(who, state, "bad_epochs");
    int loadedCooldown = StatefulCallback.count(who, state, "cooldown_left");
    int loadedReductions = StatefulCallback.count(who, state, "reductions");
    best = loadedBest;
    badEpochs = loadedBad;
    cooldownLeft = loadedCooldown;
    reductions = loadedReductions;
  }

  /** The best value seen so far. */
  public double best() {
    return best;
  }

  /** How many times the rates were reduced. */
  public int reductions() {
    return reductions;
  }
}
