package dev.stratum.callback;

import java.util.Map;

/**
 * A callback with counters that a checkpoint keeps, so that a run resumed from it continues exactly
 * as an uninterrupted one (reduce-on-plateau's best value and patience count, a best-model
 * checkpoint's best value). {@code stratum-training}'s {@code ModelCheckpoint} saves the state of
 * every such callback of the run beside the model, and {@code Trainer.Builder.resumeFrom} restores
 * it into the callbacks of the new run, matched by position among the stateful callbacks and by
 * class.
 */
public interface StatefulCallback extends Callback {

  /**
   * The state as named numbers (infinities and NaN allowed); a copy the caller may keep. Keys and
   * their meaning are the callback's own.
   */
  Map<String, Double> callbackState();

  /**
   * Restores what {@link #callbackState()} returned on a callback of the same class and settings. A
   * resumed run calls it after every callback's {@link #onTrainBegin}.
   *
   * @throws IllegalArgumentException naming the key when one is missing or out of range
   */
  void loadCallbackState(Map<String, Double> state);
}
