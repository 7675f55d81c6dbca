package dev.stratum.train;

/**
 * A training step whose objective or gradients were not finite, as {@link
 * Trainer.Builder#onNonFinite} reports it.
 *
 * @param epoch the epoch, from 1
 * @param step the step since {@link Trainer#fit()} began, from 1 (every batch counts, skipped or
 *     not)
 * @param batchInEpoch the batch's position in its epoch, from 1
 * @param loss the step's objective (loss plus penalties), possibly finite when only a gradient was
 *     bad
 * @param parameter the first parameter, in the model's order, whose gradient holds NaN or infinity;
 *     {@code null} when every gradient is finite (or the model has none)
 * @param skipped whether the update was skipped ({@link NonFinitePolicy#SKIP})
 */
public record NonFiniteStep(
    int epoch, long step, long batchInEpoch, double loss, String parameter, boolean skipped) {

  /** One sentence for an exception or a log line. */
  String describe() {
    String what =
        Double.isFinite(loss)
            ? "a non-finite gradient (the loss was " + loss + ")"
            : "a non-finite loss (" + loss + ")";
    return "epoch "
        + epoch
        + ", step "
        + step
        + " (batch "
        + batchInEpoch
        + " of the epoch) gave "
        + what
        + "; first parameter with a non-finite gradient: "
        + (parameter == null ? "none" : "'" + parameter + "'");
  }
}
