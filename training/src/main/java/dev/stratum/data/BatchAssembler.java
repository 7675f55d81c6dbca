package dev.stratum.data;

import dev.stratum.backend.Backend;
import dev.stratum.tensor.Tensor;

/**
 * Gathers samples into host buffers, applies the transforms and uploads one batch. One assembler
 * serves one thread: it reuses its host buffers between batches ({@link Backend#upload} has copied
 * them when it returns).
 */
final class BatchAssembler {

  private final Dataset dataset;
  private final Transform inputTransform;
  private final Transform targetTransform;
  private final int[] inputShape;
  private final int[] targetShape;
  private final int inputSize;
  private final int targetSize;
  private float[] inputBuffer = new float[0];
  private float[] targetBuffer = new float[0];
  private final boolean allowNonFinite;
  // an autoencoder's targets are its inputs: decoded once, then copied before any transform
  private final boolean targetsAreInputs;

  BatchAssembler(
      Dataset dataset,
      Transform inputTransform,
      Transform targetTransform,
      boolean allowNonFinite) {
    this.dataset = dataset;
    this.allowNonFinite = allowNonFinite;
    this.inputTransform = inputTransform;
    this.targetTransform = targetTransform;
    this.inputShape = dataset.inputShape();
    this.targetShape = dataset.targetShape();
    this.inputSize = dataset.inputSize();
    this.targetSize = dataset.targetSize();
    this.targetsAreInputs = DatasetViews.targetsAreInputs(dataset);
  }

  /** The batch of the samples {@code indices} (owned by the assembler from now on). */
  Batch assemble(Backend backend, int[] indices, long epoch) {
    int n = indices.length;
    int inputCount = Math.multiplyExact(n, inputSize);
    int targetCount = Math.multiplyExact(n, targetSize);
    if (inputBuffer.length != inputCount) {
      inputBuffer = new float[inputCount];
    }
    if (targetBuffer.length != targetCount) {
      targetBuffer = new float[targetCount];
    }
    for (int i = 0; i < n; i++) {
      dataset.copyInput(dataset.checkIndex(indices[i]), inputBuffer, i * inputSize);
      if (!targetsAreInputs) {
        dataset.copyTarget(indices[i], targetBuffer, i * targetSize);
      }
    }
    if (targetsAreInputs) {
      System.arraycopy(inputBuffer, 0, targetBuffer, 0, inputCount);
    }
    if (inputTransform != null) {
      inputTransform.applyToBatch(inputBuffer, inputSize, indices, epoch);
    }
    if (targetTransform != null) {
      targetTransform.applyToBatch(targetBuffer, targetSize, indices, epoch);
    }
    if (!allowNonFinite) {
      requireFiniteWhereItCouldFail(indices, epoch);
    }
    Tensor inputs = Tensor.of(backend, inputBuffer, Dataset.batchShape(n, inputShape));
    try {
      Tensor targets = Tensor.of(backend, targetBuffer, Dataset.batchShape(n, targetShape));
      return new Batch(inputs, targets);
    } catch (RuntimeException | Error e) {
      inputs.close();
      throw e;
    }
  }

  /**
   * {@link #requireFinite} on the inputs and the targets, except where no value can fail it: data
   * that is finite by construction ({@link DatasetViews#inputsAlwaysFinite}) with no transform
   * after it, and targets that are an untransformed copy of inputs checked or finite already. The
   * scan is about 2% of a dense autoencoder's training step on Fashion-MNIST's bytes.
   */
  private void requireFiniteWhereItCouldFail(int[] indices, long epoch) {
    boolean rawInputsFinite = DatasetViews.inputsAlwaysFinite(dataset);
    if (inputTransform != null || !rawInputsFinite) {
      requireFinite("input", inputBuffer, inputSize, indices, epoch, inputTransform != null);
    }
    boolean rawTargetsFinite =
        targetsAreInputs
            ? rawInputsFinite || inputTransform == null
            : DatasetViews.targetsAlwaysFinite(dataset);
    if (targetTransform != null || !rawTargetsFinite) {
      requireFinite("target", targetBuffer, targetSize, indices, epoch, targetTransform != null);
    }
  }

  /**
   * Throws {@link IllegalArgumentException} naming the data set index of the first sample with a
   * NaN or infinite value: one of them turns every loss it touches into NaN, far from its cause.
   */
  private static void requireFinite(
      String what, float[] values, int size, int[] indices, long epoch, boolean transformed) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        int sample = i / size;
        throw new IllegalArgumentException(
            "data loader: the "
                + what
                + " of sample "
                + indices[sample]
                + " (element "
                + (i - sample * size)
                + " of "
                + size
                + (transformed ? ", after the " + what + " transform" : "")
                + ") is "
                + values[i]
                + ", in epoch "
                + epoch
                + "; NaN or infinity in the data makes every loss it touches NaN (fix the data, or"
                + " keep such values with DataLoader.Builder.allowNonFinite(true))");
      }
    }
  }
}
