package dev.stratum.conformance;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * "A backend may be called from several threads at once on different storages": four threads
 * allocate, compute and release concurrently, each checking its own results and the shared
 * liveStorages count at the end.
 */
final class ConcurrencyConformance {

  private static final int THREADS = 4;
  private static final int ROUNDS = 25;

  private ConcurrencyConformance() {}

  static List<ConformanceCase> cases() {
    return List.of(
        new ConformanceCase(
            "concurrent allocate, matmul, binary, release from " + THREADS + " threads",
            Kernel.MEMORY,
            "",
            Set.of(Kernel.MATMUL, Kernel.BINARY),
            ws -> concurrently(ws.backend())));
  }

  private static void concurrently(Backend backend) {
    int before = backend.liveStorages();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long seed = t;
        futures.add(pool.submit(() -> work(backend, seed)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("a thread failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    if (backend.liveStorages() != before) {
      throw new AssertionError(
          "liveStorages() went from "
              + before
              + " to "
              + backend.liveStorages()
              + " although every thread released what it allocated");
    }
  }

  private static void work(Backend backend, long seed) {
    MatmulSpec spec = MatmulSpec.of(9, 11, 13);
    for (int round = 0; round < ROUNDS; round++) {
      try (Workspace ws = new Workspace(backend)) {
        float[] a = Inputs.uniform(seed * 1000 + round, 9 * 13, -2, 2);
        float[] b = Inputs.uniform(seed * 1000 + round + 500, 13 * 11, -2, 2);
        Storage c = ws.output(9 * 11);
        backend.matmul(spec, ws.input(a), ws.input(b), c);
        Storage doubled = ws.output(9 * 11);
        backend.binary(
            BinaryOp.ADD, new int[] {9 * 11}, c, new int[] {1}, c, new int[] {1}, doubled);
        double[] expected = new double[9 * 11];
        ReferenceKernels.matmul(spec, Expect.toDouble(a), Expect.toDouble(b), expected);
        double[] abs = new double[9 * 11];
        for (int i = 0; i < expected.length; i++) {
          expected[i] *= 2;
        }
        ReferenceKernels.matmul(spec, abs(a), abs(b), abs);
        for (int i = 0; i < abs.length; i++) {
          abs[i] *= 2;
        }
        Expect.close(
            "thread " + seed + " round " + round,
            ws.read(doubled, 9 * 11),
            expected,
            Tolerance.sum(13, abs));
      }
    }
  }

  private static double[] abs(float[] x) {
    double[] result = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      result[i] = Math.abs(x[i]);
    }
    return result;
  }
}
