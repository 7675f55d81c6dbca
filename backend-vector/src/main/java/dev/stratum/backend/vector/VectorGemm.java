package dev.stratum.backend.vector;

import dev.stratum.backend.MatmulSpec;
import java.util.Arrays;

/**
 * Single-precision matrix multiply on the Vector API, blocked in the classic Goto/BLIS way.
 *
 * <pre>
 * for jc in columns of C, step NC          B block  KC×NC  packed once, lives in L3
 *   for pc in k, step KC
 *     pack op(B)[pc.., jc..]
 *     for ic in rows of C, step MC         A block  MC×KC  packed, lives in L2
 *       pack op(A)[ic.., pc..]
 *       for jr step NR                     B panel  KC×NR  stays in L1 across the ir loop
 *         for ir step MR                   micro-kernel: MR×NR tile of C in registers
 * </pre>
 *
 * Transposes are resolved by the packing ({@link GemmPacking}), so the micro-kernel ({@link
 * GemmKernels}) is the same for all four cases. Edge tiles are computed on zero-padded panels into
 * a scratch tile and copied partially into C. Threads split C into column ranges (or row ranges
 * when C is tall), one contiguous chunk per thread, each with its own packing buffers ({@link
 * GemmWorkspace}); a batch of small products is split over the batch instead. An operand that the
 * whole batch shares (batch stride 0, such as a convolution's weight against each image's columns)
 * is packed once for the call, every block of it, and read by every entry and every thread.
 *
 * <p>The blocking sizes can be overridden for tuning with the system properties {@code
 * stratum.gemm.mr} (4, 5 or 6), {@code stratum.gemm.kc}, {@code stratum.gemm.mc} and {@code
 * stratum.gemm.nc}.
 */
public final class VectorGemm {

  /**
   * Rows of the micro-kernel tile (see {@link GemmKernels}): 4 with any lane count. With 8 lanes
   * (AVX2, 16 registers): 4 rows × 2 vectors = 8 accumulators, the fewest that keep two FMA pipes
   * of latency 4 busy; measured on Zen 3 with an isolated kernel (kc=256, in L1), MR=4 ran at 85–93
   * GFLOP/s (the FMA peak of that core), MR=5 at 35 and MR=6 at 42 because C2 spills. With 16 lanes
   * (AVX-512, 32 registers) measured on Zen 4 (JMH, 2026-12-02, kc 512): 4, 5 and 6 rows ran square
   * products of n = 256 … 2048 within 5% of each other, and 4 rows were faster where it matters for
   * training (GFLOP/s with 4 rows against 5 and 6: n = 128, 107 against 72 and 79; 64 × 1568 by
   * 1568 × 10, 25 against 14 and 14; 784 × 128 by 128 × 256 with A transposed, 105 against 84 and
   * 88), because only 4-row tiles read an unpacked A directly ({@link #readsADirectly}) and m = 64
   * or 128 leaves no partial tile. Override with {@code -Dstratum.gemm.mr=4|5|6}.
   */
  static final int MR = intProperty("stratum.gemm.mr", 4, 4, 6);

  /** This machine's caches, read from sysfs once for every size below that depends on them. */
  private static final CacheSizes CACHES = CacheSizes.ofThisMachine();

  /**
   * The blocking sized from this machine's caches ({@link GemmBlocking#forCaches}, from {@link
   * CacheSizes#ofThisMachine()}): a k-block deep enough that a 16-column B panel fills half of L1d,
   * deeper in proportion for wider panels; a packed A block of {@code MC × KC} a quarter of L2; a
   * packed B block of {@code KC × NC} at most an eighth of L3. On the Zen 3 class development
   * machine (32 KiB L1d, 512 KiB L2, 32 MiB L3, 8 lanes) that is KC = 256, MC = 128, NC = 4096; on
   * the Zen 4 one (32 KiB, 1 MiB, 32 MiB, 16 lanes) KC = 512, MC = 128, NC = 2048; on a Zen 5 (48
   * KiB, 1 MiB, 32 MiB, 16 lanes) KC = 768, MC = 84, NC = 1344. Measured on Zen 3, MC of 64, 120
   * and 240 were within the noise of a loaded machine; on Zen 4, MC 252 instead of 128 was too.
   */
  private static final GemmBlocking FOR_THIS_MACHINE = GemmBlocking.forCaches(MR, CACHES);

  /** Depth of a k-block; override with {@code stratum.gemm.kc}. */
  static final int KC = intProperty("stratum.gemm.kc", FOR_THIS_MACHINE.kc(), 16, 4096);

  /** Rows of an A block, a multiple of MR; override with {@code stratum.gemm.mc}. */
  static final int MC = intProperty("stratum.gemm.mc", FOR_THIS_MACHINE.mc(), 4, 4096);

  /** Columns of a B block, a multiple of NR; override with {@code stratum.gemm.nc}. */
  static final int NC = intProperty("stratum.gemm.nc", FOR_THIS_MACHINE.nc(), 16, 1 << 16);

  /** The blocking every call uses, MC and NC rounded up to multiples of MR and NR. */
  static final GemmBlocking DEFAULT_BLOCKING = GemmBlocking.of(MR, KC, MC, NC);

  /**
   * Rows of the tile for large products whose A is packed ({@link #blockingFor}): 6 on a core that
   * {@link GemmBlocking#wideRows} takes for one with two full-width 512-bit FMA pipes, else {@link
   * #MR}. Measured on Zen 5 (AVX-512, 48 KiB L1d; JMH SgemmBenchmark, one thread, 2026-12-02), 6
   * rows against 4, two alternating runs each: n = 512 1.31–1.36 against 1.45 ms, n = 1024
   * 10.9–11.8 against 11.5–12.1 ms, n = 2048 92–93 against 97–99 ms (kc 384 to 1,024 and mc 84 to
   * 252 moved these by less than the noise); {@code [3200, 32]·[32, 512]ᵀ} (a recurrent input
   * projection) 179–183 against 160–161 GFLOP/s (GemmShapes); products of 64 rows no faster ({@code
   * [64, 128]·[128, 512]ᵀ} 124–125 against 125–127), and those whose A is read unpacked slower
   * ({@code [64, 512]·[512, 128]} 143–153 against 182–184), so they keep 4. Override with {@code
   * -Dstratum.gemm.wideMr=4|5|6} (4: never wider than MR).
   */
  static final int WIDE_MR =
      intProperty(
          "stratum.gemm.wideMr",
          Math.max(MR, GemmBlocking.wideRows(GemmKernels.LANES, CACHES)),
          4,
          6);

  /**
   * Fewest rows of C that get the wide tile: the last, partial tile then computes at most a few
   * percent of rows for nothing. Override with {@code stratum.gemm.wideMinM}.
   */
  static final int WIDE_MIN_M = intProperty("stratum.gemm.wideMinM", 128, 0, 1 << 30);

  /** {@link #DEFAULT_BLOCKING} with {@link #WIDE_MR} rows: the same k- and column blocks. */
  static final GemmBlocking WIDE_BLOCKING = GemmBlocking.of(WIDE_MR, KC, MC, NC);

  /**
   * Below this many flops a product runs on the calling thread. Handing a chunk to a pool worker
   * costs about 1 µs while it still spins and 5 µs once it has parked, on a quiet 2-core machine
   * (ParallelWakeBenchmark; tens of µs on a loaded one, where the threshold used to be 2·160³ ≈ 8.2
   * MFLOP). Measured there on 2 threads against 1 (JMH SgemmBenchmark): n = 96 (1.8 MFLOP) 0.028
   * against 0.040 ms, n = 128 (4.2 MFLOP) 0.059 against 0.098 ms; with the per-step products of a
   * GRU (6.3 MFLOP) and a tanh RNN (2.1 MFLOP) also split, their 2-thread sequences/s rose by about
   * 7% and 20% (medians of five runs each). So the threshold is 2·96³ ≈ 1.8 MFLOP. Override with
   * {@code stratum.gemm.serialFlops}.
   */
  static final double SERIAL_FLOPS =
      intProperty("stratum.gemm.serialFlops", 2 * 96 * 96 * 96, 0, Integer.MAX_VALUE);

  /**
   * A batch of products each below this many flops is split over the batch (each thread does whole
   * matrices); larger products are split inside each matrix, so that every thread packs less.
   */
  static final double BATCH_SPLIT_FLOPS = 2.0 * 192 * 192 * 192;

  private VectorGemm() {}

  /**
   * {@code C[b] = op(A[b]) · op(B[b])} for every batch entry of {@code spec}; C is overwritten.
   *
   * @throws IllegalArgumentException if an array is too short for {@code spec}
   */
  public static void multiply(Parallel parallel, MatmulSpec spec, float[] a, float[] b, float[] c) {
    multiply(parallel, spec, a, b, c, blockingFor(spec, DEFAULT_BLOCKING, WIDE_BLOCKING));
  }

  /**
   * The blocking of one call: {@code wide} (more rows per tile, the same k- and column blocks, so a
   * B packed beforehand fits either) where C has at least {@link #WIDE_MIN_M} rows and A is packed,
   * else {@code narrow}. Both {@link #multiply} and {@link #multiplyPacked} choose here, so that a
   * product gives the same bits either way.
   */
  static GemmBlocking blockingFor(MatmulSpec spec, GemmBlocking narrow, GemmBlocking wide) {
    boolean large = spec.m() >= WIDE_MIN_M && !readsADirectly(spec, narrow.mr());
    return large && wide.kc() == narrow.kc() && wide.nc() == narrow.nc() ? wide : narrow;
  }

  /** {@link #multiply(Parallel, MatmulSpec, float[], float[], float[])} with a given blocking. */
  static void multiply(
      Parallel parallel, MatmulSpec spec, float[] a, float[] b, float[] c, GemmBlocking blocking) {
    checkLengths(spec, a, b, c);
    int batch = spec.batch();
    int m = spec.m();
    int n = spec.n();
    int k = spec.k();
    if (batch == 0 || m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      Arrays.fill(c, 0, batch * m * n, 0f);
      return;
    }
    if (takesDots(spec)) {
      multiplyDots(parallel, spec, a, b, c);
      return;
    }
    if (swapsOperands(spec)) {
      multiplySwapped(parallel, spec, a, b, c, blocking);
      return;
    }
    if (batch == 1) {
      multiplyOne(parallel, spec, blocking, a, b, c, null);
      return;
    }
    double flopsEach = 2.0 * m * n * k;
    boolean serial = parallel.threads() == 1 || flopsEach * batch < SERIAL_FLOPS;
    if (serial || flopsEach < BATCH_SPLIT_FLOPS) {
      // an operand shared by the whole batch (a convolution's weight) is packed once, here
      GemmWorkspace own = GemmWorkspace.current();
      float[] wholeA = spec.aBatchStride() == 0 ? packWholeA(spec, blocking, a, own) : null;
      float[] wholeB = spec.bBatchStride() == 0 ? packWholeB(spec, blocking, b, own) : null;
      if (serial) {
        for (int e = 0; e < batch; e++) {
          multiplyBlock(spec, blocking, a, b, c, e, 0, m, 0, n, own, wholeA, wholeB);
        }
      } else {
        parallel.forRange(
            batch,
            1,
            (start, end) -> {
              GemmWorkspace ws = GemmWorkspace.current();
              for (int e = start; e < end; e++) {
                multiplyBlock(spec, blocking, a, b, c, e, 0, m, 0, n, ws, wholeA, wholeB);
              }
            });
      }
    } else {
      for (int e = 0; e < batch; e++) {
        multiplySplit(parallel, spec, blocking, a, b, c, e, null);
      }
    }
  }

  /**
   * One product, batch entry 0: on the calling thread below {@link #SERIAL_FLOPS}, else split over
   * the threads. {@code wholeB}, where not null, is all of B packed ({@link #multiplyBlock}).
   */
  private static void multiplyOne(
      Parallel parallel,
      MatmulSpec spec,
      GemmBlocking blocking,
      float[] a,
      float[] b,
      float[] c,
      float[] wholeB) {
    if (parallel.threads() == 1 || spec.flops() < SERIAL_FLOPS) {
      GemmWorkspace ws = GemmWorkspace.current();
      multiplyBlock(spec, blocking, a, b, c, 0, 0, spec.m(), 0, spec.n(), ws, null, wholeB);
    } else {
      multiplySplit(parallel, spec, blocking, a, b, c, 0, wholeB);
    }
  }

  /**
   * Whether A is read where it is stored, unpacked ({@link GemmKernels#kernel4Direct}): A not
   * transposed, 4-row tiles, and {@code n} at most {@link #DIRECT_A_MAX_N}. Packing costs about a
   * nanosecond per element of A, paid once per block; reading A unpacked costs a little in every
   * one of the {@code n / NR} column panels that read the block. Measured on Zen 3 (one thread, CPU
   * time, three alternating JVMs each, GFLOP/s unpacked against packed): {@code [64, 512]·[512,
   * 128]} (a recurrent step back) 60–70 against 41–46, {@code [64, 128]·[128, 128]ᵀ} 49–60 against
   * 30–52, but {@code [128, 784]·[784, 256]ᵀ} (a dense layer) 44–52 against 47–61.
   */
  static boolean readsADirectly(MatmulSpec spec, int mr) {
    return !spec.transA() && mr == 4 && spec.n() <= DIRECT_A_MAX_N;
  }

  /**
   * Widest C whose A is read unpacked (128, from the figures above); override with {@code
   * stratum.gemm.directMaxN} (0: never).
   */
  static final int DIRECT_A_MAX_N = intProperty("stratum.gemm.directMaxN", 128, 0, 1 << 30);

  /**
   * Whether {@code C = A·Bᵀ} (A stored {@code [m, k]}, B stored {@code [n, k]}) is computed as dot
   * products of rows ({@link GemmDots}) instead of packed panels: fewer columns than {@link
   * #DOT_MAX_N} and at least {@link #DOT_MIN_K} deep. Depends on {@code n}, {@code k} and the
   * transposes only, so that {@link #multiplyPacked} can choose the same way from what {@link
   * #packB} knows.
   */
  static boolean takesDots(MatmulSpec spec) {
    return !spec.transA() && spec.transB() && dotsFit(spec.n(), spec.k());
  }

  private static boolean dotsFit(int n, int k) {
    return n < DOT_MAX_N && k >= DOT_MIN_K;
  }

  /**
   * Columns below which a product of two k-contiguous operands takes {@link GemmDots}: one panel,
   * {@link GemmKernels#NR}; from there on panels were faster. Measured on Zen 4 (16 lanes, NR = 32;
   * GemmShapes, one thread, CPU time, GFLOP/s with dots against panels): the small CNN's per-image
   * weight gradient {@code [16, 784]·[9, 784]ᵀ} 47 against 10.6, its dense layer {@code [64,
   * 1568]·[10, 1568]ᵀ} 55 against 23; {@code [32, 144]} by 196 deep 38 against 65. With {@code
   * -XX:UseAVX=2} (8 lanes, NR = 16) the first two 43 and 52 against 23 and 37. Override with
   * {@code stratum.gemm.dotMaxN} (0: never).
   */
  static final int DOT_MAX_N = intProperty("stratum.gemm.dotMaxN", GemmKernels.NR, 0, 1 << 16);

  /**
   * Shallowest product that takes {@link GemmDots}: below it the lane sums that end the dot
   * products cost more than the packing saves; 192 with 16 lanes, 512 with fewer. Measured as above
   * on {@code [64, k]·[10, k]ᵀ}: on 16 lanes dots caught up at k = 192 (31 against 27 GFLOP/s; k =
   * 64, 7.6 against 20; k = 96, 12 against 25; k = 384, 42 against 23), and {@code [16, 196]·[9,
   * 196]ᵀ} (the convolutional autoencoder's first weight gradient, per image) ran at 17–20 against
   * 13; on 8 lanes only at 512 (47 against 48; k = 256, 39 against 48; k = 1024, 54 against 47).
   * Override with {@code stratum.gemm.dotMinK} (at least the lane count).
   */
  static final int DOT_MIN_K =
      intProperty(
          "stratum.gemm.dotMinK",
          GemmKernels.LANES >= 16 ? 192 : Math.max(512, GemmKernels.LANES),
          GemmKernels.LANES,
          1 << 30);

  /** {@link #takesDots} products: whole batch entries or blocks of four rows per thread. */
  private static void multiplyDots(
      Parallel parallel, MatmulSpec spec, float[] a, float[] b, float[] c) {
    int batch = spec.batch();
    int m = spec.m();
    if (parallel.threads() == 1 || spec.flops() < SERIAL_FLOPS) {
      for (int e = 0; e < batch; e++) {
        dotsOf(spec, a, b, c, e, 0, m);
      }
    } else if (batch > 1) {
      parallel.forRange(
          batch,
          1,
          (start, end) -> {
            for (int e = start; e < end; e++) {
              dotsOf(spec, a, b, c, e, 0, m);
            }
          });
    } else {
      parallel.forRange(
          (m + 3) / 4,
          1,
          (start, end) -> dotsOf(spec, a, b, c, 0, 4 * start, Math.min(m, 4 * end)));
    }
  }

  /** Rows {@code [i0, i1)} of batch entry {@code entry} of a {@link #takesDots} product. */
  private static void dotsOf(
      MatmulSpec spec, float[] a, float[] b, float[] c, int entry, int i0, int i1) {
    int n = spec.n();
    GemmDots.rows(
        a,
        entry * spec.aBatchStride(),
        b,
        entry * spec.bBatchStride(),
        c,
        entry * spec.m() * n,
        n,
        spec.k(),
        i0,
        i1);
  }

  /**
   * Largest {@code m·n} computed with swapped operands ({@link #swapsOperands}): the transposed
   * result is kept in a per-thread buffer of that many floats (4 MiB).
   */
  static final int SWAP_LIMIT = 1 << 20;

  /**
   * Whether {@code C = op(A)·op(B)} is computed as {@code Cᵀ = op(B)ᵀ·op(A)ᵀ} and transposed into
   * C, for every batch entry, at most {@link #SWAP_LIMIT} floats of C in all.
   *
   * <p>{@code C = Aᵀ·B} (A stored {@code [k, m]}, B stored {@code [k, n]}, one product): the shape
   * of a weight gradient {@code dYᵀ·X} with more outputs than inputs, and of a recurrent layer's
   * {@code DZᵀ·H} over all steps. Packing a transposed A reads {@code mr} floats per row of the
   * stored matrix, a B stored {@code [k, n]} two full vectors per row; swapping moves the larger
   * operand, {@code m·k} floats, to the cheap side and the smaller one to the transposed side, at
   * the price of transposing the {@code m·n} result, which pays only when the product is deep:
   * {@code k ≥ 2n} as well. (Without that condition the dense autoencoder's {@code [784, 128]·[128,
   * 256]} weight gradient, 128 deep, spent 7% of its training step in the transpose.)
   *
   * <p>{@code C = A·Bᵀ} (A stored {@code [m, k]}, B stored {@code [n, k]}): the shape of a
   * convolution's weight gradient per image ({@code dY·colsᵀ}) and of a dense layer's forward pass
   * ({@code x·Wᵀ}). Unswapped, the wider B ({@code n·k} floats) is packed with a transposing copy;
   * swapped, that is the narrower A, and B is read where it is stored. Measured on Zen 4
   * (GemmShapes, one thread, CPU time, GFLOP/s swapped against not, two runs): {@code [32,
   * 196]·[144, 196]ᵀ} (the small CNN's second convolution, per image) 81 against 66, {@code [128,
   * 784]·[256, 784]ᵀ} 101–103 against 96–99, {@code [64, 512]·[256, 512]ᵀ} 96–98 against 88–89; but
   * {@code [64, 128]·[512, 128]ᵀ} (an LSTM step) 74 against 96, {@code [128, 256]·[784, 256]ᵀ} 89
   * against 98, {@code [64, 256]·[512, 256]ᵀ} 88 against 92 and {@code [32, 128]·[288, 128]ᵀ} 74
   * against 80, where the transpose of C outweighs the packing saved (k at most 4m); and {@code
   * [16, 196]·[288, 196]ᵀ} 44 against 65, whose swapped product's 16 columns fill half a panel.
   * Hence {@code m ≥ NR}, {@code n ≥ 2m}, {@code k ≥ 6m}. With {@code -XX:UseAVX=2} (NR = 16) the
   * first three 74, 90 and 86–88 against 64–70, 87 and 81–83. Off with {@code
   * -Dstratum.gemm.swapNt=false}.
   */
  static boolean swapsOperands(MatmulSpec spec) {
    int m = spec.m();
    int n = spec.n();
    int k = spec.k();
    if ((long) spec.batch() * m * n > SWAP_LIMIT) {
      return false;
    }
    if (spec.transA() && !spec.transB()) {
      return spec.batch() == 1 && m >= 2 * n && k >= 2 * n;
    }
    return SWAP_NT
        && !spec.transA()
        && spec.transB()
        && m >= GemmKernels.NR
        && n >= 2 * m
        && k >= 6 * m;
  }

  /** Whether {@code A·Bᵀ} products may be swapped ({@code -Dstratum.gemm.swapNt=false}: never). */
  static final boolean SWAP_NT =
      Boolean.parseBoolean(System.getProperty("stratum.gemm.swapNt", "true"));

  /**
   * {@code C = op(A)·op(B)} as {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}, every batch entry into a per-thread
   * buffer, then each transposed into C ({@link #swapsOperands}). Each element of C is the same sum
   * in the same order either way (the k-blocks and the FMAs within them do not depend on which
   * operand is which), so the bits do not change.
   */
  private static void multiplySwapped(
      Parallel parallel, MatmulSpec spec, float[] a, float[] b, float[] c, GemmBlocking blocking) {
    int m = spec.m();
    int n = spec.n();
    int batch = spec.batch();
    float[] transposed = GemmWorkspace.current().transposedC(batch * m * n);
    MatmulSpec swapped =
        new MatmulSpec(
            batch,
            n,
            m,
            spec.k(),
            !spec.transB(),
            !spec.transA(),
            spec.bBatchStride(),
            spec.aBatchStride());
    multiply(parallel, swapped, b, a, transposed, blocking);
    // the entries' transposes are split over the threads where the batch is large enough
    int size = m * n;
    parallel.forRange(
        batch,
        Math.max(1, Simd.GRAIN / size),
        (start, end) -> {
          for (int e = start; e < end; e++) {
            transpose(transposed, e * size, n, m, c, e * size);
          }
        });
  }

  /** {@code dst[j][i] = src[i][j]} for {@code src} of {@code rows × cols}, in 8 × 8 blocks. */
  static void transpose(float[] src, int rows, int cols, float[] dst) {
    transpose(src, 0, rows, cols, dst, 0);
  }

  /** {@link #transpose(float[], int, int, float[])} of the matrices at the given offsets. */
  static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
    final int block = 8;
    for (int i0 = 0; i0 < rows; i0 += block) {
      int i1 = Math.min(rows, i0 + block);
      for (int j0 = 0; j0 < cols; j0 += block) {
        int j1 = Math.min(cols, j0 + block);
        for (int i = i0; i < i1; i++) {
          for (int j = j0; j < j1; j++) {
            dst[dstOff + j * rows + i] = src[srcOff + i * cols + j];
          }
        }
      }
    }
  }

  /**
   * One product over several threads, split along the longer side of C; chunks are whole panels, so
   * only the last chunk has edge tiles. The operand the threads share (A when the columns are
   * split, B when the rows are) is packed once, each thread packing a share of its panels, and read
   * by all ({@link #packShared}); it is packed by every thread block by block where it is smaller
   * than {@link #SHARED_PACK_MIN} or larger than {@link #SHARED_PACK_LIMIT}, where a B was packed
   * beforehand ({@code wholeB}), or where A is read unpacked.
   */
  private static void multiplySplit(
      Parallel parallel,
      MatmulSpec spec,
      GemmBlocking blocking,
      float[] a,
      float[] b,
      float[] c,
      int entry,
      float[] wholeB) {
    int m = spec.m();
    int n = spec.n();
    int mr = blocking.mr();
    if (n >= m) {
      int nr = GemmKernels.NR;
      int panels = (n + nr - 1) / nr;
      float[] sharedA =
          readsADirectly(spec, mr) ? null : packShared(parallel, spec, blocking, a, entry, true);
      parallel.forRange(
          panels,
          1,
          (start, end) ->
              multiplyBlock(
                  spec,
                  blocking,
                  a,
                  b,
                  c,
                  entry,
                  0,
                  m,
                  start * nr,
                  Math.min(n, end * nr),
                  GemmWorkspace.current(),
                  sharedA,
                  wholeB));
    } else {
      int panels = (m + mr - 1) / mr;
      float[] sharedB =
          wholeB != null ? wholeB : packShared(parallel, spec, blocking, b, entry, false);
      parallel.forRange(
          panels,
          1,
          (start, end) ->
              multiplyBlock(
                  spec,
                  blocking,
                  a,
                  b,
                  c,
                  entry,
                  start * mr,
                  Math.min(m, end * mr),
                  0,
                  n,
                  GemmWorkspace.current(),
                  null,
                  sharedB));
    }
  }

  /**
   * All of {@code op(A)} ({@code ofA}) or {@code op(B)} of batch entry {@code entry} packed as
   * {@link #packWholeA} and {@link #packWholeB} lay it out, into the calling thread's workspace,
   * the panels split over the threads; null when smaller than {@link #SHARED_PACK_MIN} or larger
   * than {@link #SHARED_PACK_LIMIT}.
   */
  private static float[] packShared(
      Parallel parallel,
      MatmulSpec spec,
      GemmBlocking blocking,
      float[] x,
      int entry,
      boolean ofA) {
    int width = ofA ? blocking.mr() : GemmKernels.NR;
    int side = ofA ? spec.m() : spec.n();
    int k = spec.k();
    int stride = roundUp(side, width);
    long size = (long) stride * k;
    if (size < SHARED_PACK_MIN || size > SHARED_PACK_LIMIT) {
      return null;
    }
    GemmWorkspace ws = GemmWorkspace.current();
    float[] whole = ofA ? ws.wholeA(stride * k) : ws.wholeB(stride * k);
    int base = entry * (ofA ? spec.aBatchStride() : spec.bBatchStride());
    parallel.forRange(
        stride / width,
        1,
        (start, end) -> {
          int from = start * width;
          int count = Math.min(side, end * width) - from;
          if (ofA) {
            packRowsOfA(x, base, spec, blocking, from, count, whole);
          } else {
            packColumnsOfB(x, base, k, side, spec.transB(), blocking, from, count, whole);
          }
        });
    return whole;
  }

  /**
   * Most floats a whole packed A or B shared by a batch may take (4 MiB); a larger operand is
   * packed block by block for every entry, as in a single product.
   */
  static final int WHOLE_PACK_LIMIT = 1 << 20;

  /**
   * Most floats an operand shared by the threads of one product may take to be packed once for all
   * of them ({@link #packShared}): a core's L2 (128 Ki floats on Zen 3). Each thread then reads the
   * other's panels from the shared cache instead of its own freshly packed blocks from L2, which
   * paid at n = 256 (two threads, alternating JVMs: 68–80 → 80–101 GFLOP/s) and on a dense layer's
   * {@code [128, 784]·[784, 256]ᵀ} (67–75 → 73–83) but not at n = 1024, whose A is 4 MiB (81–106 →
   * 83–93).
   */
  static final int SHARED_PACK_LIMIT = (int) Math.min(WHOLE_PACK_LIMIT, CACHES.l2() / Float.BYTES);

  /**
   * Fewest floats of a shared operand packed once for all threads: packing it costs about a
   * nanosecond a float, and sharing adds a hand-off to the workers and a wait for them (a few µs).
   * An LSTM step's {@code [64, 128]} A (8 Ki floats) shared made the two-thread LSTM slower
   * (1,452–1,708 → 1,352–1,483 sequences/s, three alternating JVM pairs).
   */
  static final int SHARED_PACK_MIN = 1 << 15;

  /**
   * All of {@code op(A)} packed as {@link #multiplyBlock} reads it, when A is shared by the batch
   * (batch stride 0) and small enough: the k-block at {@code pc} starts at {@code pc·roundUp(m,
   * mr)}, its rows from {@code ic} at {@code ic·kc} after that. Null when A is too large.
   */
  private static float[] packWholeA(
      MatmulSpec spec, GemmBlocking blocking, float[] a, GemmWorkspace ws) {
    int mr = blocking.mr();
    long size = (long) roundUp(spec.m(), mr) * spec.k();
    if (size > WHOLE_PACK_LIMIT) {
      return null;
    }
    float[] whole = ws.wholeA((int) size);
    packRowsOfA(a, 0, spec, blocking, 0, spec.m(), whole);
    return whole;
  }

  /**
   * All of {@code op(B)} packed, as {@link #packWholeA} packs A: block {@code (pc, jc)} at {@code
   * pc·roundUp(n, NR) + jc·kc}.
   */
  private static float[] packWholeB(
      MatmulSpec spec, GemmBlocking blocking, float[] b, GemmWorkspace ws) {
    int nr = GemmKernels.NR;
    long size = (long) roundUp(spec.n(), nr) * spec.k();
    if (size > WHOLE_PACK_LIMIT) {
      return null;
    }
    float[] whole = ws.wholeB((int) size);
    packAllOfB(b, spec.k(), spec.n(), spec.transB(), blocking, whole);
    return whole;
  }

  /**
   * All of {@code op(B)} ({@code k × n}) packed into {@code dst} as {@link #packWholeB} lays it
   * out.
   */
  private static void packAllOfB(
      float[] b, int k, int n, boolean transB, GemmBlocking blocking, float[] dst) {
    packColumnsOfB(b, 0, k, n, transB, blocking, 0, n, dst);
  }

  /**
   * Rows {@code [from, from + count)} of {@code op(A)} (from a multiple of mr) of every k-block,
   * for the A at {@code base}, into {@code dst} as {@link #packWholeA} lays it out.
   */
  private static void packRowsOfA(
      float[] a,
      int base,
      MatmulSpec spec,
      GemmBlocking blocking,
      int from,
      int count,
      float[] dst) {
    int mr = blocking.mr();
    int lda = spec.transA() ? spec.m() : spec.k();
    int stride = roundUp(spec.m(), mr);
    for (int pc = 0; pc < spec.k(); pc += blocking.kc()) {
      int kc = Math.min(blocking.kc(), spec.k() - pc);
      GemmPacking.packA(
          a, base, lda, spec.transA(), from, count, pc, kc, mr, dst, pc * stride + from * kc);
    }
  }

  /**
   * Columns {@code [from, from + count)} of {@code op(B)} ({@code k × n}, from a multiple of NR) of
   * every k-block, for the B at {@code base}, into {@code dst} as {@link #packWholeB} lays it out.
   */
  private static void packColumnsOfB(
      float[] b,
      int base,
      int k,
      int n,
      boolean transB,
      GemmBlocking blocking,
      int from,
      int count,
      float[] dst) {
    int ldb = transB ? k : n;
    int stride = roundUp(n, GemmKernels.NR);
    for (int pc = 0; pc < k; pc += blocking.kc()) {
      int kc = Math.min(blocking.kc(), k - pc);
      GemmPacking.packB(b, base, ldb, transB, pc, kc, from, count, dst, pc * stride + from * kc);
    }
  }

  /**
   * Floats of a B of {@code k × n} packed whole ({@link #packB(float[], int, int, boolean,
   * float[])}).
   */
  public static int packedSize(int k, int n) {
    // where the product could take dots, one more float says whether it does (see packB)
    return roundUp(n, GemmKernels.NR) * k + (dotsFit(n, k) ? 1 : 0);
  }

  /**
   * Packs all of {@code op(W)} (W stored {@code [k, n]}, or {@code [n, k]} when {@code transposed})
   * into {@code packed}, for {@link #multiplyPacked}: a weight used by many products is packed
   * once.
   */
  public static void packB(float[] w, int k, int n, boolean transposed, float[] packed) {
    if ((long) k * n > w.length || packedSize(k, n) > packed.length) {
      throw new IllegalArgumentException(
          "packB: W of "
              + k
              + " x "
              + n
              + " needs "
              + (long) k * n
              + " floats and "
              + packedSize(k, n)
              + " packed, got "
              + w.length
              + " and "
              + packed.length);
    }
    if (dotsFit(n, k)) {
      // a W stored [n, k] is kept as it is, for the dots multiply would compute (takesDots)
      packed[packedSize(k, n) - 1] = transposed ? 1f : 0f;
      if (transposed) {
        System.arraycopy(w, 0, packed, 0, k * n);
        return;
      }
    }
    packAllOfB(w, k, n, transposed, DEFAULT_BLOCKING, packed);
  }

  /**
   * {@code C [m, n] = A [m, k] · op(W)} from {@code op(W)} packed by {@link #packB(float[], int,
   * int, boolean, float[])}: the same blocks, kernels and order of sums as {@link #multiply}, so
   * the same result bit for bit, without packing W again.
   */
  public static void multiplyPacked(
      Parallel parallel, int m, int n, int k, float[] a, float[] packed, float[] c) {
    MatmulSpec spec = new MatmulSpec(1, m, n, k, false, false, m * k, 0);
    if ((long) m * k > a.length || packedSize(k, n) > packed.length || (long) m * n > c.length) {
      throw new IllegalArgumentException(
          "multiplyPacked: arrays too short for "
              + spec
              + ": need A="
              + (long) m * k
              + " packed W="
              + packedSize(k, n)
              + " C="
              + (long) m * n
              + ", got "
              + a.length
              + ", "
              + packed.length
              + ", "
              + c.length);
    }
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      Arrays.fill(c, 0, m * n, 0f);
      return;
    }
    if (dotsFit(n, k) && packed[packedSize(k, n) - 1] == 1f) {
      multiplyDots(parallel, new MatmulSpec(1, m, n, k, false, true, m * k, 0), a, packed, c);
      return;
    }
    multiplyOne(
        parallel, spec, blockingFor(spec, DEFAULT_BLOCKING, WIDE_BLOCKING), a, packed, c, packed);
  }

  /**
   * Rows {@code [i0, i1)} and columns {@code [j0, j1)} of C for batch entry {@code entry}, on the
   * calling thread; {@code k > 0}. {@code wholeA} and {@code wholeB}, where not null, hold all of
   * that operand packed ({@link #packWholeA}, {@link #packWholeB}), and it is not packed again.
   */
  private static void multiplyBlock(
      MatmulSpec spec,
      GemmBlocking blocking,
      float[] a,
      float[] b,
      float[] c,
      int entry,
      int i0,
      int i1,
      int j0,
      int j1,
      GemmWorkspace ws,
      float[] wholeA,
      float[] wholeB) {
    final int m = spec.m();
    final int n = spec.n();
    final int k = spec.k();
    final int nr = GemmKernels.NR;
    final int aBase = entry * spec.aBatchStride();
    final int bBase = entry * spec.bBatchStride();
    final int cBase = entry * m * n;
    final int lda = spec.transA() ? m : k;
    final int ldb = spec.transB() ? k : n;
    final int mr = blocking.mr();
    final int kcMax = blocking.kc();
    final int mcMax = blocking.mc();
    final int ncMax = blocking.nc();
    final float[] packedA = ws.packedA(mcMax * Math.min(kcMax, k));
    final float[] tile = ws.tile(mr * nr);
    final boolean directA = wholeA == null && readsADirectly(spec, mr);

    final int aStride = roundUp(m, mr);
    final int bStride = roundUp(n, nr);
    for (int jc = j0; jc < j1; jc += ncMax) {
      int nc = Math.min(ncMax, j1 - jc);
      float[] packedB = wholeB != null ? wholeB : ws.packedB(roundUp(nc, nr) * Math.min(kcMax, k));
      for (int pc = 0; pc < k; pc += kcMax) {
        int kc = Math.min(kcMax, k - pc);
        boolean accumulate = pc > 0;
        int bOff = 0;
        if (wholeB != null) {
          bOff = pc * bStride + jc * kc;
        } else {
          GemmPacking.packB(b, bBase, ldb, spec.transB(), pc, kc, jc, nc, packedB, 0);
        }
        for (int ic = i0; ic < i1; ic += mcMax) {
          int mc = Math.min(mcMax, i1 - ic);
          float[] blockA = packedA;
          int aOff = 0;
          if (wholeA != null) {
            blockA = wholeA;
            aOff = pc * aStride + ic * kc;
          } else if (directA) {
            // full panels are read where A is stored; only a last, partial one is packed
            int full = mc - mc % mr;
            if (full < mc) {
              GemmPacking.packA(
                  a, aBase, lda, false, ic + full, mc - full, pc, kc, mr, packedA, full * kc);
            }
          } else {
            GemmPacking.packA(a, aBase, lda, spec.transA(), ic, mc, pc, kc, mr, packedA, 0);
          }
          for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int bPanel = bOff + jr * kc;
            for (int ir = 0; ir < mc; ir += mr) {
              int rows = Math.min(mr, mc - ir);
              int aPanel = aOff + ir * kc;
              int cOff = cBase + (ic + ir) * n + jc + jr;
              if (directA && rows == mr) {
                int aAt = aBase + (ic + ir) * lda + pc;
                if (cols == nr) {
                  GemmKernels.kernel4Direct(
                      a, aAt, lda, packedB, bPanel, kc, c, cOff, n, accumulate);
                } else {
                  GemmKernels.kernel4Direct(a, aAt, lda, packedB, bPanel, kc, tile, 0, nr, false);
                  copyTile(tile, rows, cols, c, cOff, n, accumulate);
                }
              } else if (rows == mr && cols == nr) {
                GemmKernels.tile(mr, blockA, aPanel, packedB, bPanel, kc, c, cOff, n, accumulate);
              } else {
                GemmKernels.tile(mr, blockA, aPanel, packedB, bPanel, kc, tile, 0, nr, false);
                copyTile(tile, rows, cols, c, cOff, n, accumulate);
              }
            }
          }
        }
      }
    }
  }

  /** Writes (or adds) the top-left {@code rows × cols} of an edge tile into C. */
  private static void copyTile(
      float[] tile, int rows, int cols, float[] c, int cOff, int ldc, boolean accumulate) {
    int nr = GemmKernels.NR;
    for (int i = 0; i < rows; i++) {
      int t = i * nr;
      int o = cOff + i * ldc;
      if (accumulate) {
        for (int j = 0; j < cols; j++) {
          c[o + j] += tile[t + j];
        }
      } else {
        System.arraycopy(tile, t, c, o, cols);
      }
    }
  }

  private static void checkLengths(MatmulSpec spec, float[] a, float[] b, float[] c) {
    long batch = spec.batch();
    long m = spec.m();
    long n = spec.n();
    long k = spec.k();
    if (batch == 0) {
      return;
    }
    long needA = m * k == 0 ? 0 : (batch - 1) * spec.aBatchStride() + m * k;
    long needB = k * n == 0 ? 0 : (batch - 1) * spec.bBatchStride() + k * n;
    long needC = batch * m * n;
    if (a.length < needA || b.length < needB || c.length < needC) {
      throw new IllegalArgumentException(
          "matmul: arrays too short for "
              + spec
              + ": need A="
              + needA
              + " B="
              + needB
              + " C="
              + needC
              + ", got A="
              + a.length
              + " B="
              + b.length
              + " C="
              + c.length);
    }
    if (needC > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "matmul: C has " + needC + " elements, more than an array holds");
    }
  }

  private static int intProperty(String name, int fallback, int min, int max) {
    String text = System.getProperty(name);
    if (text == null) {
      return fallback;
    }
    int value = Integer.parseInt(text.trim());
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  private static int roundUp(int value, int multiple) {
    return (value + multiple - 1) / multiple * multiple;
  }
}
