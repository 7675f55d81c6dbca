package dev.stratum.benchmarks;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.vector.Parallel;
import dev.stratum.backend.vector.VectorGemm;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The speed of one square product over time in one JVM, to see whether it flips between levels
 * (issue 13, item 1): {@code n×n·n×n} repeated for {@code seconds}, GFLOP/s printed for every
 * window of {@code windowMs}, then min / median / max of the windows and the share of windows below
 * 85% of the median. {@code mode=direct} calls {@code VectorGemm} on preallocated arrays; {@code
 * mode=tensor} goes through {@code Tensor.matmul} with a fresh result each call, closed after it
 * ({@code mode=tensor-unclosed}: left to the garbage collector, as a careless user does). Arguments
 * {@code key=value}: {@code n} (1024), {@code threads} (1), {@code seconds} (30), {@code windowMs}
 * (250), {@code mode} ({@code direct}).
 */
public final class GemmTimeline {

  private GemmTimeline() {}

  public static void main(String[] args) {
    Map<String, String> a = KeyValueArgs.parse(args);
    int n = Integer.parseInt(a.getOrDefault("n", "1024"));
    int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
    double seconds = Double.parseDouble(a.getOrDefault("seconds", "30"));
    long window = Long.parseLong(a.getOrDefault("windowMs", "250")) * 1_000_000L;
    String mode = a.getOrDefault("mode", "direct");
    double flops = 2.0 * n * n * n;
    Random random = new Random(42);
    float[] x = gaussian(random, n * n);
    float[] y = gaussian(random, n * n);
    List<Double> rates = new ArrayList<>();
    try (Parallel parallel = new Parallel(threads);
        Backend backend =
            Backends.create(
                "vector", new BackendOptions(Map.of("threads", Integer.toString(threads))))) {
      Runnable product;
      if (mode.equals("direct")) {
        MatmulSpec spec = MatmulSpec.of(n, n, n);
        float[] c = new float[n * n];
        product = () -> VectorGemm.multiply(parallel, spec, x, y, c);
      } else {
        Tensor tx = Tensor.of(backend, x, n, n);
        Tensor ty = Tensor.of(backend, y, n, n);
        boolean close = mode.equals("tensor");
        product =
            () -> {
              Tensor z = tx.matmul(ty);
              if (close) {
                z.close();
              }
            };
      }
      long end = System.nanoTime() + (long) (seconds * 1e9);
      long start = System.nanoTime();
      int count = 0;
      while (start < end) {
        product.run();
        count++;
        long now = System.nanoTime();
        if (now - start >= window) {
          double rate = count * flops / (now - start);
          rates.add(rate);
          System.out.printf(Locale.ROOT, "%.1f%n", rate);
          count = 0;
          start = now;
        }
      }
    }
    List<Double> measured =
        new ArrayList<>(rates.subList(Math.min(8, rates.size() / 4), rates.size()));
    measured.sort(null);
    double median = measured.get(measured.size() / 2);
    long low = measured.stream().filter(r -> r < 0.85 * median).count();
    System.out.printf(
        Locale.ROOT,
        "n=%d threads=%d mode=%s windows=%d (first %d dropped as warm-up) GFLOP/s min %.1f median"
            + " %.1f max %.1f; below 85%% of the median: %d of %d%n",
        n,
        threads,
        mode,
        rates.size(),
        rates.size() - measured.size(),
        measured.getFirst(),
        median,
        measured.getLast(),
        low,
        measured.size());
  }

  private static float[] gaussian(Random random, int length) {
    float[] v = new float[length];
    for (int i = 0; i < length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
