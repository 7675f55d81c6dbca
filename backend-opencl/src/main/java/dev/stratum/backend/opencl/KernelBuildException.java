package dev.stratum.backend.opencl;

/** The OpenCL compiler rejected Stratum's kernels on this device; the message has the build log. */
public final class KernelBuildException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int code;

  KernelBuildException(String message, int code) {
    super(message);
    this.code = code;
  }

  /** The error code of {@code clBuildProgram}, usually {@code CL_BUILD_PROGRAM_FAILURE}. */
  public int code() {
    return code;
  }
}
