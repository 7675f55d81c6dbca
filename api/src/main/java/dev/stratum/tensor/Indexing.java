package dev.stratum.tensor;

/** Validation of index tensors, done on the host so that no kernel ever reads out of bounds. */
final class Indexing {

  private Indexing() {}

  /** Every element of {@code indices} must be a whole number in {@code [0, bound)}. */
  static void checkIndices(String op, Tensor indices, int bound) {
    float[] values = indices.toArray();
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (!(v >= 0 && v < bound) || v != Math.rint(v)) {
        throw new IllegalArgumentException(
            op
                + ": index "
                + v
                + " at position "
                + i
                + " is not a whole number in [0, "
                + bound
                + ")");
      }
    }
  }

  /** Like {@link #checkIndices}, for a one-dimensional index tensor. */
  static void checkIndexVector(String op, Tensor indices, int bound) {
    if (indices.rank() != 1) {
      throw new IllegalArgumentException(
          op + ": indices must be one-dimensional, got shape " + Shapes.str(indices.shapeView()));
    }
    checkIndices(op, indices, bound);
  }
}
