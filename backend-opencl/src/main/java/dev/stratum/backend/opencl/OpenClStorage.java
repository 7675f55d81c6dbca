package dev.stratum.backend.opencl;

import dev.stratum.backend.Storage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jocl.cl_mem;

/**
 * A storage of the OpenCL backend: a device buffer of at least {@link #size()} floats (an empty
 * storage still holds a one-float buffer, so no kernel ever sees a null buffer) and the backend
 * that owns it. Releasing drops the buffer reference, so a use after release fails loudly instead
 * of writing into a buffer the pool has handed to someone else.
 */
final class OpenClStorage implements Storage {

  private static final VarHandle RELEASED;

  static {
    try {
      RELEASED =
          MethodHandles.lookup().findVarHandle(OpenClStorage.class, "released", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final OpenClBackend owner;
  private final int size;
  private final long bytes;
  private volatile cl_mem mem;

  @SuppressWarnings("unused") // written through RELEASED
  private volatile boolean released;

  OpenClStorage(OpenClBackend owner, int size, long bytes, cl_mem mem) {
    this.owner = owner;
    this.size = size;
    this.bytes = bytes;
    this.mem = mem;
  }

  @Override
  public int size() {
    return size;
  }

  OpenClBackend owner() {
    return owner;
  }

  /** Bytes of the device buffer (at least 4). */
  long bytes() {
    return bytes;
  }

  /** The device buffer; fails if the storage was released. */
  cl_mem mem() {
    cl_mem buffer = mem;
    if (buffer == null) {
      throw new IllegalStateException(
          "storage of " + size + " elements is used after it was released");
    }
    return buffer;
  }

  /** Marks this storage released exactly once and hands back its buffer, or fails. */
  cl_mem markReleased() {
    if (!RELEASED.compareAndSet(this, false, true)) {
      throw new IllegalStateException(
          "release: storage of " + size + " elements was already released");
    }
    cl_mem buffer = mem;
    mem = null;
    return buffer;
  }

  @Override
  public String toString() {
    return "OpenClStorage[" + size + (mem == null ? ", released]" : "]");
  }
}
