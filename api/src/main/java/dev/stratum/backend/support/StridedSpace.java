package dev.stratum.backend.support;

import java.util.Arrays;

/**
 * An index space walked by up to {@link #MAX_OPERANDS} operands, each through its own strides,
 * reduced to the fewest axes that describe it: axes of extent 1 are dropped and neighbouring axes
 * that every operand walks contiguously are merged. What is left is a set of rows (the outer axes)
 * of {@link #inner()} elements each, so a kernel writes one loop over a row, and that loop is a
 * plain vector loop when the row strides are 0 or 1.
 *
 * <p>The collapsed space always has at least one axis: an empty space is {@code [0]}, a single
 * element {@code [1]} with stride 0. A binary op with a broadcast row, walked by the output, {@code
 * a} and {@code b}:
 *
 * <pre>{@code
 * int[] shape = {4, 5, 6};
 * StridedSpace space = StridedSpace.of(shape, Shapes.strides(shape), aStrides, bStrides);
 * space.forEachRow(new int[0], (o, ao, bo, unused, n) -> {
 *   for (int i = 0; i < n; i++) {
 *     out[o + i] = a[ao + i * space.innerStride(1)] + b[bo + i * space.innerStride(2)];
 *   }
 * });
 * }</pre>
 *
 * A backend with threads splits {@link #units()} over them and walks each part with {@link
 * #forUnits}; a device backend whose kernels take the shape and strides as arguments launches once
 * per {@link #forEachBlock block}. Creating a space allocates; walking it allocates one small index
 * array per call of {@link #forUnits} and nothing per row.
 */
public final class StridedSpace {

  /** Operands one space carries (an output and up to three inputs). */
  public static final int MAX_OPERANDS = 4;

  /** One row: the offset of its first element in each operand (0 past the last), and its length. */
  @FunctionalInterface
  public interface RowBody {
    /** Visits {@code length} elements from offsets {@code o0} to {@code o3}. */
    void row(int o0, int o1, int o2, int o3, int length);
  }

  /** One block of at most {@code maxRank} axes, see {@link #forEachBlock}. */
  @FunctionalInterface
  public interface BlockBody {
    /**
     * Visits {@code count} elements: each operand's starting offset, and the {@code rank} inner
     * axes' extents and each operand's strides over them (arrays of exactly {@code rank}).
     */
    void block(int[] offsets, int count, int rank, int[] shape, int[][] strides);
  }

  private final int rank;
  private final int operands;
  private final int[] shape;
  private final int[][] strides;
  private final long size;

  private StridedSpace(int rank, int operands, int[] shape, int[][] strides, long size) {
    this.rank = rank;
    this.operands = operands;
    this.shape = shape;
    this.strides = strides;
    this.size = size;
  }

  /**
   * The collapsed space of {@code shape} walked through {@code operandStrides[k]} by operand k.
   *
   * @throws IllegalArgumentException for more than {@link #MAX_OPERANDS} operands, a stride array
   *     whose length is not the rank of {@code shape}, or a negative extent
   */
  public static StridedSpace of(int[] shape, int[]... operandStrides) {
    int operands = operandStrides.length;
    long size = checkedSize(shape, operandStrides);
    if (size == 0) {
      return new StridedSpace(1, operands, new int[] {0}, new int[MAX_OPERANDS][1], 0);
    }
    int[] outShape = new int[Math.max(1, shape.length)];
    int[][] outStrides = new int[MAX_OPERANDS][outShape.length];
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
      for (int k = 0; k < operands; k++) {
        outStrides[k][last - r + 1] = operandStrides[k][d];
      }
    }
    if (r == 0) {
      return new StridedSpace(1, operands, new int[] {1}, new int[MAX_OPERANDS][1], 1);
    }
    int[] keptShape = new int[r];
    int[][] keptStrides = new int[MAX_OPERANDS][r];
    System.arraycopy(outShape, outShape.length - r, keptShape, 0, r);
    for (int k = 0; k < MAX_OPERANDS; k++) {
      System.arraycopy(outStrides[k], outShape.length - r, keptStrides[k], 0, r);
    }
    return new StridedSpace(r, operands, keptShape, keptStrides, size);
  }

  /** The size of {@code shape}, after checking the arguments of {@link #of}. */
  private static long checkedSize(int[] shape, int[][] operandStrides) {
    if (operandStrides.length > MAX_OPERANDS) {
      throw new IllegalArgumentException(
          "a strided space has at most "
              + MAX_OPERANDS
              + " operands, got "
              + operandStrides.length);
    }
    long size = 1;
    for (int extent : shape) {
      if (extent < 0) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " has a negative extent " + extent);
      }
      size *= extent;
    }
    for (int k = 0; k < operandStrides.length; k++) {
      if (operandStrides[k].length != shape.length) {
        throw new IllegalArgumentException(
            "operand "
                + k
                + " has "
                + operandStrides[k].length
                + " strides for the shape "
                + Arrays.toString(shape)
                + " of rank "
                + shape.length);
      }
    }
    return size;
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

  /** Elements of the space. */
  public long size() {
    return size;
  }

  /** Axes left after collapsing; at least 1. */
  public int rank() {
    return rank;
  }

  /** Operands the space was made with. */
  public int operands() {
    return operands;
  }

  /** Extent of collapsed axis {@code axis} (0 is the outermost). */
  public int extent(int axis) {
    return shape[axis];
  }

  /** Stride of {@code operand} along collapsed axis {@code axis}; 0 past the last operand. */
  public int stride(int operand, int axis) {
    return strides[operand][axis];
  }

  /** Length of a row: the extent of the innermost collapsed axis. */
  public int inner() {
    return shape[rank - 1];
  }

  /** Stride of {@code operand} along a row. */
  public int innerStride(int operand) {
    return strides[operand][rank - 1];
  }

  /** Number of rows (0 for an empty space). */
  public int rows() {
    return size == 0 ? 0 : (int) (size / inner());
  }

  /** Whether {@code operand} walks the whole space contiguously from its offset. */
  public boolean contiguous(int operand) {
    return rank == 1 && (shape[0] <= 1 || strides[operand][0] == 1);
  }

  /**
   * Units of work for splitting over threads: the rows, or, when there is a single row, its
   * elements (so one long row still spreads over every thread). 0 for an empty space.
   */
  public int units() {
    return rank == 1 ? (int) size : rows();
  }

  /** Elements in one of the {@link #units()}: a row's length, or 1 for a single row. */
  public int unitLength() {
    return rank == 1 ? 1 : inner();
  }

  /** Calls {@code body} for every row, in order, from the operands' offsets {@code bases}. */
  public void forEachRow(int[] bases, RowBody body) {
    forUnits(0, units(), bases, body);
  }

  /**
   * Calls {@code body} for the {@link #units()} {@code [start, end)}: once per row, or, for a
   * single row, once for that piece of it. {@code bases} are the operands' starting offsets
   * (missing ones are 0). Disjoint unit ranges may run on different threads at once.
   */
  public void forUnits(int start, int end, int[] bases, RowBody body) {
    if (start >= end) {
      return;
    }
    int b0 = base(bases, 0);
    int b1 = base(bases, 1);
    int b2 = base(bases, 2);
    int b3 = base(bases, 3);
    if (rank == 1) {
      body.row(
          b0 + start * strides[0][0],
          b1 + start * strides[1][0],
          b2 + start * strides[2][0],
          b3 + start * strides[3][0],
          end - start);
      return;
    }
    walkRows(start, end, b0, b1, b2, b3, body);
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

  /**
   * Calls {@code body} once per block of the space's innermost {@code maxRank} axes (once, unless
   * the collapsed rank exceeds {@code maxRank}), for kernels that take the shape and strides as
   * arguments of a fixed width. Offsets start from {@code bases} (missing ones are 0) and there is
   * one per operand. An empty space calls nothing.
   *
   * @throws IllegalArgumentException if {@code maxRank} is below 1
   */
  public void forEachBlock(int maxRank, int[] bases, BlockBody body) {
    if (maxRank < 1) {
      throw new IllegalArgumentException(
          "forEachBlock: maxRank must be at least 1, got " + maxRank);
    }
    if (size == 0) {
      return;
    }
    int inner = Math.min(rank, maxRank);
    int outer = rank - inner;
    int[] innerShape = Arrays.copyOfRange(shape, outer, rank);
    int[][] innerStrides = new int[operands][];
    int count = 1;
    for (int extent : innerShape) {
      count *= extent;
    }
    for (int k = 0; k < operands; k++) {
      innerStrides[k] = Arrays.copyOfRange(strides[k], outer, rank);
    }
    int[] index = new int[outer];
    long blocks = size / count;
    for (long block = 0; block < blocks; block++) {
      int[] offsets = new int[operands];
      for (int k = 0; k < operands; k++) {
        offsets[k] = base(bases, k);
        for (int d = 0; d < outer; d++) {
          offsets[k] += index[d] * strides[k][d];
        }
      }
      body.block(offsets, count, inner, innerShape, innerStrides);
      for (int d = outer - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) {
          break;
        }
        index[d] = 0;
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("StridedSpace").append(Arrays.toString(shape));
    for (int k = 0; k < operands; k++) {
      text.append(k == 0 ? " strides " : ", ").append(Arrays.toString(strides[k]));
    }
    return text.toString();
  }
}
