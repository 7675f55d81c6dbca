package dev.stratum.backend.opencl;

import dev.stratum.backend.MatmulSpec;
import org.jocl.cl_mem;

/**
 * Matrix products of {@code gemm.cl}. Large products pack A (transposed) and B into zero-padded
 * scratch buffers of whole 8-float tiles, laid out in rows (for GPUs, which coalesce neighbouring
 * work-items' loads) or in panels (for CPU devices, where each work-item streams its own panels),
 * then run the register-blocked {@code gemm_block}, one 8x8 tile of C per work-item. In the rows
 * layout an operand already in that layout (A transposed with m a multiple of 8, B untransposed
 * with n a multiple of 8) is used in place. A broadcast operand (batch stride 0) is packed once.
 * Products of at most {@code smallLimit} multiply-adds run {@code gemm_small}, one work-item per
 * element of C, without packing.
 */
final class GemmKernels {

  /**
   * Default for {@code smallLimit}: below about 32³ multiply-adds packing costs more than it saves.
   */
  static final long DEFAULT_SMALL_LIMIT = 1L << 15;

  /** Rows and columns of the register tile; gemm.cl hard-codes 8x8 (float8). */
  static final int TILE = 8;

  /** Scratch memory for the packed operands, given back once the product is enqueued. */
  interface Scratch {
    OpenClStorage take(long floats);

    void give(OpenClStorage storage);
  }

  private GemmKernels() {}

  static void matmul(
      ClRuntime rt,
      Scratch scratch,
      long smallLimit,
      int[] local,
      boolean panels,
      MatmulSpec s,
      cl_mem a,
      cl_mem b,
      cl_mem c) {
    int batch = s.batch();
    int m = s.m();
    int n = s.n();
    int k = s.k();
    if (batch == 0 || m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      MovementKernels.fill(rt, c, 0, batch * m * n, 0f);
      return;
    }
    long work = (long) m * n * k;
    if (work <= smallLimit || (smallLimit > 0 && (m < TILE || n < TILE))) {
      int total = batch * m * n;
      rt.launch1d(
          "gemm_small",
          total,
          a,
          s.aBatchStride(),
          b,
          s.bBatchStride(),
          c,
          m,
          n,
          k,
          s.transA() ? 1 : 0,
          s.transB() ? 1 : 0,
          total);
      return;
    }
    int mp = roundUp(m);
    int np = roundUp(n);
    OpenClStorage packedA = null;
    OpenClStorage packedB = null;
    try {
      cl_mem ap = a;
      int apBatch = s.aBatchStride();
      if (panels || !(s.transA() && mp == m)) {
        int copies = s.aBatchStride() == 0 ? 1 : batch;
        packedA = scratch.take((long) copies * k * mp);
        int pStride = s.transA() ? m : 1;
        int iStride = s.transA() ? 1 : k;
        pack(rt, a, s.aBatchStride(), pStride, iStride, k, m, mp, panels, copies, packedA.mem());
        ap = packedA.mem();
        apBatch = copies == 1 ? 0 : k * mp;
      }
      cl_mem bp = b;
      int bpBatch = s.bBatchStride();
      if (panels || s.transB() || np != n) {
        int copies = s.bBatchStride() == 0 ? 1 : batch;
        packedB = scratch.take((long) copies * k * np);
        int pStride = s.transB() ? 1 : n;
        int iStride = s.transB() ? k : 1;
        pack(rt, b, s.bBatchStride(), pStride, iStride, k, n, np, panels, copies, packedB.mem());
        bp = packedB.mem();
        bpBatch = copies == 1 ? 0 : k * np;
      }
      rt.launch(
          "gemm_block",
          new long[] {np / TILE, mp / TILE, batch},
          new long[] {local[0], local[1], 1},
          ap,
          apBatch,
          panels ? TILE * k : TILE,
          panels ? TILE : mp,
          bp,
          bpBatch,
          panels ? TILE * k : TILE,
          panels ? TILE : np,
          c,
          m,
          n,
          k);
    } finally {
      // the queue is in order: the product runs before any later owner of these buffers
      if (packedA != null) {
        scratch.give(packedA);
      }
      if (packedB != null) {
        scratch.give(packedB);
      }
    }
  }

  private static void pack(
      ClRuntime rt,
      cl_mem src,
      int batchStride,
      int pStride,
      int iStride,
      int depth,
      int cols,
      int padded,
      boolean panels,
      int copies,
      cl_mem dst) {
    int total = copies * depth * padded;
    rt.launch1d(
        "pack_operand",
        total,
        src,
        batchStride,
        pStride,
        iStride,
        depth,
        cols,
        padded,
        panels ? 1 : 0,
        dst,
        total);
  }

  private static int roundUp(int size) {
    return (size + TILE - 1) / TILE * TILE;
  }
}
