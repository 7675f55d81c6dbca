/**
 * The CPU backend: {@link dev.stratum.backend.Backend} on heap {@code float[]} arrays, with kernels
 * written on {@code jdk.incubator.vector} and a scalar twin of every kernel.
 *
 * <p>{@link dev.stratum.backend.vector.VectorBackendProvider} is the entry point found by {@link
 * java.util.ServiceLoader}; it checks that the incubator module is resolved before any class that
 * needs it is loaded. The kernels live in final {@code *Kernels} classes grouped as in the SPI
 * (element-wise, reductions, movement, indexing, convolution, pooling, random); each has a SIMD
 * body over one species chosen at start-up, a scalar tail, and a scalar implementation selected by
 * {@code stratum.vector.scalar=true}, which is also the reference the tests compare against. Work
 * on large arrays is split over threads by {@link dev.stratum.backend.vector.Parallel}. Storage
 * bookkeeping, the pool and the strided index space come from {@link dev.stratum.backend.support}.
 */
package dev.stratum.backend.vector;
