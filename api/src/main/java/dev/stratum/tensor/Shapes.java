package dev.stratum.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by every op: sizes, strides, broadcasting and axis normalisation. */
public final class Shapes {

  private Shapes() {}

  /**
   * Number of elements of {@code shape}; fails if a dimension is negative or the size overflows.
   */
  public static int size(int[] shape) {
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " has a negative dimension " + d);
      }
      size *= d;
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "shape "
                + Arrays.toString(shape)
                + " has more than "
                + Integer.MAX_VALUE
                + " elements, the most one tensor can hold");
      }
    }
    return (int) size;
  }

  /** Row-major strides of a contiguous tensor of this shape. */
  public static int[] strides(int[] shape) {
    int[] strides = new int[shape.length];
    int stride = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = stride;
      stride *= shape[d];
    }
    return strides;
  }

  /** The NumPy broadcast of two shapes, or an exception naming the op and the clash. */
  public static int[] broadcast(String op, int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            op
                + ": shapes "
                + Arrays.toString(a)
                + " and "
                + Arrays.toString(b)
                + " cannot be broadcast: dimension "
                + i
                + " is "
                + da
                + " and "
                + db);
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * Strides that read a contiguous tensor of {@code shape} as if it had {@code target}'s shape:
   * aligned to the right, 0 along broadcast axes.
   */
  public static int[] broadcastStrides(int[] shape, int[] target) {
    int[] own = strides(shape);
    int[] result = new int[target.length];
    int offset = target.length - shape.length;
    for (int i = 0; i < shape.length; i++) {
      result[i + offset] = shape[i] == 1 && target[i + offset] != 1 ? 0 : own[i];
    }
    return result;
  }

  /** Turns a possibly negative axis into {@code [0, rank)}, or fails naming the op. */
  public static int axis(String op, int axis, int rank) {
    int normalised = axis < 0 ? axis + rank : axis;
    if (normalised < 0 || normalised >= rank) {
      throw new IllegalArgumentException(
          op
              + ": axis "
              + axis
              + " is out of range for a tensor of rank "
              + rank
              + " (valid: "
              + -rank
              + " to "
              + (rank - 1)
              + ")");
    }
    return normalised;
  }

  /** Normalised, sorted, distinct axes; an empty array means every axis. */
  static int[] axes(String op, int[] axes, int rank) {
    if (axes.length == 0) {
      int[] all = new int[rank];
      for (int i = 0; i < rank; i++) {
        all[i] = i;
      }
      return all;
    }
    boolean[] seen = new boolean[rank];
    for (int axis : axes) {
      int a = axis(op, axis, rank);
      if (seen[a]) {
        throw new IllegalArgumentException(
            op + ": axis " + axis + " appears twice in " + Arrays.toString(axes));
      }
      seen[a] = true;
    }
    int[] result = new int[axes.length];
    int n = 0;
    for (int i = 0; i < rank; i++) {
      if (seen[i]) {
        result[n++] = i;
      }
    }
    return result;
  }

  /** Product of {@code shape[from..to)}. */
  static int product(int[] shape, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= shape[i];
    }
    return p;
  }

  static String str(int[] shape) {
    return Arrays.toString(shape);
  }
}
