package dev.stratum.optimizers.schedule;

import dev.stratum.callback.LearningRateCallback;
import dev.stratum.optim.Optimizer;

/**
 * A learning-rate schedule: the factor by which a group's base learning rate is multiplied at step
 * (or epoch) {@code t}, counting from 0. Factors rather than absolute rates keep per-group rates in
 * proportion; a floor such as a cosine's minimum is also a factor of the base rate. The training
 * loop applies a schedule through the one learning-rate hook, {@link LearningRateCallback}: {@link
 * #perStep()} and {@link #perEpoch()} make it. The built-in schedules are in {@link Schedules};
 * {@link #then} composes them (warm-up, then cosine).
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /** The factor at step or epoch {@code t >= 0}. */
  double factor(long t);

  /**
   * This schedule for {@code t < length}, then {@code next} from its own {@code t = 0}: {@code
   * linearWarmup(500, 0.01).then(500, cosine(10_000, 0))}.
   */
  default LearningRateSchedule then(long length, LearningRateSchedule next) {
    return new Schedules.Sequential(this, length, next);
  }

  /**
   * The training-loop hook that sets every group's rate to {@code base × factor(t)} before each
   * optimizer step, with {@code t} = {@link Optimizer#iterations()}: a run resumed from a
   * checkpoint carries on where it stopped.
   */
  default LearningRateCallback perStep() {
    return LearningRateCallback.perStep(this::factor);
  }

  /**
   * The training-loop hook that sets every group's rate to {@code base × factor(epoch − 1)} at the
   * start of each epoch (epochs count from 1, {@code t} from 0). A run resumed with {@code
   * Trainer.Builder.resumeFrom(checkpoint)} continues the schedule at the checkpoint's epoch.
   */
  default LearningRateCallback perEpoch() {
    return LearningRateCallback.perEpoch(epoch -> factor(epoch - 1L));
  }

  /** Sets every group's rate of {@code optimizer} to {@code base × factor(t)}, without a loop. */
  default void apply(Optimizer optimizer, long t) {
    LearningRateCallback.apply(optimizer, factor(t));
  }
}
