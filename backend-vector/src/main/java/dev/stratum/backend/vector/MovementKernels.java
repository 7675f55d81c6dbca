package dev.stratum.backend.vector;

import dev.stratum.backend.support.StridedSpace;
import java.util.Arrays;

/**
 * Data movement: fill and the strided copy that transpose, permute, slice, broadcast-to and
 * concatenation are built from. Contiguous rows move with {@link System#arraycopy} and {@link
 * Arrays#fill}, which C2 already compiles to the widest vector moves; the scalar path writes the
 * same loops element by element.
 */
final class MovementKernels {

  private MovementKernels() {}

  static void fill(
      Parallel parallel, boolean simd, float[] dst, int offset, int count, float value) {
    parallel.forRange(
        count,
        Simd.GRAIN * 4,
        (start, end) -> {
          if (simd) {
            Arrays.fill(dst, offset + start, offset + end, value);
          } else {
            for (int i = offset + start; i < offset + end; i++) {
              dst[i] = value;
            }
          }
        });
  }

  static void copy(
      Parallel parallel,
      boolean simd,
      int[] shape,
      float[] src,
      int srcOffset,
      int[] srcStrides,
      float[] dst,
      int dstOffset,
      int[] dstStrides) {
    StridedSpace space = StridedSpace.of(shape, dstStrides, srcStrides);
    int ds = space.innerStride(0);
    int ss = space.innerStride(1);
    if (simd && space.rank() == 2 && ds == 1 && ss != 1 && space.stride(1, 0) == 1) {
      transpose(parallel, space, src, srcOffset, dst, dstOffset);
      return;
    }
    parallel.forEachRow(
        space,
        Simd.GRAIN,
        new int[] {dstOffset, srcOffset},
        (d, s, unused2, unused3, n) -> {
          if (simd && ds == 1 && ss == 1) {
            System.arraycopy(src, s, dst, d, n);
          } else if (simd && ds == 1 && ss == 0) {
            Arrays.fill(dst, d, d + n, src[s]);
          } else {
            for (int i = 0; i < n; i++) {
              dst[d + i * ds] = src[s + i * ss];
            }
          }
        });
  }

  /** Tile edge of the blocked transpose: two 32x32 float tiles (8 KiB) stay in L1. */
  private static final int TILE = 32;

  /**
   * A transpose: dst walks the inner axis contiguously, src walks the outer one. Row by row, one
   * side would touch a new cache line per element; tile by tile both sides stay in L1.
   */
  private static void transpose(
      Parallel parallel,
      StridedSpace space,
      float[] src,
      int srcOffset,
      float[] dst,
      int dstOffset) {
    int rows = space.extent(0);
    int cols = space.extent(1);
    int dstRow = space.stride(0, 0);
    int srcCol = space.stride(1, 1);
    int tileRows = Math.ceilDiv(rows, TILE);
    parallel.forRange(
        tileRows,
        Math.max(1, Simd.GRAIN / (TILE * cols)),
        (start, end) -> {
          for (int rt = start; rt < end; rt++) {
            int r0 = rt * TILE;
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
              int c1 = Math.min(cols, c0 + TILE);
              for (int c = c0; c < c1; c++) {
                int s = srcOffset + c * srcCol;
                for (int r = r0; r < r1; r++) {
                  dst[dstOffset + r * dstRow + c] = src[s + r];
                }
              }
            }
          }
        });
  }
}
