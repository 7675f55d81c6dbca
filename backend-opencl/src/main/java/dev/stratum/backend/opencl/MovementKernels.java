package dev.stratum.backend.opencl;

import dev.stratum.backend.support.StridedSpace;
import org.jocl.cl_mem;

/**
 * Data movement of {@code movement.cl}: fill and the strided copy that transpose, permute, slice,
 * broadcast-to and concatenation are built from. Both move raw 32-bit words, so a copy is bit for
 * bit.
 */
final class MovementKernels {

  private MovementKernels() {}

  static void fill(ClRuntime rt, cl_mem dst, int offset, int count, float value) {
    if (count > 0) {
      rt.launch1d("fill_words", count, dst, offset, count, Float.floatToRawIntBits(value));
    }
  }

  static void copy(
      ClRuntime rt,
      int[] shape,
      cl_mem src,
      int srcOffset,
      int[] srcStrides,
      cl_mem dst,
      int dstOffset,
      int[] dstStrides) {
    StridedSpace space = StridedSpace.of(shape, srcStrides, dstStrides);
    if (space.size() > 0 && space.contiguous(0) && space.contiguous(1)) {
      int count = (int) space.size();
      rt.launch1d("copy_contiguous", count, count, src, srcOffset, dst, dstOffset);
      return;
    }
    space.forEachBlock(
        KernelSource.MAX_RANK,
        new int[] {srcOffset, dstOffset},
        (offsets, count, rank, extents, strides) ->
            rt.launch1d(
                "copy_strided",
                count,
                count,
                rank,
                KernelSource.int8(extents),
                src,
                offsets[0],
                KernelSource.int8(strides[0]),
                dst,
                offsets[1],
                KernelSource.int8(strides[1])));
  }
}
