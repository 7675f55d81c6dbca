package dev.stratum.backend.opencl;

/**
 * An allocation the OpenCL device cannot hold: the message names the bytes requested and the bytes
 * available (in one buffer, or on the device after what this backend already holds).
 */
public final class DeviceMemoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long requested;
  private final long available;

  DeviceMemoryException(String message, long requested, long available) {
    super(message);
    this.requested = requested;
    this.available = available;
  }

  /** Bytes the allocation asked for. */
  public long requested() {
    return requested;
  }

  /** Bytes that were available to it. */
  public long available() {
    return available;
  }
}
