package dev.stratum.backend.vector;

import dev.stratum.backend.MatmulSpec;

/**
 * Single-precision matrix multiply on the Vector API: packing, register blocking, threads through
 * {@link Parallel}. PLACEHOLDER until the tuned kernel lands: a plain triple loop.
 */
final class VectorGemm {

  private VectorGemm() {}

  /** {@code C = op(A) · op(B)} for every batch entry of {@code spec}; C is overwritten. */
  static void multiply(Parallel parallel, MatmulSpec spec, float[] a, float[] b, float[] c) {
    int m = spec.m();
    int n = spec.n();
    int k = spec.k();
    for (int batch = 0; batch < spec.batch(); batch++) {
      int aBase = batch * spec.aBatchStride();
      int bBase = batch * spec.bBatchStride();
      int cBase = batch * m * n;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float sum = 0f;
          for (int p = 0; p < k; p++) {
            float av = spec.transA() ? a[aBase + p * m + i] : a[aBase + i * k + p];
            float bv = spec.transB() ? b[bBase + j * k + p] : b[bBase + p * n + j];
            sum += av * bv;
          }
          c[cBase + i * n + j] = sum;
        }
      }
    }
  }
}
