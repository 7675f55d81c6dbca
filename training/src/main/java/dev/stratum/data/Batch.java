package dev.stratum.data;

import dev.stratum.tensor.Tensor;
import java.util.Objects;

/**
 * One mini-batch: inputs and targets whose first axis is the batch. A loader hands out batches the
 * caller owns; closing the batch frees both tensors.
 */
public record Batch(Tensor inputs, Tensor targets) implements AutoCloseable {

  /** Checks that both tensors exist and agree on the batch size. */
  public Batch {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(targets, "targets");
    if (inputs.rank() == 0 || targets.rank() == 0 || inputs.dim(0) != targets.dim(0)) {
      throw new IllegalArgumentException(
          "batch: inputs "
              + java.util.Arrays.toString(inputs.shape())
              + " and targets "
              + java.util.Arrays.toString(targets.shape())
              + " must share their first (batch) axis");
    }
  }

  /** The number of samples. */
  public int size() {
    return inputs.dim(0);
  }

  @Override
  public void close() {
    inputs.close();
    targets.close();
  }
}
