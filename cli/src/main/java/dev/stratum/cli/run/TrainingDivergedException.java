package dev.stratum.cli.run;

/** Training stopped because the loss became NaN, infinite or grew without bound. */
public final class TrainingDivergedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final long stepInEpoch;

  TrainingDivergedException(String message, int epoch, long stepInEpoch) {
    super(message);
    this.epoch = epoch;
    this.stepInEpoch = stepInEpoch;
  }

  /** The epoch in which it happened, from 1. */
  public int epoch() {
    return epoch;
  }

  /** The step within that epoch, from 1. */
  public long stepInEpoch() {
    return stepInEpoch;
  }
}
