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

  BatchAssembler(Dataset dataset, Transform inputTransform, Transform targetTransform) {
    this.dataset = dataset;
    this.inputTransform = inputTransform;
    this.targetTransform = targetTransform;
    this.inputShape = dataset.inputShape();
    this.targetShape = dataset.targetShape();
    this.inputSize = dataset.inputSize();
    this.targetSize = dataset.targetSize();
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
      dataset.copyTarget(indices[i], targetBuffer, i * targetSize);
    }
    if (inputTransform != null) {
      inputTransform.applyToBatch(inputBuffer, inputSize, indices, epoch);
    }
    if (targetTransform != null) {
      targetTransform.applyToBatch(targetBuffer, targetSize, indices, epoch);
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
}
