package dev.stratum.backend.vector;

import java.util.Arrays;

/**
 * Data movement: fill and the strided copy that transpose, permute, slice, broadcast-to and
 * concatenation are built from. Contiguous rows move with {@link System#arraycopy} and
 * {@link Arrays#fill}, which C2 already compiles to the widest vector moves; the scalar path
 * writes the same loops element by element.
 */
final class MovementKernels {

  private MovementKernels() {}

  static void fill(Parallel parallel, boolean simd, float[] dst, int offset, int count, float value) {
    parallel.forRange(count, Simd.GRAIN * 4, (start, end) -> {
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
      Parallel parallel, boolean simd, int[] shape, float[] src, int srcOffset, int[] srcStrides,
      float[] dst, int dstOffset, int[] dstStrides) {
    StridedLayout layout = StridedLayout.of(shape, dstStrides, srcStrides);
    int ds = layout.innerStride(0);
    int ss = layout.innerStride(1);
    layout.forEachRow(parallel, new int[] {dstOffset, srcOffset}, (d, s, unused2, unused3, n) -> {
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
}
