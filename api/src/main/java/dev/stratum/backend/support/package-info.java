/**
 * Device-independent pieces of a backend, written once for every backend, a third-party one
 * included: the collapsed index space of strided kernels ({@link
 * dev.stratum.backend.support.StridedSpace}), a pool of released buffers keyed by size ({@link
 * dev.stratum.backend.support.SizeKeyedPool}), the storage bookkeeping of ownership, live count and
 * release-once ({@link dev.stratum.backend.support.StorageLedger} with {@link
 * dev.stratum.backend.support.TrackedStorage}), and the range checks of kernel arguments against
 * storage sizes ({@link dev.stratum.backend.support.Extents}). Two decorators wrap a whole backend:
 * {@link dev.stratum.backend.support.ForwardingBackend}, the base that forwards every call, and
 * {@link dev.stratum.backend.support.CountingBackend}, which counts host transfers for tests.
 *
 * <p>Nothing here touches a device, a thread pool or a kernel: a backend keeps those and calls
 * these for the bookkeeping around them. Using them is optional; the SPI ({@link
 * dev.stratum.backend.Backend}) never requires them.
 */
package dev.stratum.backend.support;
