package dev.stratum.backend.opencl;

import java.util.Arrays;

/**
 * An index space walked by several operands through their own strides, reduced to the fewest axes
 * that describe it (axes of extent 1 dropped, neighbouring axes that every operand walks
 * contiguously merged), then cut into launches of at most {@link #MAX_RANK} axes: the strided
 * kernels take the shape and strides as {@code int8} arguments, and a rarer, deeper index space
 * becomes one launch per index of its outer axes.
 */
final class StridedShape {

  /** Axes one launch of a strided kernel handles. */
  static final int MAX_RANK = 8;

  /** One launch: each operand's starting offset, and shape and strides of the inner axes. */
  @FunctionalInterface
  interface LaunchBody {
    void launch(int[] offsets, int count, int rank, int[] shape, int[][] strides);
  }

  private final int[] shape;
  private final int[][] strides;
  private final long size;

  private StridedShape(int[] shape, int[][] strides, long size) {
    this.shape = shape;
    this.strides = strides;
    this.size = size;
  }

  /** The collapsed index space of {@code shape} walked with {@code operandStrides[k]}. */
  static StridedShape of(int[] shape, int[]... operandStrides) {
    long size = 1;
    for (int extent : shape) {
      size *= extent;
    }
    int operands = operandStrides.length;
    int[] kept = new int[shape.length];
    int[][] keptStrides = new int[operands][shape.length];
    int rank = 0;
    // from the innermost axis outwards; kept axes are stored innermost first, reversed at the end
    for (int d = shape.length - 1; d >= 0 && size > 0; d--) {
      if (shape[d] == 1) {
        continue;
      }
      if (rank > 0 && mergeable(operandStrides, d, keptStrides, rank - 1, kept[rank - 1])) {
        kept[rank - 1] *= shape[d];
        continue;
      }
      kept[rank] = shape[d];
      for (int k = 0; k < operands; k++) {
        keptStrides[k][rank] = operandStrides[k][d];
      }
      rank++;
    }
    int[] outShape = new int[rank];
    int[][] outStrides = new int[operands][rank];
    for (int r = 0; r < rank; r++) {
      outShape[rank - 1 - r] = kept[r];
      for (int k = 0; k < operands; k++) {
        outStrides[k][rank - 1 - r] = keptStrides[k][r];
      }
    }
    return new StridedShape(outShape, outStrides, size);
  }

  private static boolean mergeable(int[][] strides, int d, int[][] kept, int at, int extent) {
    for (int k = 0; k < strides.length; k++) {
      if ((long) strides[k][d] != (long) kept[k][at] * extent) {
        return false;
      }
    }
    return true;
  }

  long size() {
    return size;
  }

  int rank() {
    return shape.length;
  }

  /** Whether operand {@code k} walks the whole space contiguously from its offset. */
  boolean contiguous(int k) {
    return shape.length == 0 || (shape.length == 1 && strides[k][0] == 1);
  }

  /**
   * Calls {@code body} once per launch (once unless the collapsed rank exceeds {@link #MAX_RANK}),
   * with each operand's offset starting from {@code bases}. An empty space launches nothing.
   */
  void forEachLaunch(int[] bases, LaunchBody body) {
    if (size == 0) {
      return;
    }
    int rank = shape.length;
    int inner = Math.min(rank, MAX_RANK);
    int outer = rank - inner;
    int[] innerShape = Arrays.copyOfRange(shape, outer, rank);
    int[][] innerStrides = new int[strides.length][];
    int count = 1;
    for (int extent : innerShape) {
      count *= extent;
    }
    for (int k = 0; k < strides.length; k++) {
      innerStrides[k] = Arrays.copyOfRange(strides[k], outer, rank);
    }
    int[] index = new int[outer];
    long launches = size / count;
    for (long launch = 0; launch < launches; launch++) {
      int[] offsets = bases.clone();
      for (int d = 0; d < outer; d++) {
        for (int k = 0; k < strides.length; k++) {
          offsets[k] += index[d] * strides[k][d];
        }
      }
      body.launch(offsets, count, inner, innerShape, innerStrides);
      for (int d = outer - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) {
          break;
        }
        index[d] = 0;
      }
    }
  }

  /** {@code values} padded with zeros to the 8 lanes of an {@code int8} argument. */
  static int[] int8(int[] values) {
    return Arrays.copyOf(values, MAX_RANK);
  }
}
