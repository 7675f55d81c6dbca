package dev.stratum.backend.vector;

import dev.stratum.backend.MatmulSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * GFLOP/s of {@link VectorGemm} on products given on the command line (a benchmark command, not a
 * test), timed by the CPU time of the measuring thread, which other load on the machine disturbs
 * less than the wall clock: best of the last 8 of 12 rounds of 0.2 s per product. Each product is
 * five arguments {@code m n k transA transB}, the last two {@code t} or {@code n}; the first
 * argument is the thread count. Run from the repository root after {@code ./mvnw -q -pl
 * backend-vector -am test-compile}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp backend-vector/target/classes:backend-vector/target/test-classes:api/target/classes \
 *     dev.stratum.backend.vector.GemmShapes 1 64 128 512 n n 64 128 128 n t 128 256 784 n t
 * </pre>
 *
 * Compare variants in separate JVMs, alternating (for example {@code -Dstratum.gemm.directMaxN=0}
 * against the default): with many products in one JVM the figures move by ±20% with the order in
 * which the JIT compiles them.
 */
public final class GemmShapes {

  private GemmShapes() {}

  public static void main(String[] args) {
    if (args.length < 6 || (args.length - 1) % 5 != 0) {
      throw new IllegalArgumentException(
          "usage: GemmShapes threads (m n k transA transB)..., got " + args.length + " arguments");
    }
    ThreadMXBean clock = ManagementFactory.getThreadMXBean();
    try (Parallel parallel = new Parallel(Integer.parseInt(args[0]))) {
      for (int s = 1; s < args.length; s += 5) {
        int m = Integer.parseInt(args[s]);
        int n = Integer.parseInt(args[s + 1]);
        int k = Integer.parseInt(args[s + 2]);
        boolean transA = args[s + 3].equals("t");
        boolean transB = args[s + 4].equals("t");
        MatmulSpec spec = new MatmulSpec(1, m, n, k, transA, transB, m * k, k * n);
        float[] a = filled(m * k, 7);
        float[] b = filled(k * n, 5);
        float[] c = new float[m * n];
        double best = 0;
        for (int round = 0; round < 12; round++) {
          long wall = System.nanoTime();
          long cpu = clock.getCurrentThreadCpuTime();
          int products = 0;
          while (System.nanoTime() - wall < 200_000_000L) {
            VectorGemm.multiply(parallel, spec, a, b, c);
            products++;
          }
          double gflops = spec.flops() * products / (clock.getCurrentThreadCpuTime() - cpu);
          if (round >= 4) {
            best = Math.max(best, gflops);
          }
        }
        System.out.printf(
            "%d x %d x %d %s%s  %.1f GFLOP/s%n", m, n, k, args[s + 3], args[s + 4], best);
      }
    }
  }

  private static float[] filled(int size, int period) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (i % period) * 0.1f;
    }
    return x;
  }
}
