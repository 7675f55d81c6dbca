package dev.stratum.tensor;

import java.util.Arrays;

/** Argument checks for the shape-changing ops. */
final class Movement {

  private Movement() {}

  /** Resolves one -1 in a requested shape and checks that the sizes agree. */
  static int[] resolveReshape(int[] shape, int[] requested) {
    int size = Shapes.size(shape);
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < requested.length; i++) {
      if (requested[i] == -1) {
        if (unknown >= 0) {
          throw new IllegalArgumentException(
              "reshape: only one dimension may be -1, got " + Arrays.toString(requested));
        }
        unknown = i;
      } else if (requested[i] < 0) {
        throw new IllegalArgumentException(
            "reshape: dimension "
                + requested[i]
                + " in "
                + Arrays.toString(requested)
                + " is negative");
      } else {
        known *= requested[i];
      }
    }
    int[] resolved = requested.clone();
    if (unknown >= 0) {
      if (known == 0 || size % known != 0) {
        throw new IllegalArgumentException(
            "reshape: cannot reshape "
                + Arrays.toString(shape)
                + " ("
                + size
                + " elements) into "
                + Arrays.toString(requested));
      }
      resolved[unknown] = (int) (size / known);
    } else if (known != size) {
      throw new IllegalArgumentException(
          "reshape: cannot reshape "
              + Arrays.toString(shape)
              + " ("
              + size
              + " elements) into "
              + Arrays.toString(requested)
              + " ("
              + known
              + " elements)");
    }
    return resolved;
  }

  /**
   * Checks that {@code order} permutes {@code [0, rank)} (negative axes allowed); normalises it.
   */
  static int[] normalizePermutation(int[] order, int rank) {
    boolean valid = order.length == rank;
    int[] normalised = new int[order.length];
    boolean[] seen = new boolean[rank];
    for (int i = 0; valid && i < order.length; i++) {
      int axis = order[i] < 0 ? order[i] + rank : order[i];
      valid = axis >= 0 && axis < rank && !seen[axis];
      if (valid) {
        seen[axis] = true;
        normalised[i] = axis;
      }
    }
    if (!valid) {
      throw new IllegalArgumentException(
          "permute: order "
              + Arrays.toString(order)
              + " must name each of the "
              + rank
              + " axes exactly once");
    }
    return normalised;
  }

  static int[] inverse(int[] permutation) {
    int[] inverse = new int[permutation.length];
    for (int i = 0; i < permutation.length; i++) {
      inverse[permutation[i]] = i;
    }
    return inverse;
  }
}
