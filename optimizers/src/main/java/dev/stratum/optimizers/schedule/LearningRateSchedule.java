package dev.stratum.optimizers.schedule;

/**
 * A learning-rate schedule: the factor by which a group's base learning rate is multiplied at step
 * (or epoch) {@code t}, counting from 0. Factors rather than absolute rates keep per-group rates in
 * proportion; a floor such as a cosine's minimum is also a factor of the base rate. {@link
 * ScheduleCallback} applies a schedule to an optimizer. The built-in schedules are in {@link
 * Schedules}; {@link #then} composes them (warm-up, then cosine).
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
}
