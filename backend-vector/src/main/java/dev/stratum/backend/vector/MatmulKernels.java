package dev.stratum.backend.vector;

import dev.stratum.backend.MatmulSpec;

/**
 * The scalar matrix product, used when the SIMD path is switched off; the SIMD path is {@link
 * VectorGemm}. Rows of C are split over threads; each row is built as a sum of scaled rows of op(B)
 * (the i-p-j order), so the innermost loop walks memory forwards when B is not transposed.
 */
final class MatmulKernels {

  private MatmulKernels() {}

  static void multiplyScalar(Parallel parallel, MatmulSpec spec, float[] a, float[] b, float[] c) {
    int m = spec.m();
    int n = spec.n();
    int k = spec.k();
    long work = (long) n * Math.max(1, k);
    // n = 0 makes the work 0: keep the divisor at least 1
    int grain = (int) Math.max(1, Simd.GRAIN / Math.max(1, Math.min(work, Simd.GRAIN)));
    parallel.forRange(
        spec.batch() * m,
        grain,
        (start, end) -> {
          for (int t = start; t < end; t++) {
            int batch = t / Math.max(1, m);
            int i = t % m;
            int aBase = batch * spec.aBatchStride();
            int bBase = batch * spec.bBatchStride();
            int cRow = t * n;
            java.util.Arrays.fill(c, cRow, cRow + n, 0f);
            for (int p = 0; p < k; p++) {
              float av = spec.transA() ? a[aBase + p * m + i] : a[aBase + i * k + p];
              for (int j = 0; j < n; j++) {
                float bv = spec.transB() ? b[bBase + j * k + p] : b[bBase + p * n + j];
                c[cRow + j] += av * bv;
              }
            }
          }
        });
  }
}
