// Matrix products C[b] = op(A[b]) · op(B[b]) (see MatmulSpec).
//
// Large products run the register-blocked kernel gemm_block on packed operands: A transposed and B
// as they are, both zero-padded to whole 8-wide tiles (mp, np multiples of 8), so the inner loop
// is one 8-float vector load, eight broadcast loads and 64 fused multiply-adds into eight float8
// accumulators, with no bounds checks and no local memory. Two packed layouts:
//  - rows ([k][mp]): element (p, i) at p·mp + i; neighbouring work-items read neighbouring 32-byte
//    pieces of one row, which a GPU coalesces;
//  - panels ([mp/8][k][8]): element (p, i) at ((i/8)·k + p)·8 + i%8; each work-item streams two
//    contiguous panels, which is what a CPU device's caches and prefetchers want.
// pack_operand makes the packed copies and handles both transposes, the batch strides and
// broadcasting (stride 0). Small products, where packing costs more than it saves, run gemm_small.
// Packs src(p, i) = src[b·batchStride + p·pStride + i·iStride] (zero for i >= cols) for
// i < padded into one of the two layouts; one work-item per packed element, in packed order.
kernel void pack_operand(global const float* src, int batchStride, int pStride, int iStride,
                         int depth, int cols, int padded, int panels, global float* dst,
                         int total) {
  int t = get_global_id(0);
  if (t >= total) {
    return;
  }
  int per = padded * depth;
  int b = t / per;
  int r = t - b * per;
  int i;
  int p;
  if (panels) {
    i = r / (depth * 8) * 8 + r % 8;
    p = r / 8 % depth;
  } else {
    i = r % padded;
    p = r / padded;
  }
  dst[t] = i < cols ? src[b * batchStride + p * pStride + i * iStride] : 0.0f;
}

// Each A value is broadcast straight from memory (a scalar load), not shuffled out of a vector
// register: on a CPU device that is one broadcast-load per 8 multiply-adds, as in the vector
// backend's micro-kernel.
#define GEMM_STEP(r) acc##r = fma((float8) (ar[r]), bv, acc##r)

// One work-item computes an 8x8 tile of C: rows i0..i0+7, columns j0..j0+7.
// (aPanel, aStep): distance between 8-wide tiles, and from one p to the next, in packed A; likewise
// for B. Rows layout: (8, mp); panels layout: (8·k, 8).
kernel void gemm_block(global const float* ap, int apBatch, int aPanel, int aStep,
                       global const float* bp, int bpBatch, int bPanel, int bStep,
                       global float* c, int m, int n, int k) {
  int j0 = get_global_id(0) * 8;
  int i0 = get_global_id(1) * 8;
  int batch = get_global_id(2);
  if (j0 >= n || i0 >= m) {
    return;
  }
  global const float* a = ap + batch * apBatch + (i0 / 8) * aPanel;
  global const float* b = bp + batch * bpBatch + (j0 / 8) * bPanel;
  float8 acc0 = 0.0f, acc1 = 0.0f, acc2 = 0.0f, acc3 = 0.0f;
  float8 acc4 = 0.0f, acc5 = 0.0f, acc6 = 0.0f, acc7 = 0.0f;
  for (int p = 0; p < k; p++) {
    global const float* ar = a + p * aStep;
    float8 bv = vload8(0, b + p * bStep);
    GEMM_STEP(0);
    GEMM_STEP(1);
    GEMM_STEP(2);
    GEMM_STEP(3);
    GEMM_STEP(4);
    GEMM_STEP(5);
    GEMM_STEP(6);
    GEMM_STEP(7);
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
