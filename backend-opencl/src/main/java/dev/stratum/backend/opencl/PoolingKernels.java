package dev.stratum.backend.opencl;

import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.PoolOp;
import org.jocl.cl_mem;

/**
 * Max and average pooling and their gradients, from {@code pooling.cl}: one work-item per output
 * window forward, one per input element backward (gathering from the windows that cover it).
 */
final class PoolingKernels {

  private PoolingKernels() {}

  static void pool2d(ClRuntime rt, PoolOp op, ConvolutionGeometry g, cl_mem x, cl_mem out) {
    int total = g.pooledSize();
    if (total > 0) {
      rt.launch1d(
          "pool2d", total, op == PoolOp.MAX ? 1 : 0, ConvolutionKernels.geometry(g), x, out, total);
    }
  }

  static void pool2dBackward(
      ClRuntime rt, PoolOp op, ConvolutionGeometry g, cl_mem x, cl_mem gradOut, cl_mem gradIn) {
    int total = g.inputSize();
    if (total > 0) {
      rt.launch1d(
          "pool2d_backward",
          total,
          op == PoolOp.MAX ? 1 : 0,
          ConvolutionKernels.geometry(g),
          x,
          gradOut,
          gradIn,
          total);
    }
  }
}
