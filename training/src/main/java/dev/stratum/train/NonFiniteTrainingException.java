package dev.stratum.train;

/**
 * Thrown by the {@link Trainer} under {@link NonFinitePolicy#STOP} when a step's objective or a
 * gradient is NaN or infinite.
 */
public final class NonFiniteTrainingException extends IllegalStateException {

  private final NonFiniteStep details;

  NonFiniteTrainingException(NonFiniteStep details, boolean updateApplied) {
    super(
        "trainer: "
            + details.describe()
            + (updateApplied
                ? "; the custom TrainingStep had already applied its update"
                : "; the update was not applied")
            + " (NonFinitePolicy.STOP; look for a learning rate too high, a log or division"
            + " of zero, or NaN in the data)");
    this.details = details;
  }

  /** Where it happened and what went bad. */
  public NonFiniteStep details() {
    return details;
  }

  /** The epoch, from 1. */
  public int epoch() {
    return details.epoch();
  }

  /** The step since {@link Trainer#fit()} began, from 1. */
  public long step() {
    return details.step();
  }

  /** The first parameter whose gradient was not finite, or {@code null}. */
  public String parameter() {
    return details.parameter();
  }
}
