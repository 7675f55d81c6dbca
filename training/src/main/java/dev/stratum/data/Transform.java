package dev.stratum.data;

import java.util.Objects;

/**
 * A step applied in place to samples on the host before they are uploaded: normalisation, noise,
 * and anything a user writes. A {@link DataLoader} applies its transforms to each batch on its
 * prefetch thread, so they must not keep mutable state between calls.
 *
 * <p>A random transform derives its numbers from its own seed, the epoch and the sample's index in
 * the data set being loaded (never from the sample's position in the batch), so the noise differs
 * between samples and epochs, yet is the same for any batch size, shuffle order or backend.
 */
@FunctionalInterface
public interface Transform {

  /**
   * Transforms one sample, {@code values[offset .. offset + length)}, in place. {@code epoch} and
   * {@code sample} (the index in the data set) key any randomness.
   */
  void apply(float[] values, int offset, int length, long epoch, int sample);

  /**
   * Transforms a batch of {@code samples.length} samples of {@code sampleSize} values each, laid
   * out one after another from {@code values[0]}. The default applies {@link #apply} to each
   * sample; a transform that works better on a whole batch overrides it.
   */
  default void applyToBatch(float[] values, int sampleSize, int[] samples, long epoch) {
    for (int i = 0; i < samples.length; i++) {
      apply(values, i * sampleSize, sampleSize, epoch, samples[i]);
    }
  }

  /** This transform followed by {@code next}. */
  default Transform andThen(Transform next) {
    Objects.requireNonNull(next, "next");
    Transform first = this;
    return new Transform() {
      @Override
      public void apply(float[] values, int offset, int length, long epoch, int sample) {
        first.apply(values, offset, length, epoch, sample);
        next.apply(values, offset, length, epoch, sample);
      }

      @Override
      public void applyToBatch(float[] values, int sampleSize, int[] samples, long epoch) {
        first.applyToBatch(values, sampleSize, samples, epoch);
        next.applyToBatch(values, sampleSize, samples, epoch);
      }
    };
  }

  /** The transform that changes nothing. */
  static Transform identity() {
    return (values, offset, length, epoch, sample) -> {};
  }

  /**
   * Applies this transform to every input of {@code dataset} as of {@code epoch}, giving a new
   * in-memory data set (targets are copied unchanged). Useful for a fixed noisy test set.
   */
  default ArrayDataset applyToInputs(Dataset dataset, long epoch) {
    int n = dataset.size();
    int inputSize = dataset.inputSize();
    int targetSize = dataset.targetSize();
    float[] inputs = new float[Math.multiplyExact(n, inputSize)];
    float[] targets = new float[Math.multiplyExact(n, targetSize)];
    for (int i = 0; i < n; i++) {
      dataset.copyInput(i, inputs, i * inputSize);
      apply(inputs, i * inputSize, inputSize, epoch, i);
      dataset.copyTarget(i, targets, i * targetSize);
    }
    return ArrayDataset.of(inputs, dataset.inputShape(), targets, dataset.targetShape());
  }
}
