package dev.stratum.tensor;

import dev.stratum.backend.Storage;

/**
 * A kernel run on the storages of tensors in place, through {@link Tensor#updateInPlace}: usually a
 * call of a fused kernel a backend offers, such as {@link dev.stratum.backend.fused.FusedAdam}.
 */
@FunctionalInterface
public interface InPlaceKernel {

  /**
   * Runs the kernel on {@code storages}, one per tensor in the order they were given, each holding
   * {@code count} elements.
   */
  void run(Storage[] storages, int count);
}
