package dev.stratum.data;

import dev.stratum.backend.Backend;
import java.util.Arrays;

/**
 * Indexed samples, each an input and a target of fixed shapes, held as floats on the host. A {@link
 * DataLoader} gathers samples into {@link Batch}es on a backend; {@link #subset}, {@link
 * #withInputShape}, {@link #oneHotTargets} and {@link #inputsAsTargets} are cheap views that copy
 * no data.
 *
 * <p>Implementations must allow concurrent reads from several threads (a loader reads on its
 * prefetch thread).
 */
public interface Dataset {

  /** Number of samples. */
  int size();

  /** The shape of one input; a batch's inputs have shape {@code [batch, ...inputShape]}. */
  int[] inputShape();

  /**
   * The shape of one target; {@code []} for a class index, so that a batch's targets have shape
   * {@code [batch]}.
   */
  int[] targetShape();

  /** Writes input {@code index} into {@code dst[offset .. offset + inputSize())}. */
  void copyInput(int index, float[] dst, int offset);

  /** Writes target {@code index} into {@code dst[offset .. offset + targetSize())}. */
  void copyTarget(int index, float[] dst, int offset);

  /** Elements in one input. */
  default int inputSize() {
    return SampleArray.sizeOf(inputShape());
  }

  /** Elements in one target. */
  default int targetSize() {
    return SampleArray.sizeOf(targetShape());
  }

  /** Input {@code index} as a new array. */
  default float[] input(int index) {
    float[] out = new float[inputSize()];
    copyInput(checkIndex(index), out, 0);
    return out;
  }

  /** Target {@code index} as a new array. */
  default float[] target(int index) {
    float[] out = new float[targetSize()];
    copyTarget(checkIndex(index), out, 0);
    return out;
  }

  /**
   * A view of the samples at {@code indices}, in that order (repeats allowed): sample {@code i} of
   * the view is sample {@code indices[i]} of this data set. The array is copied.
   */
  default Dataset subset(int... indices) {
    int[] copy = indices.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] < 0 || copy[i] >= size()) {
        throw new IllegalArgumentException(
            "subset: index "
                + copy[i]
                + " at position "
                + i
                + " is outside the data set of "
                + size()
                + " samples");
      }
    }
    return DatasetViews.subset(this, copy);
  }

  /** A view whose inputs have {@code shape} (same element count), e.g. {@code [1, 28, 28]}. */
  default Dataset withInputShape(int... shape) {
    int size = SampleArray.sizeOf(shape);
    if (size != inputSize()) {
      throw new IllegalArgumentException(
          "withInputShape: inputs of shape "
              + Arrays.toString(inputShape())
              + " ("
              + inputSize()
              + " elements) cannot be viewed as "
              + Arrays.toString(shape)
              + " ("
              + size
              + " elements)");
    }
    return new DatasetViews.Reshaped(this, shape.clone());
  }

  /**
   * A view whose targets are one-hot vectors of length {@code classes} instead of class indices.
   * Reading a target that is not a whole number in {@code [0, classes)} throws, naming the sample.
   */
  default Dataset oneHotTargets(int classes) {
    if (targetSize() != 1) {
      throw new IllegalArgumentException(
          "oneHotTargets: targets must be single class indices, but have shape "
              + Arrays.toString(targetShape()));
    }
    if (classes < 1) {
      throw new IllegalArgumentException("oneHotTargets: need at least 1 class, got " + classes);
    }
    return new DatasetViews.OneHot(this, classes);
  }

  /** A view whose targets are its inputs (for autoencoders). */
  default Dataset inputsAsTargets() {
    return new DatasetViews.InputsAsTargets(this);
  }

  /**
   * Gathers the samples at {@code indices} into one batch on {@code backend}: inputs {@code
   * [indices.length, ...inputShape]}, targets {@code [indices.length, ...targetShape]}. The caller
   * owns (and closes) the batch. Unlike a {@link DataLoader}, it does not refuse NaN or infinite
   * values.
   */
  default Batch batch(Backend backend, int... indices) {
    return new BatchAssembler(this, null, null, true).assemble(backend, indices.clone(), 0);
  }

  /** Checks {@code index} against {@link #size()} and returns it. */
  default int checkIndex(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(
          "sample " + index + " is outside the data set of " + size() + " samples");
    }
    return index;
  }

  /** Shape {@code [batch, ...sample]}. */
  static int[] batchShape(int batch, int[] sample) {
    int[] shape = new int[sample.length + 1];
    shape[0] = batch;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    return shape;
  }
}
