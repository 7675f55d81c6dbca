package dev.stratum.backend.vector;

import dev.stratum.backend.MatmulSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Where one thread's GEMM time goes (issue 13, item 1; a benchmark command, not a test): for square
 * {@code n×n·n×n} it times, alternately in one JVM, the whole {@link VectorGemm} product; the same
 * loop nest with each block packed only once (the packing left out, every kernel call still reading
 * and writing its tile of C); the same again with every tile written to one scratch tile that stays
 * in L1 (C's loads and stores left out too); and the packing alone. The kernel's share is the last
 * loop; the others follow by difference. Run from the repository root after {@code ./mvnw -q -pl
 * backend-vector -am test-compile}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp backend-vector/target/classes:backend-vector/target/test-classes:api/target/classes \
 *     dev.stratum.backend.vector.GemmBreakdown 1024 7
 * </pre>
 *
 * Arguments: n (default 1024), rounds (default 7; each round times every variant for about a
 * second). Prints the median GFLOP/s of each variant and the time shares.
 */
public final class GemmBreakdown {

  private GemmBreakdown() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Random random = new Random(42);
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextGaussian();
      b[i] = (float) random.nextGaussian();
    }
    float[] c = new float[n * n];
    MatmulSpec spec = MatmulSpec.of(n, n, n);
    GemmBlocking blocking =
        VectorGemm.blockingFor(spec, VectorGemm.DEFAULT_BLOCKING, VectorGemm.WIDE_BLOCKING);
    String[] names = {"whole GEMM", "no packing", "no packing, C in L1", "packing alone"};
    double[][] seconds = new double[names.length][rounds];
    try (Parallel one = new Parallel(1)) {
      Runnable[] variants = {
        () -> VectorGemm.multiply(one, spec, a, b, c),
        () -> loopNest(n, blocking, a, b, c, false, false, true),
        () -> loopNest(n, blocking, a, b, c, false, true, true),
        () -> loopNest(n, blocking, a, b, c, true, false, false)
      };
      for (int r = -2; r < rounds; r++) { // two rounds of warm-up
        for (int v = 0; v < variants.length; v++) {
          int count = 0;
          long start = System.nanoTime();
          long elapsed;
          do {
            variants[v].run();
            count++;
            elapsed = System.nanoTime() - start;
          } while (elapsed < 1_000_000_000L);
          if (r >= 0) {
            seconds[v][r] = elapsed / 1e9 / count;
          }
        }
      }
    }
    double flops = 2.0 * n * n * n;
    double[] median = new double[names.length];
    for (int v = 0; v < names.length; v++) {
      double[] s = seconds[v].clone();
      Arrays.sort(s);
      median[v] = s[rounds / 2];
      System.out.printf(
          Locale.ROOT,
          "%-22s %8.3f ms  %6.1f GFLOP/s (min %.3f, max %.3f ms)%n",
          names[v],
          median[v] * 1e3,
          flops / median[v] / 1e9,
          s[0] * 1e3,
          s[rounds - 1] * 1e3);
    }
    double whole = median[0];
    System.out.printf(
        Locale.ROOT,
        "n=%d, MR=%d KC=%d MC=%d NC=%d, %d lanes: of the whole product's time, kernel with C in L1"
            + " %.0f%%, C loads and stores %.0f%%, packing %.0f%% (packing alone: %.0f%%)%n",
        n,
        blocking.mr(),
        blocking.kc(),
        blocking.mc(),
        blocking.nc(),
        GemmKernels.LANES,
        100 * median[2] / whole,
        100 * (median[1] - median[2]) / whole,
        100 * (whole - median[1]) / whole,
        100 * median[3] / whole);
  }

  /**
   * {@link VectorGemm}'s loop nest for {@code C = A·B} (no transposes, n a multiple of the blocks).
   * {@code packEvery}: pack each block as the GEMM does (else only the first A and B blocks,
   * reused); {@code scratchC}: every tile goes to one small tile instead of its place in C; {@code
   * compute}: call the kernel at all.
   */
  private static void loopNest(
      int n,
      GemmBlocking blocking,
      float[] a,
      float[] b,
      float[] c,
      boolean packEvery,
      boolean scratchC,
      boolean compute) {
    GemmWorkspace ws = GemmWorkspace.current();
    int nr = GemmKernels.NR;
    int mr = blocking.mr();
    int kcMax = blocking.kc();
    int mcMax = blocking.mc();
    int ncMax = blocking.nc();
    float[] packedA = ws.packedA(mcMax * Math.min(kcMax, n));
    float[] tile = ws.tile(mr * nr);
    boolean packedOnce = false;
    for (int jc = 0; jc < n; jc += ncMax) {
      int nc = Math.min(ncMax, n - jc);
      float[] packedB = ws.packedB((nc + nr - 1) / nr * nr * Math.min(kcMax, n));
      for (int pc = 0; pc < n; pc += kcMax) {
        int kc = Math.min(kcMax, n - pc);
        if (packEvery || !packedOnce) {
          GemmPacking.packB(b, 0, n, false, pc, kc, jc, nc, packedB, 0);
        }
        for (int ic = 0; ic < n; ic += mcMax) {
          int mc = Math.min(mcMax, n - ic);
          if (packEvery || !packedOnce) {
            GemmPacking.packA(a, 0, n, false, ic, mc, pc, kc, mr, packedA, 0);
            packedOnce = !packEvery;
          }
          if (!compute) {
            continue;
          }
          for (int jr = 0; jr + nr <= nc; jr += nr) {
            for (int ir = 0; ir + mr <= mc; ir += mr) {
              if (scratchC) {
                GemmKernels.tile(mr, packedA, ir * kc, packedB, jr * kc, kc, tile, 0, nr, pc > 0);
              } else {
                int cOff = (ic + ir) * n + jc + jr;
                GemmKernels.tile(mr, packedA, ir * kc, packedB, jr * kc, kc, c, cOff, n, pc > 0);
              }
            }
          }
        }
      }
    }
  }
}
