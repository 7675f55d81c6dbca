package dev.stratum.spark;

import java.io.Serializable;

/**
 * What one or more workers send back from a round, already weighted so that contributions merge by
 * adding: {@code values} is {@code Σ n_w · x_w} over the workers merged so far, where {@code n_w}
 * is the number of samples worker {@code w} trained on in the round and {@code x_w} its gradients
 * (gradient averaging) or its parameters and optimizer state (parameter averaging), then its
 * buffers; the driver divides by {@link #samples}. {@code lossSum} is {@code Σ n_b · loss_b} over
 * every batch of the round.
 */
final class Contribution implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The optimizer state's layout in {@code values}, after the model's; null without one. */
  Layout stateLayout;

  float[] values;
  double lossSum;
  long samples;
  int steps;

  /** Timings of the round, filled on the driver (not sent). */
  transient long driverNanos;

  transient long roundNanos;

  /** The zero of {@code treeAggregate}. */
  static Contribution empty() {
    return new Contribution();
  }

  /** Adds {@code other} into this one (Spark allows aggregate functions to reuse their first). */
  Contribution merge(Contribution other) {
    if (other.values == null) {
      return this;
    }
    if (values == null) {
      return other;
    }
    if (values.length != other.values.length
        || (stateLayout == null
            ? other.stateLayout != null
            : !stateLayout.equals(other.stateLayout))) {
      throw new IllegalStateException(
          "spark trainer: workers sent back different layouts ("
              + values.length
              + " values, state "
              + stateLayout
              + " vs "
              + other.values.length
              + " values, state "
              + other.stateLayout
              + "); every executor must build the same model and optimizer");
    }
    if (steps != other.steps) {
      throw new IllegalStateException(
          "spark trainer: workers took different numbers of steps in one round ("
              + steps
              + " and "
              + other.steps
              + ")");
    }
    float[] a = values;
    float[] b = other.values;
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    lossSum += other.lossSum;
    samples += other.samples;
    return this;
  }
}
