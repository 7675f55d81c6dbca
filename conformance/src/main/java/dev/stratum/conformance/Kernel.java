package dev.stratum.conformance;

/**
 * The kernels of {@link dev.stratum.backend.Backend}, as the kit names them. A backend declares the
 * ones it cannot run through {@link BackendConformanceKit#unsupportedKernels()}; the kit then
 * checks that they fail with {@link UnsupportedOperationException} naming the kernel, as the SPI
 * documents. Fused kernels are not listed: a backend offers them as capabilities or not, and is
 * never required to.
 */
public enum Kernel {
  /** allocate, release, liveStorages, upload and download: every case needs them. */
  MEMORY("memory", true),
  FILL("fill", false),
  COPY("copy", false),
  UNARY("unary", false),
  BINARY("binary", false),
  WHERE("where", false),
  REDUCE("reduce", false),
  ARG_REDUCE("argReduce", false),
  SOFTMAX("softmax", false),
  MATMUL("matmul", false),
  INDEX_SELECT("indexSelect", false),
  INDEX_ADD("indexAdd", false),
  IM2COL("im2col", false),
  COL2IM("col2im", false),
  POOL2D("pool2d", false),
  POOL2D_BACKWARD("pool2dBackward", false),
  RANDOM("random", false);

  private final String method;
  private final boolean required;

  Kernel(String method, boolean required) {
    this.method = method;
    this.required = required;
  }

  /**
   * The name of the {@code Backend} method, which an {@link UnsupportedOperationException} names.
   */
  public String method() {
    return method;
  }

  /** Whether every backend must run it (the kit cannot test anything without it). */
  public boolean required() {
    return required;
  }
}
