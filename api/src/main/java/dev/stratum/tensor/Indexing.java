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

  /** {@link Tensor#gather}: flat offsets from the index, then one indexSelect. */
  static Tensor gather(Tensor x, int axis, Tensor index) {
    Primitives.sameBackend("gather", x, index);
    int[] shape = x.shapeView();
    int[] indexShape = index.shapeView();
    int a = Shapes.axis("gather", axis, shape.length);
    if (indexShape.length != shape.length) {
      throw new IllegalArgumentException(
          "gather: index of shape "
              + Shapes.str(indexShape)
              + " must have the rank of the tensor, "
              + Shapes.str(shape));
    }
    for (int d = 0; d < shape.length; d++) {
      if (d != a && indexShape[d] > shape[d]) {
        throw new IllegalArgumentException(
            "gather: index of shape "
                + Shapes.str(indexShape)
                + " is larger than the tensor's "
                + Shapes.str(shape)
                + " along axis "
                + d
                + " (only axis "
                + a
                + " may differ freely)");
      }
    }
    if (Shapes.size(shape) >= (1 << 24)) {
      throw new IllegalArgumentException(
          "gather: a tensor of "
              + Shapes.size(shape)
              + " elements is too large; flat float indices are exact below 2^24");
    }
    checkIndices("gather", index, shape[a]);
    int[] strides = Shapes.strides(shape);
    int n = Shapes.size(indexShape);
    // the offset of every index position with the gathered axis at 0; the index adds the rest
    float[] base = new float[n];
    int[] coordinate = new int[indexShape.length];
    for (int i = 0; i < n; i++) {
      int offset = 0;
      for (int d = 0; d < coordinate.length; d++) {
        if (d != a) {
          offset += coordinate[d] * strides[d];
        }
      }
      base[i] = offset;
      for (int d = coordinate.length - 1; d >= 0; d--) {
        if (++coordinate[d] < indexShape[d]) {
          break;
        }
        coordinate[d] = 0;
      }
    }
    int stride = strides[a];
    return TensorScope.composite(
        () -> {
          Tensor flat;
          try (NoGrad ignored = Autograd.noGrad()) {
            flat = index.mul((float) stride).add(Tensor.of(x.backend(), base, indexShape));
          }
          return x.reshape(-1).indexSelect(0, flat.reshape(-1)).reshape(indexShape);
        });
  }
}
