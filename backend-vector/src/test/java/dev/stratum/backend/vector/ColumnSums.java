package dev.stratum.backend.vector;

import dev.stratum.backend.ReduceOp;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Microseconds of one thread's column sum ({@code reduce(SUM)} over the rows of {@code [rows,
 * cols]}, a bias gradient) for the shapes given as {@code rows cols} pairs (a benchmark command,
 * not a test), by the CPU time of the measuring thread: best of the last 8 of 12 rounds of 0.2 s.
 * Run from the repository root after {@code ./mvnw -q -pl backend-vector -am test-compile}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp backend-vector/target/classes:backend-vector/target/test-classes:api/target/classes \
 *     dev.stratum.backend.vector.ColumnSums 3200 512 128 784
 * </pre>
 */
public final class ColumnSums {

  private ColumnSums() {}

  public static void main(String[] args) {
    if (args.length == 0 || args.length % 2 != 0) {
      throw new IllegalArgumentException("usage: ColumnSums (rows cols)..., got " + args.length);
    }
    ThreadMXBean clock = ManagementFactory.getThreadMXBean();
    try (Parallel parallel = new Parallel(1)) {
      for (int s = 0; s < args.length; s += 2) {
        int rows = Integer.parseInt(args[s]);
        int cols = Integer.parseInt(args[s + 1]);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
          x[i] = (i % 13) * 0.1f;
        }
        float[] out = new float[cols];
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 12; round++) {
          long wall = System.nanoTime();
          long cpu = clock.getCurrentThreadCpuTime();
          int sums = 0;
          while (System.nanoTime() - wall < 200_000_000L) {
            ReductionKernels.reduce(parallel, true, ReduceOp.SUM, x, 1, rows, cols, out);
            sums++;
          }
          double micros = (clock.getCurrentThreadCpuTime() - cpu) / 1e3 / sums;
          if (round >= 4) {
            best = Math.min(best, micros);
          }
        }
        System.out.printf("[%d, %d] column sum  %.1f us%n", rows, cols, best);
      }
    }
  }
}
