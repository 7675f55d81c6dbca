package dev.stratum.callback;

import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;
import java.util.function.LongToDoubleFunction;
import java.util.function.ObjLongConsumer;

/**
 * The learning-rate schedule hook: before each epoch, or before each step, sets every parameter
 * group's learning rate to {@code group.baseLearningRate() * factor}. The factor is relative, so
 * one schedule serves groups with different base rates; a schedule that wants absolute rates
 * divides by the base rate it was written for. This is the one learning-rate hook of the loop: the
 * schedules of {@code stratum-optimizers} become callbacks through it ({@code schedule.perStep()},
 * {@code schedule.perEpoch()}).
 *
 * <p>Both kinds resume: a per-step factor is keyed by the optimizer's restored step count, and a
 * per-epoch factor by the epoch number, which a resumed trainer continues ({@code
 * Trainer.Builder.resumeFrom(Path)} in {@code stratum-training} reads it from the checkpoint).
 *
 * <pre>{@code
 * LearningRateCallback.perEpoch(epoch -> Math.pow(0.5, (epoch - 1) / 10));   // halve every 10
 * LearningRateCallback.perStep(step -> Math.min(1.0, (step + 1) / 1000.0));  // linear warm-up
 * }</pre>
 */
public final class LearningRateCallback implements Callback {

  private final IntToDoubleFunction perEpoch;
  private final LongToDoubleFunction perStep;
  private final ObjLongConsumer<Optimizer> alongside;

  private LearningRateCallback(
      IntToDoubleFunction perEpoch,
      LongToDoubleFunction perStep,
      ObjLongConsumer<Optimizer> alongside) {
    this.perEpoch = perEpoch;
    this.perStep = perStep;
    this.alongside = alongside;
  }

  /** A factor per epoch, epochs counted from 1; applied before the epoch's first step. */
  public static LearningRateCallback perEpoch(IntToDoubleFunction factor) {
    return new LearningRateCallback(Objects.requireNonNull(factor, "factor"), null, null);
  }

  /**
   * As {@link #perEpoch(IntToDoubleFunction)}, and after the rates are set, {@code alongside} gets
   * the optimizer and the epoch: what a schedule that also cycles momentum hooks in.
   */
  public static LearningRateCallback perEpoch(
      IntToDoubleFunction factor, ObjLongConsumer<Optimizer> alongside) {
    return new LearningRateCallback(
        Objects.requireNonNull(factor, "factor"),
        null,
        Objects.requireNonNull(alongside, "alongside"));
  }

  /**
   * A factor per optimizer step, keyed by {@link Optimizer#iterations()} (0 before the first step,
   * and carried on by a restored optimizer); applied before each step.
   */
  public static LearningRateCallback perStep(LongToDoubleFunction factor) {
    return new LearningRateCallback(null, Objects.requireNonNull(factor, "factor"), null);
  }

  /**
   * As {@link #perStep(LongToDoubleFunction)}, and after the rates are set, {@code alongside} gets
   * the optimizer and the step: what a schedule that also cycles momentum hooks in.
   */
  public static LearningRateCallback perStep(
      LongToDoubleFunction factor, ObjLongConsumer<Optimizer> alongside) {
    return new LearningRateCallback(
        null,
        Objects.requireNonNull(factor, "factor"),
        Objects.requireNonNull(alongside, "alongside"));
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    if (perStep != null) {
      long next = context.optimizer().iterations();
      applyStep(context.optimizer(), next);
    }
  }

  @Override
  public void onEpochBegin(TrainingContext context, int epoch) {
    if (perEpoch != null) {
      apply(context.optimizer(), perEpoch.applyAsDouble(epoch), "epoch " + epoch);
      if (alongside != null) {
        alongside.accept(context.optimizer(), epoch);
      }
    }
  }

  @Override
  public void onBatchEnd(TrainingContext context, long step, double loss, int batchSize) {
    if (perStep != null) {
      applyStep(context.optimizer(), context.optimizer().iterations());
    }
  }

  private void applyStep(Optimizer optimizer, long next) {
    apply(optimizer, perStep.applyAsDouble(next), "step " + next);
    if (alongside != null) {
      alongside.accept(optimizer, next);
    }
  }

  /**
   * Sets every group's learning rate to {@code group.baseLearningRate() * factor}, without a
   * training loop.
   */
  public static void apply(Optimizer optimizer, double factor) {
    apply(optimizer, factor, "a direct call");
  }

  private static void apply(Optimizer optimizer, double factor, String when) {
    if (!(factor >= 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException(
          "learning-rate schedule: the factor for "
              + when
              + " must be finite and >= 0, got "
              + factor);
    }
    for (ParameterGroup group : optimizer.groups()) {
      group.learningRate(group.baseLearningRate() * factor);
    }
  }
}
