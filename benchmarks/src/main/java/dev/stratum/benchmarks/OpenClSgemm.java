package dev.stratum.benchmarks;

import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.Storage;
import dev.stratum.backend.opencl.OpenClBackend;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Workload 1 of {@code WORKLOADS.md} on the OpenCL backend: {@code C = A·B}, square n×n, A and B ~
 * N(0,1), C preallocated on the device, no transposes. A plain main rather than JMH: the time that
 * matters is the device's, so each repetition enqueues the product and waits for the queue ({@link
 * OpenClBackend#synchronize()}), after a warm-up that also pays the driver's kernel compilation.
 *
 * <p>Arguments: sizes (default 512 1024 2048). System properties: {@code reps} (timed repetitions,
 * default 7), {@code stratum.opencl.device}; backend options as {@code -Dopencl.gemmLocal=8x8}.
 * Prints one Markdown row per size: GFLOP/s min / median / max.
 */
public final class OpenClSgemm {

  private OpenClSgemm() {}

  public static void main(String[] args) {
    int[] sizes =
        args.length == 0
            ? new int[] {512, 1024, 2048}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int reps = Integer.getInteger("reps", 7);
    try (OpenClBackend backend = (OpenClBackend) Backends.create("opencl", options())) {
      System.out.println("device: " + backend.device());
      System.out.println("| n | GFLOP/s min / median / max |");
      System.out.println("|---:|---:|");
      for (int n : sizes) {
        double[] gflops = run(backend, n, reps);
        System.out.printf(
            Locale.ROOT,
            "| %d | %.1f / **%.1f** / %.1f |%n",
            n,
            gflops[0],
            gflops[gflops.length / 2],
            gflops[gflops.length - 1]);
      }
    }
  }

  /** Backend options from system properties {@code opencl.KEY=VALUE}. */
  static BackendOptions options() {
    var values = new java.util.HashMap<String, String>();
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("opencl.")) {
        values.put(key.substring("opencl.".length()), System.getProperty(key));
      }
    }
    return new BackendOptions(values);
  }

  private static double[] run(OpenClBackend backend, int n, int reps) {
    Random random = new Random(42);
    float[] host = new float[n * n];
    Storage a = backend.allocate(n * n);
    Storage b = backend.allocate(n * n);
    Storage c = backend.allocate(n * n);
    try {
      for (Storage s : new Storage[] {a, b}) {
        for (int i = 0; i < host.length; i++) {
          host[i] = (float) random.nextGaussian();
        }
        backend.upload(host, 0, s, 0, host.length);
      }
      MatmulSpec spec = MatmulSpec.of(n, n, n);
      // warm-up: at least 2 products and at least a second
      long warmEnd = System.nanoTime() + 1_000_000_000L;
      for (int i = 0; i < 2 || System.nanoTime() < warmEnd; i++) {
        backend.matmul(spec, a, b, c);
        backend.synchronize();
      }
      double[] gflops = new double[reps];
      for (int r = 0; r < reps; r++) {
        // enough products to last about 0.5 s, timed together
        long start = System.nanoTime();
        int products = 0;
        do {
          backend.matmul(spec, a, b, c);
          backend.synchronize();
          products++;
        } while (System.nanoTime() - start < 500_000_000L);
        double seconds = (System.nanoTime() - start) / 1e9 / products;
        gflops[r] = spec.flops() / seconds / 1e9;
      }
      Arrays.sort(gflops);
      return gflops;
    } finally {
      backend.release(c);
      backend.release(b);
      backend.release(a);
    }
  }
}
