package dev.stratum.backend.opencl;

import dev.stratum.backend.support.StorageLedger;
import dev.stratum.backend.support.TrackedStorage;
import org.jocl.cl_mem;

/**
 * A storage of the OpenCL backend: a device buffer of at least {@link #size()} floats (an empty
 * storage still holds a one-float buffer, so no kernel ever sees a null buffer), tracked by its
 * backend's {@link StorageLedger}.
 */
final class OpenClStorage extends TrackedStorage<cl_mem> {

  private final long bytes;

  OpenClStorage(StorageLedger<cl_mem, OpenClStorage> ledger, int size, long bytes, cl_mem mem) {
    super(ledger, size, mem);
    this.bytes = bytes;
  }

  /** Bytes of the device buffer (at least 4). */
  long bytes() {
    return bytes;
  }

  /** The device buffer; fails if the storage was released. */
  cl_mem mem() {
    return payload();
  }
}
