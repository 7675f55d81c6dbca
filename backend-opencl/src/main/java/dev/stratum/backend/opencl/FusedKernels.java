package dev.stratum.backend.opencl;

import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.fused.FusedAdam;
import org.jocl.cl_mem;

/**
 * The fused kernels of {@code fused.cl}, which the backend offers as capabilities: bias +
 * activation, the gradient through an activation, axpy and Adam's step.
 */
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

  static void activationGradient(
      ClRuntime rt, UnaryOp act, float alpha, cl_mem y, cl_mem g, cl_mem out, int count) {
    if (count > 0) {
      rt.launch1d("activation_gradient", count, act.ordinal(), alpha, y, g, out, count);
    }
  }

  static void axpy(ClRuntime rt, float alpha, cl_mem x, cl_mem y, int count) {
    if (count > 0) {
      rt.launch1d("axpy", count, alpha, x, y, count);
    }
  }

  static void adamUpdate(
      ClRuntime rt, cl_mem p, cl_mem g, cl_mem m, cl_mem v, int count, FusedAdam.Coefficients c) {
    if (count > 0) {
      rt.launch1d(
          "adam_update",
          count,
          p,
          g,
          m,
          v,
          count,
          c.beta1(),
          c.oneMinusBeta1(),
          c.beta2(),
          c.oneMinusBeta2(),
          -c.stepSize(),
          c.vScale(),
          c.epsilon());
    }
  }
}
