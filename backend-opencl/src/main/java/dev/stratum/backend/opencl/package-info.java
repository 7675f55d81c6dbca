/**
 * The GPU backend: {@link dev.stratum.backend.Backend} on OpenCL through JOCL, with every kernel
 * written in OpenCL C.
 *
 * <p>{@link dev.stratum.backend.opencl.OpenClBackendProvider} is the entry point found by {@link
 * java.util.ServiceLoader}; it loads nothing native until it is probed, and says why when OpenCL
 * cannot be used. The classes mirror the vector backend file for file: the kernels live in {@code
 * .cl} resources grouped as in the SPI (element-wise, movement, reductions, GEMM, indexing,
 * convolution, pooling, random, fused), each with a final {@code *Kernels} class that checks
 * nothing and launches them; {@link dev.stratum.backend.opencl.OpenClBackend} checks arguments on
 * the host and owns the memory, with the bookkeeping of {@link dev.stratum.backend.support}; {@code
 * ClRuntime} owns the context, the in-order queue, the program and every OpenCL call.
 */
package dev.stratum.backend.opencl;
