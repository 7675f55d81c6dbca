package dev.stratum.optimizers.schedule;

import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.train.Callback;
import dev.stratum.train.TrainingContext;
import java.util.Objects;

/**
 * Applies a {@link LearningRateSchedule} to the training loop's optimizer: every group's rate
 * becomes {@code baseLearningRate × factor(t)}.
 *
 * <ul>
 *   <li>{@link #perStep}: {@code t} is the index of the next optimizer step, {@link
 *       Optimizer#iterations()}, set before training and after every batch, so a run resumed from a
 *       checkpoint continues the schedule where it stopped;
 *   <li>{@link #perEpoch}: {@code t = epoch − 1}, set at the start of each epoch.
 * </ul>
 *
 * It overwrites the rates, so it does not combine with {@link ReduceOnPlateau} on the same
 * optimizer. Without a training loop, call {@link #apply} before each step.
 */
public final class ScheduleCallback implements Callback {

  private final LearningRateSchedule schedule;
  private final boolean perStep;

  private ScheduleCallback(LearningRateSchedule schedule, boolean perStep) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.perStep = perStep;
  }

  /** Updates the rates before every optimizer step. */
  public static ScheduleCallback perStep(LearningRateSchedule schedule) {
    return new ScheduleCallback(schedule, true);
  }

  /** Updates the rates at the start of every epoch. */
  public static ScheduleCallback perEpoch(LearningRateSchedule schedule) {
    return new ScheduleCallback(schedule, false);
  }

  /** The schedule applied. */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** Sets every group's rate to {@code base × schedule.factor(t)}. */
  public static void apply(Optimizer optimizer, LearningRateSchedule schedule, long t) {
    double factor = schedule.factor(t);
    for (ParameterGroup group : optimizer.groups()) {
      group.learningRate(group.baseLearningRate() * factor);
    }
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    if (perStep) {
      apply(context.optimizer(), schedule, context.optimizer().iterations());
    }
  }

  @Override
  public void onEpochBegin(TrainingContext context, int epoch) {
    if (!perStep) {
      apply(context.optimizer(), schedule, epoch - 1L);
    }
  }

  @Override
  public void onBatchEnd(TrainingContext context, long step, double loss, int batchSize) {
    if (perStep) {
      apply(context.optimizer(), schedule, context.optimizer().iterations());
    }
  }
}
