package dev.stratum.backend.opencl;

/**
 * An OpenCL call failed. The message names the call, the operation it served and the error, as in
 * {@code clEnqueueNDRangeKernel(gemm_block): CL_OUT_OF_RESOURCES}; {@link #code()} keeps the raw
 * error code.
 */
public final class OpenClException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int code;

  OpenClException(String call, String operation, int code) {
    this(call + "(" + operation + "): " + ClErrors.name(code), code);
  }

  OpenClException(String message, int code) {
    super(message);
    this.code = code;
  }

  /** The OpenCL error code, such as {@code -5} for {@code CL_OUT_OF_RESOURCES}. */
  public int code() {
    return code;
  }
}
