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

  /**
   * The blocking for a core with these caches, for tiles of {@code mr} rows and {@link
   * GemmKernels#NR} columns (the rules {@link VectorGemm} explains):
   *
   * <ul>
   *   <li>{@code kc}: with 16-column panels (8 lanes, AVX2) a packed B panel ({@code kc × NR}
   *       floats) fills half of L1d, so it stays there while A panels stream past it (32 KiB: 256);
   *       wider panels get a proportionally deeper block ({@code kc × NR/16}), because each k-block
   *       loads and stores every C tile once, {@code 2·LANES/kc} floats per FMA instruction, and
   *       that traffic, not the panel's place in the caches, is what measured: with 16 lanes on Zen
   *       4 (32 KiB L1d) kc 128, 256, 512 and 1,024 ran n = 2048 at 70, 86, 96–102 and 98 GFLOP/s;
   *       the 64 KiB panel of kc 512 then streams from L2 (32 KiB and 32 columns: 512; 48 KiB:
   *       768);
   *   <li>{@code mc}: a packed A block ({@code mc × kc}) fills a quarter of L2, leaving room for B
   *       panels and C tiles (512 KiB with kc 256, or 1 MiB with kc 512: 128 rows), a multiple of
   *       mr;
   *   <li>{@code nc}: a packed B block ({@code kc × nc}) is at most an eighth of L3, so that two
   *       threads' blocks and their streams share it (32 MiB: 4,096 columns at kc 256), and A,
   *       which is packed again for every block of B, is packed no more often than that: with the
   *       deep k-block of Zen 5 (768) a sixteenth gave 672 columns, and n = 2048 on one thread
   *       spent 18% of its time packing (GemmBreakdown), against 9–10% and 86–89 ms instead of
   *       95–106 with 1,344 columns; half of L2 without an L3. A multiple of NR, at most 65,536.
   * </ul>
   */
  static GemmBlocking forCaches(int mr, CacheSizes caches) {
    int[] sizes = sizesFor(mr, GemmKernels.NR, caches);
    return new GemmBlocking(mr, sizes[0], sizes[1], sizes[2]);
  }

  /**
   * Rows of the tile for large products on a core with these caches and {@code lanes} floats per
   * vector: 6 with 16 lanes and at least 48 KiB of L1d, else 4. A tile of 4 rows and two vectors
   * keeps 8 FMAs in flight, enough for one 512-bit FMA a cycle (Zen 4 splits each over its two
   * 256-bit pipes; 4 and 6 rows measured within 5% there on large products) but exactly the minimum
   * for two full-width pipes of latency 4 (Zen 5), where 6 rows (12 accumulators, 15 of the 32
   * registers) measured 3–12% faster. Java sees no FMA pipes, so the cache size stands in for the
   * core generation: the 48 KiB L1d came with the full-width pipes on Zen 5, as on Intel's server
   * cores with AVX-512; a core this guesses wrong gets a tile within a few percent of the best.
   */
  static int wideRows(int lanes, CacheSizes caches) {
    return lanes >= 16 && caches.l1d() >= 48 << 10 ? 6 : 4;
  }

  /** {@code {kc, mc, nc}} of {@link #forCaches} for panels of {@code nr} columns. */
  static int[] sizesFor(int mr, int nr, CacheSizes caches) {
    int kc = clamp(caches.l1d() / 2 / (4L * 16) * nr / 16, 16, 4096);
    int mc = Math.max(mr, clamp(caches.l2() / 4 / (4L * kc), mr, 4096) / mr * mr);
    long blockBytes = caches.l3() > 0 ? caches.l3() / 8 : caches.l2() / 2;
    int nc = Math.max(nr, clamp(blockBytes / (4L * kc), nr, 1 << 16) / nr * nr);
    return new int[] {kc, mc, nc};
  }

  private static int clamp(long value, int min, int max) {
    return (int) Math.max(min, Math.min(max, value));
  }

  /** A blocking with {@code mc} and {@code nc} rounded up to the multiples they need. */
  static GemmBlocking of(int mr, int kc, int mc, int nc) {
    return new GemmBlocking(mr, kc, roundUp(Math.max(mc, mr), mr), roundUp(nc, GemmKernels.NR));
  }

  private static int roundUp(int value, int multiple) {
    return (value + multiple - 1) / multiple * multiple;
  }
}
