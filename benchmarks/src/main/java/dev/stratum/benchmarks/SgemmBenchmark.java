package dev.stratum.benchmarks;

import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.vector.Parallel;
import dev.stratum.backend.vector.VectorGemm;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload 1 of {@code WORKLOADS.md}: {@code C = A·B}, square n×n, A and B ~ N(0,1), C
 * preallocated, no transposes, on the vector backend's GEMM with 1 and 2 threads. Reports time per
 * product; GFLOP/s = 2n³ / time ({@code run-sgemm.sh} prints them beside OpenBLAS).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class SgemmBenchmark {

  @Param({"128", "256", "512", "1024", "2048"})
  int n;

  @Param({"1", "2"})
  int threads;

  private Parallel parallel;
  private MatmulSpec spec;
  private float[] a;
  private float[] b;
  private float[] c;

  @Setup(Level.Trial)
  public void setUp() {
    parallel = new Parallel(threads);
    spec = MatmulSpec.of(n, n, n);
    Random random = new Random(42);
    a = gaussian(random, n * n);
    b = gaussian(random, n * n);
    c = new float[n * n];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    parallel.close();
  }

  @Benchmark
  public float[] sgemm() {
    VectorGemm.multiply(parallel, spec, a, b, c);
    return c;
  }

  private static float[] gaussian(Random random, int length) {
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }
}
