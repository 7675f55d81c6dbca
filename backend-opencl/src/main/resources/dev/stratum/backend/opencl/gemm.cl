// Matrix products C[b] = op(A[b]) · op(B[b]) (see MatmulSpec).
//
// Large products run the register-blocked kernel gemm_block on packed operands: A transposed to
// [k, mp] and B as [k, np], both zero-padded to whole 8-wide tiles (mp, np multiples of 8), so the
// inner loop is two aligned-free 8-float vector loads and 64 fused multiply-adds into eight float8
// accumulators, with no bounds checks and no local memory (on a CPU device a barrier-free kernel
// is what vectorises; on a GPU the tile rows are shared through the cache). pack_operand makes the
// packed copies and handles both transposes, the batch strides and broadcasting (stride 0).
// Small products, where packing would cost more than it saves, run gemm_small directly.

// dst[b][p][i] = i < cols ? src[b·batchStride + p·pStride + i·iStride] : 0 for i < padded.
kernel void pack_operand(global const float* src, int batchStride, int pStride, int iStride,
                         int depth, int cols, int padded, global float* dst, int total) {
  int t = get_global_id(0);
  if (t >= total) {
    return;
  }
  int i = t % padded;
  int p = (t / padded) % depth;
  int b = t / (padded * depth);
  dst[t] = i < cols ? src[b * batchStride + p * pStride + i * iStride] : 0.0f;
}

#define GEMM_STEP(r, s) acc##r = fma((float8) (av.s), bv, acc##r)

// One work-item computes an 8x8 tile of C: rows i0..i0+7, columns j0..j0+7.
kernel void gemm_block(global const float* ap, int apBatch, global const float* bp, int bpBatch,
                       global float* c, int m, int n, int k, int mp, int np) {
  int j0 = get_global_id(0) * 8;
  int i0 = get_global_id(1) * 8;
  int batch = get_global_id(2);
  if (j0 >= n || i0 >= m) {
    return;
  }
  global const float* a = ap + batch * apBatch + i0;
  global const float* b = bp + batch * bpBatch + j0;
  float8 acc0 = 0.0f, acc1 = 0.0f, acc2 = 0.0f, acc3 = 0.0f;
  float8 acc4 = 0.0f, acc5 = 0.0f, acc6 = 0.0f, acc7 = 0.0f;
  for (int p = 0; p < k; p++) {
    float8 av = vload8(0, a + p * mp);
    float8 bv = vload8(0, b + p * np);
    GEMM_STEP(0, s0);
    GEMM_STEP(1, s1);
    GEMM_STEP(2, s2);
    GEMM_STEP(3, s3);
    GEMM_STEP(4, s4);
    GEMM_STEP(5, s5);
    GEMM_STEP(6, s6);
    GEMM_STEP(7, s7);
  }
  global float* row = c + ((long) batch * m + i0) * n + j0;
  float8 acc[8] = {acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7};
  int rows = min(8, m - i0);
  if (j0 + 8 <= n) {
    for (int r = 0; r < rows; r++) {
      vstore8(acc[r], 0, row + r * n);
    }
  } else {
    int cols = n - j0;
    for (int r = 0; r < rows; r++) {
      float values[8];
      vstore8(acc[r], 0, values);
      for (int q = 0; q < cols; q++) {
        row[r * n + q] = values[q];
      }
    }
  }
}

// One work-item per element of C, reading A and B through their transposes directly.
kernel void gemm_small(global const float* a, int aBatch, global const float* b, int bBatch,
                       global float* c, int m, int n, int k, int transA, int transB, int total) {
  int t = get_global_id(0);
  if (t >= total) {
    return;
  }
  int j = t % n;
  int i = (t / n) % m;
  int batch = t / (m * n);
  global const float* ab = a + batch * aBatch;
  global const float* bb = b + batch * bBatch;
  int aRow = transA ? 1 : k;
  int aCol = transA ? m : 1;
  int bRow = transB ? 1 : n;
  int bCol = transB ? k : 1;
  float acc = 0.0f;
  for (int p = 0; p < k; p++) {
    acc = fma(ab[i * aRow + p * aCol], bb[p * bRow + j * bCol], acc);
  }
  c[t] = acc;
}
