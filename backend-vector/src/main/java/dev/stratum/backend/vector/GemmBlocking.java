package dev.stratum.backend.vector;

/**
 * Blocking sizes of one {@link VectorGemm} call: rows of the register tile ({@code mr}), depth of a
 * k-block ({@code kc}), rows of a packed A block ({@code mc}, a multiple of mr) and columns of a
 * packed B block ({@code nc}, a multiple of {@link GemmKernels#NR}). The defaults and the reasons
 * for them are in {@link VectorGemm}; tests pass tiny blockings to cross every block boundary on
 * small matrices.
 */
record GemmBlocking(int mr, int kc, int mc, int nc) {

  GemmBlocking {
    if (mr < 4 || mr > 6) {
      throw new IllegalArgumentException("GEMM tile rows must be 4, 5 or 6, got " + mr);
    }
    if (kc < 1 || mc < mr || mc % mr != 0 || nc < GemmKernels.NR || nc % GemmKernels.NR != 0) {
      throw new IllegalArgumentException(
          "GEMM blocking needs kc >= 1, mc a multiple of mr="
              + mr
              + ", nc a multiple of NR="
              + GemmKernels.NR
              + "; got kc="
              + kc
              + " mc="
              + mc
              + " nc="
              + nc);
    }
  }

  /** A blocking with {@code mc} and {@code nc} rounded up to the multiples they need. */
  static GemmBlocking of(int mr, int kc, int mc, int nc) {
    return new GemmBlocking(mr, kc, roundUp(Math.max(mc, mr), mr), roundUp(nc, GemmKernels.NR));
  }

  private static int roundUp(int value, int multiple) {
    return (value + multiple - 1) / multiple * multiple;
  }
}
