package dev.stratum.backend.vector;

/**
 * An index space walked by up to four operands, each through its own strides, reduced to the fewest
 * dimensions that describe it: axes of extent 1 are dropped and neighbouring axes that every
 * operand walks contiguously are merged. What is left is a set of rows (the outer axes, walked with
 * an index counter) of {@link #inner()} elements each, so a kernel only ever writes a loop over one
 * row, and that loop is a plain vector loop when the row strides are 0 or 1.
 */
final class StridedLayout {

  static final int MAX_OPERANDS = 4;

  /** One row: the offset of its first element in each operand, and its length. */
  @FunctionalInterface
  interface RowBody {
    void row(int o0, int o1, int o2, int o3, int length);
  }

  private final int rank;
  private final int[] shape;
  private final int[][] strides;
  private final long size;

  private StridedLayout(int rank, int[] shape, int[][] strides, long size) {
    this.rank = rank;
    this.shape = shape;
    this.strides = strides;
    this.size = size;
  }

  /**
   * The collapsed layout of {@code shape} walked through {@code operandStrides[k]} by operand k.
   */
  static StridedLayout of(int[] shape, int[]... operandStrides) {
    int[] outShape = new int[Math.max(1, shape.length)];
    int[][] outStrides = new int[MAX_OPERANDS][outShape.length];
    long size = 1;
    for (int extent : shape) {
      size *= extent;
    }
    if (size == 0) {
      return new StridedLayout(1, new int[] {0}, outStrides, 0);
    }
    // walk from the innermost axis outwards; r counts the axes kept so far (kept ones are stored
    // right-aligned, then shifted down at the end)
    int r = 0;
    int last = outShape.length - 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] == 1) {
        continue;
      }
      if (r > 0 && mergeable(operandStrides, d, outStrides, last - r + 1, outShape[last - r + 1])) {
        outShape[last - r + 1] *= shape[d];
        continue;
      }
      r++;
      outShape[last - r + 1] = shape[d];
      for (int k = 0; k < operandStrides.length; k++) {
        outStrides[k][last - r + 1] = operandStrides[k][d];
      }
    }
    if (r == 0) {
      return new StridedLayout(1, new int[] {1}, new int[MAX_OPERANDS][1], 1);
    }
    int[] keptShape = new int[r];
    int[][] keptStrides = new int[MAX_OPERANDS][r];
    System.arraycopy(outShape, outShape.length - r, keptShape, 0, r);
    for (int k = 0; k < MAX_OPERANDS; k++) {
      System.arraycopy(outStrides[k], outShape.length - r, keptStrides[k], 0, r);
    }
    return new StridedLayout(r, keptShape, keptStrides, size);
  }

  private static boolean mergeable(
      int[][] operandStrides, int d, int[][] keptStrides, int kept, int keptExtent) {
    for (int k = 0; k < operandStrides.length; k++) {
      if ((long) operandStrides[k][d] != (long) keptStrides[k][kept] * keptExtent) {
        return false;
      }
    }
    return true;
  }

  /** Strides of a contiguous row-major array of {@code shape}. */
  static int[] contiguousStrides(int[] shape) {
    int[] strides = new int[shape.length];
    int stride = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = stride;
      stride *= shape[d];
    }
    return strides;
  }

  long size() {
    return size;
  }

  int rank() {
    return rank;
  }

  int extent(int axis) {
    return shape[axis];
  }

  int stride(int operand, int axis) {
    return strides[operand][axis];
  }

  int inner() {
    return shape[rank - 1];
  }

  int innerStride(int operand) {
    return strides[operand][rank - 1];
  }

  int rows() {
    return (int) (size / inner());
  }

  /**
   * Calls {@code body} once per row, or per piece of a row when there is a single long row; work
   * above {@code grain} elements is split over the threads of {@code parallel}. {@code bases} are
   * the operands' starting offsets.
   */
  void forEachRow(Parallel parallel, int[] bases, RowBody body) {
    if (size == 0) {
      return;
    }
    int n = inner();
    int rows = rows();
    int b0 = base(bases, 0);
    int b1 = base(bases, 1);
    int b2 = base(bases, 2);
    int b3 = base(bases, 3);
    if (rows == 1) {
      int s0 = innerStride(0);
      int s1 = innerStride(1);
      int s2 = innerStride(2);
      int s3 = innerStride(3);
      parallel.forRange(
          n,
          Simd.GRAIN,
          (start, end) ->
              body.row(
                  b0 + start * s0, b1 + start * s1, b2 + start * s2, b3 + start * s3, end - start));
      return;
    }
    int rowGrain = Math.max(1, Simd.GRAIN / n);
    parallel.forRange(rows, rowGrain, (start, end) -> walkRows(start, end, b0, b1, b2, b3, body));
  }

  private static int base(int[] bases, int k) {
    return k < bases.length ? bases[k] : 0;
  }

  private void walkRows(int start, int end, int b0, int b1, int b2, int b3, RowBody body) {
    int outer = rank - 1;
    int[] index = new int[outer];
    int o0 = b0;
    int o1 = b1;
    int o2 = b2;
    int o3 = b3;
    int rest = start;
    for (int d = outer - 1; d >= 0; d--) {
      index[d] = rest % shape[d];
      rest /= shape[d];
      o0 += index[d] * strides[0][d];
      o1 += index[d] * strides[1][d];
      o2 += index[d] * strides[2][d];
      o3 += index[d] * strides[3][d];
    }
    int n = inner();
    for (int row = start; row < end; row++) {
      body.row(o0, o1, o2, o3, n);
      // advance the counter like an odometer, fixing the offsets as each digit wraps
      for (int d = outer - 1; d >= 0; d--) {
        o0 += strides[0][d];
        o1 += strides[1][d];
        o2 += strides[2][d];
        o3 += strides[3][d];
        if (++index[d] < shape[d]) {
          break;
        }
        o0 -= strides[0][d] * shape[d];
        o1 -= strides[1][d] * shape[d];
        o2 -= strides[2][d] * shape[d];
        o3 -= strides[3][d] * shape[d];
        index[d] = 0;
      }
    }
  }
}
