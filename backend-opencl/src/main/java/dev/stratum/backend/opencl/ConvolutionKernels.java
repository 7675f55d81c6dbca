package dev.stratum.backend.opencl;

import dev.stratum.backend.ConvolutionGeometry;
import org.jocl.cl_mem;

/**
 * im2col and col2im of {@code convolution.cl}. im2col writes one column entry per work-item; col2im
 * gathers one input element per work-item from every column entry that tapped it, so it needs
 * neither atomics nor a cleared output.
 */
final class ConvolutionKernels {

  private ConvolutionKernels() {}

  static void im2col(ClRuntime rt, ConvolutionGeometry g, cl_mem x, cl_mem cols) {
    int total = g.columnsSize();
    if (total > 0) {
      rt.launch1d("im2col", total, geometry(g), x, cols, total);
    }
  }

  static void col2im(ClRuntime rt, ConvolutionGeometry g, cl_mem cols, cl_mem x) {
    int total = g.inputSize();
    if (total > 0) {
      rt.launch1d("col2im", total, geometry(g), cols, x, total);
    }
  }

  /** The geometry as the {@code int16} the kernels read (see {@code convolution.cl}). */
  static int[] geometry(ConvolutionGeometry g) {
    return new int[] {
      g.batch(),
      g.channels(),
      g.height(),
      g.width(),
      g.kernelHeight(),
      g.kernelWidth(),
      g.strideHeight(),
      g.strideWidth(),
      g.padHeight(),
      g.padWidth(),
      g.outHeight(),
      g.outWidth(),
      g.dilationHeight(),
      g.dilationWidth(),
      g.padBottom(),
      g.padRight()
    };
  }
}
