package dev.stratum.callback;

import java.util.Map;

/**
 * A callback with counters that a checkpoint keeps, so that a run resumed from it continues exactly
 * as an uninterrupted one (reduce-on-plateau's best value and patience count, a best-model
 * checkpoint's best value, early stopping's best epoch and epochs without improvement). {@code
 * stratum-training}'s {@code ModelCheckpoint} saves the state of every such callback of the run
 * beside the model, and {@code Trainer.Builder.resumeFrom} restores it into the callbacks of the
 * new run, matched by position among the stateful callbacks and by class.
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

  /**
   * The value of {@code key} in a saved state, for {@link #loadCallbackState}.
   *
   * @param who the callback, as its messages name it ({@code "early stopping"})
   * @throws IllegalArgumentException naming the key and the keys present when it is missing
   */
  static double required(String who, Map<String, Double> state, String key) {
    Double value = state.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          who + ": the saved state has no '" + key + "', got keys " + state.keySet());
    }
    return value;
  }

  /**
   * The whole count {@code >= 0} saved under {@code key}, for {@link #loadCallbackState}.
   *
   * @throws IllegalArgumentException when it is missing, negative, fractional or too large
   */
  static int count(String who, Map<String, Double> state, String key) {
    double value = required(who, state, key);
    if (!(value >= 0 && value <= Integer.MAX_VALUE && value == Math.rint(value))) {
      throw new IllegalArgumentException(
          who + ": saved '" + key + "' must be a whole count >= 0, got " + value);
    }
    return (int) value;
  }
}
