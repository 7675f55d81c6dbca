package dev.stratum.data;

import java.util.Objects;

/**
 * An in-memory data set: one {@link SampleArray} of inputs and one of targets with the same number
 * of samples. The two may be the same array (an autoencoder's targets are its inputs).
 *
 * <pre>{@code
 * Dataset xor = ArrayDataset.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, new int[] {2},
 *     new float[] {0, 1, 1, 0}, new int[] {});
 * }</pre>
 */
public record ArrayDataset(SampleArray inputs, SampleArray targets) implements Dataset {

  /** Checks that inputs and targets hold the same number of samples. */
  public ArrayDataset {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(targets, "targets");
    if (inputs.count() != targets.count()) {
      throw new IllegalArgumentException(
          "data set: "
              + inputs.count()
              + " inputs but "
              + targets.count()
              + " targets; each input needs one target");
    }
  }

  /** Float inputs and targets with the given per-sample shapes; the arrays are not copied. */
  public static ArrayDataset of(
      float[] inputs, int[] inputShape, float[] targets, int[] targetShape) {
    return new ArrayDataset(
        SampleArray.floats(inputs, inputShape), SampleArray.floats(targets, targetShape));
  }

  /** Inputs with class-index targets ({@code labels[i]} is the class of sample {@code i}). */
  public static ArrayDataset classification(SampleArray inputs, int[] labels) {
    float[] targets = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      targets[i] = labels[i];
    }
    return new ArrayDataset(inputs, SampleArray.floats(targets));
  }

  @Override
  public int size() {
    return inputs.count();
  }

  @Override
  public int[] inputShape() {
    return inputs.sampleShape();
  }

  @Override
  public int[] targetShape() {
    return targets.sampleShape();
  }

  @Override
  public int inputSize() {
    return inputs.sampleSize();
  }

  @Override
  public int targetSize() {
    return targets.sampleSize();
  }

  @Override
  public void copyInput(int index, float[] dst, int offset) {
    inputs.copySample(index, dst, offset);
  }

  @Override
  public void copyTarget(int index, float[] dst, int offset) {
    targets.copySample(index, dst, offset);
  }
}
