package dev.stratum.train;

import java.util.Map;
import java.util.Objects;

/**
 * Which epoch metric a callback watches and which direction is better: the shared rule of {@link
 * EarlyStopping} and {@link ModelCheckpoint#best}. A value improves on the best so far when it is
 * lower by more than {@code minDelta} ({@link Mode#MIN}) or higher by more than {@code minDelta}
 * ({@link Mode#MAX}); NaN never improves.
 */
public record Monitor(String metric, Mode mode, double minDelta) {

  /** Whether lower or higher values are better. */
  public enum Mode {
    MIN,
    MAX
  }

  /** Checks the arguments. */
  public Monitor {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(mode, "mode");
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException(
          "monitor: minDelta must be finite and >= 0, got " + minDelta);
    }
  }

  /** Lower is better ({@code "val_loss"}). */
  public static Monitor min(String metric) {
    return new Monitor(metric, Mode.MIN, 0);
  }

  /** Higher is better ({@code "val_accuracy"}). */
  public static Monitor max(String metric) {
    return new Monitor(metric, Mode.MAX, 0);
  }

  /** The same monitor with another minimum improvement. */
  public Monitor withMinDelta(double delta) {
    return new Monitor(metric, mode, delta);
  }

  /** The value before any epoch: every real value improves on it. */
  public double initial() {
    return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /** Whether {@code value} improves on {@code best}. */
  public boolean improves(double value, double best) {
    if (Double.isNaN(value)) {
      return false;
    }
    if (Double.isInfinite(best)) {
      return mode == Mode.MIN ? value < best : value > best;
    }
    return mode == Mode.MIN ? value < best - minDelta : value > best + minDelta;
  }

  /** The watched value in an epoch's metrics; throws, listing the keys, when it is absent. */
  public double read(Map<String, Double> metrics) {
    Double value = metrics.get(metric);
    if (value == null) {
      throw new IllegalStateException(
          "monitor: no metric '"
              + metric
              + "' in this epoch's metrics "
              + metrics.keySet()
              + " (validation metrics exist only when the trainer has validation data)");
    }
    return value;
  }
}
