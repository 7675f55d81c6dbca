package dev.stratum.backend.opencl;

import dev.stratum.backend.ReduceOp;
import org.jocl.cl_mem;

/**
 * Reductions, arg-reductions and softmax of {@code reduction.cl}. A reduction whose extent is
 * short, or whose outputs alone fill the device, runs one work-item per output walking the extent;
 * otherwise each output gets a work-group that combines its partial results in a tree.
 */
final class ReductionKernels {

  /** Extents up to this run serially per output: a work-group would mostly idle. */
  private static final int SERIAL_EXTENT = 64;

  /** Outputs from which one work-item per output already keeps every compute unit busy. */
  private static final int MANY_OUTPUTS = 1 << 14;

  private ReductionKernels() {}

  static void reduce(
      ClRuntime rt, ReduceOp op, cl_mem x, int outer, int extent, int inner, cl_mem out) {
    int outputs = outer * inner;
    if (outputs == 0) {
      return;
    }
    if (extent <= SERIAL_EXTENT || outputs >= MANY_OUTPUTS) {
      rt.launch1d("reduce_serial", outputs, op.ordinal(), x, outer, extent, inner, out);
    } else {
      rt.launch(
          "reduce_tree",
          new long[] {(long) outputs * rt.group()},
          new long[] {rt.group()},
          op.ordinal(),
          x,
          extent,
          inner,
          out);
    }
  }

  static void argReduce(
      ClRuntime rt, ReduceOp op, cl_mem x, int outer, int extent, int inner, cl_mem out) {
    if (op == ReduceOp.SUM) {
      throw new IllegalArgumentException("argReduce: op must be MAX or MIN, got SUM");
    }
    int outputs = outer * inner;
    if (outputs > 0) {
      rt.launch1d("arg_reduce", outputs, op == ReduceOp.MAX ? 1 : 0, x, outer, extent, inner, out);
    }
  }

  static void softmax(ClRuntime rt, boolean log, cl_mem x, int rows, int cols, cl_mem out) {
    if (rows == 0 || cols == 0) {
      return;
    }
    rt.launch(
        "softmax_rows",
        new long[] {(long) rows * rt.group()},
        new long[] {rt.group()},
        log ? 1 : 0,
        x,
        cols,
        out);
  }
}
