package dev.stratum.backend.opencl;

import dev.stratum.backend.UnaryOp;
import org.jocl.cl_mem;

/** The optional fused kernels of {@code fused.cl}: bias + activation, and axpy. */
final class FusedKernels {

  private FusedKernels() {}

  static void biasActivation(
      ClRuntime rt,
      UnaryOp act,
      float alpha,
      cl_mem x,
      cl_mem bias,
      int rows,
      int cols,
      cl_mem out) {
    int total = rows * cols;
    if (total > 0) {
      rt.launch1d(
          "bias_activation",
          total,
          act == null ? -1 : act.ordinal(),
          alpha,
          x,
          bias,
          rows,
          cols,
          out);
    }
  }

  static void axpy(ClRuntime rt, float alpha, cl_mem x, cl_mem y, int count) {
    if (count > 0) {
      rt.launch1d("axpy", count, alpha, x, y, count);
    }
  }
}
