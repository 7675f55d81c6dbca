package dev.stratum.backend.opencl;

import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.support.StridedSpace;
import dev.stratum.tensor.Shapes;
import org.jocl.cl_mem;

/**
 * Element-wise kernels of {@code elementwise.cl}: unary and binary functions and {@code where},
 * with broadcasting as strides collapsed by {@link StridedSpace}. The op travels as its ordinal,
 * the value of its {@code U_} or {@code B_} define, which {@link KernelSource} generates from the
 * enum.
 */
final class ElementwiseKernels {

  private ElementwiseKernels() {}

  static void unary(ClRuntime rt, UnaryOp op, float alpha, cl_mem x, cl_mem out, int count) {
    if (count > 0) {
      rt.launch1d("unary", count, op.ordinal(), alpha, x, out, count);
    }
  }

  static void binary(
      ClRuntime rt,
      BinaryOp op,
      int[] shape,
      cl_mem a,
      int[] aStrides,
      cl_mem b,
      int[] bStrides,
      cl_mem out) {
    StridedSpace space = StridedSpace.of(shape, aStrides, bStrides, Shapes.strides(shape));
    if (space.size() > 0 && space.contiguous(0) && space.contiguous(1)) {
      int count = (int) space.size();
      rt.launch1d("binary_contiguous", count, op.ordinal(), count, a, b, out);
      return;
    }
    space.forEachBlock(
        KernelSource.MAX_RANK,
        new int[3],
        (offsets, count, rank, extents, strides) ->
            rt.launch1d(
                "binary",
                count,
                op.ordinal(),
                count,
                rank,
                KernelSource.int8(extents),
                a,
                offsets[0],
                KernelSource.int8(strides[0]),
                b,
                offsets[1],
                KernelSource.int8(strides[1]),
                out,
                offsets[2]));
  }

  static void where(
      ClRuntime rt,
      int[] shape,
      cl_mem cond,
      int[] condStrides,
      cl_mem a,
      int[] aStrides,
      cl_mem b,
      int[] bStrides,
      cl_mem out) {
    StridedSpace.of(shape, condStrides, aStrides, bStrides, Shapes.strides(shape))
        .forEachBlock(
            KernelSource.MAX_RANK,
            new int[4],
            (offsets, count, rank, extents, strides) ->
                rt.launch1d(
                    "where_select",
                    count,
                    count,
                    rank,
                    KernelSource.int8(extents),
                    cond,
                    offsets[0],
                    KernelSource.int8(strides[0]),
                    a,
                    offsets[1],
                    KernelSource.int8(strides[1]),
                    b,
                    offsets[2],
                    KernelSource.int8(strides[2]),
                    out,
                    offsets[3]));
  }
}
