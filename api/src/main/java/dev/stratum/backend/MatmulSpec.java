package dev.stratum.backend;

/**
 * Shape of a (batched) matrix product {@code C[b] = op(A[b]) · op(B[b])} for {@code b < batch},
 * where {@code op(X)} is X or its transpose. C is {@code [batch, m, n]}, contiguous and
 * overwritten. Without transposition A[b] is stored row-major as {@code [m, k]}; with {@code
 * transA} it is stored as {@code [k, m]}. Likewise B[b] is {@code [k, n]}, or {@code [n, k]} with
 * {@code transB}. Matrix {@code b} of A starts at element {@code b * aBatchStride}; a stride of 0
 * broadcasts one matrix over the batch. The same holds for B.
 */
public record MatmulSpec(
    int batch,
    int m,
    int n,
    int k,
    boolean transA,
    boolean transB,
    int aBatchStride,
    int bBatchStride) {

  public MatmulSpec {
    if (batch < 0 || m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          "matmul: sizes must not be negative: batch=" + batch + " m=" + m + " n=" + n + " k=" + k);
    }
    if (aBatchStride < 0 || bBatchStride < 0) {
      throw new IllegalArgumentException(
          "matmul: batch strides must not be negative: " + aBatchStride + ", " + bBatchStride);
    }
  }

  /** A single, non-batched product {@code [m, k] · [k, n]}. */
  public static MatmulSpec of(int m, int n, int k) {
    return new MatmulSpec(1, m, n, k, false, false, m * k, k * n);
  }

  /** Floating-point operations of the product (two per multiply-add). */
  public double flops() {
    return 2.0 * batch * m * n * k;
  }
}
