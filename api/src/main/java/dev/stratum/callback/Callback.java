package dev.stratum.callback;

/**
 * Hooks into the training loop: early stopping, checkpoints, learning-rate schedules, logs and
 * progress bars are callbacks. Every method has an empty default.
 */
public interface Callback {

  /** Before the first epoch. */
  default void onTrainBegin(TrainingContext context) {}

  /** Before each epoch; epochs count from 1. */
  default void onEpochBegin(TrainingContext context, int epoch) {}

  /** After the optimizer step of each batch, with that batch's loss and size. */
  default void onBatchEnd(TrainingContext context, long step, double loss, int batchSize) {}

  /**
   * After each epoch, once validation has run. {@code metrics} holds at least {@code "loss"} and,
   * when there is validation data, {@code "val_loss"} plus any configured metric ({@code
   * "val_accuracy"}, ...).
   */
  default void onEpochEnd(
      TrainingContext context, int epoch, java.util.Map<String, Double> metrics) {}

  /**
   * After the last epoch, after a callback asked to stop, or when training threw (the Trainer then
   * calls it on every callback that began, and rethrows): the place to close files.
   */
  default void onTrainEnd(TrainingContext context) {}
}
