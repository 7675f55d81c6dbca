package dev.stratum.cli.run;

import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.cli.picture.Format;
import java.util.Locale;

/**
 * Stops training at the first step whose loss is NaN or infinite, or more than {@value #GROWTH}
 * times the loss of the run's first step (a loss that only grows, as with a learning rate far too
 * high, passes that long before it overflows). It throws {@link TrainingDivergedException} naming
 * the epoch and the step, so the command stops with that message instead of printing {@code loss
 * NaN} for every remaining epoch. A loss starts near its highest, so a healthy run stays far below
 * the bound.
 */
public final class DivergenceGuard implements Callback {

  /** How many times the first step's loss counts as growing without bound. */
  static final double GROWTH = 100;

  private final String advice;
  private double firstLoss = Double.NaN;
  private int epoch;
  private long stepInEpoch;

  /** A guard whose message ends with {@code advice} (what to change). */
  public DivergenceGuard(String advice) {
    this.advice = advice;
  }

  @Override
  public void onEpochBegin(TrainingContext context, int epoch) {
    this.epoch = epoch;
    this.stepInEpoch = 0;
  }

  @Override
  public void onBatchEnd(TrainingContext context, long step, double loss, int batchSize) {
    stepInEpoch++;
    String problem = null;
    if (Double.isNaN(loss)) {
      problem = "the loss is NaN";
    } else if (Double.isInfinite(loss)) {
      problem = "the loss is infinite";
    } else if (Double.isNaN(firstLoss)) {
      firstLoss = loss;
    } else if (Math.abs(loss) > GROWTH * Math.abs(firstLoss) && Math.abs(firstLoss) > 0) {
      problem =
          "the loss grew to "
              + Format.significant(loss)
              + ", more than "
              + Format.significant(GROWTH)
              + " times the first step's "
              + Format.significant(firstLoss);
    }
    if (problem != null) {
      throw new TrainingDivergedException(
          String.format(
              Locale.ROOT,
              "training diverged in epoch %d at step %d of the epoch (step %d of the run): %s. %s",
              epoch,
              stepInEpoch,
              step,
              problem,
              advice),
          epoch,
          stepInEpoch);
    }
  }
}
