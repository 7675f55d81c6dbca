package dev.stratum.nn;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * When a {@link Loss} checks the values of its inputs: at once, or deferred to the device.
 *
 * <p>By default {@link Loss#compute} checks values eagerly, as PyTorch's CPU losses do: a class
 * index out of range or a probability outside {@code [0, 1]} throws {@link
 * IllegalArgumentException} naming the loss, the value and its position, before anything is
 * computed. That check reads the inputs on the host, a round trip per call. Inside {@link
 * #deferred(Supplier)} a loss checks them on the device instead and makes its result NaN when one
 * fails; the caller, which reads the loss anyway, calls {@link Loss#checkValues} on a NaN to learn
 * whether the inputs were the cause. The {@code Trainer} defers for its own steps, so that a
 * training step reads one number from the device (the loss).
 *
 * <p>The setting belongs to the calling thread for the extent of the call ({@link ScopedValue}).
 */
public final class ValueChecks {

  private static final ScopedValue<Boolean> DEFERRED = ScopedValue.newInstance();

  private ValueChecks() {}

  /** Whether losses called on this thread now defer their value checks. */
  public static boolean areDeferred() {
    return DEFERRED.orElse(Boolean.FALSE);
  }

  /** Runs {@code body} with value checks deferred on this thread, and returns what it returns. */
  public static <T> T deferred(Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    return ScopedValue.where(DEFERRED, Boolean.TRUE).call(body::get);
  }
}
