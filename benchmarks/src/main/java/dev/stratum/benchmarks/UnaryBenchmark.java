package dev.stratum.benchmarks;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the transcendental activations on the vector backend, one thread, through the
 * public {@link Backend#unary} kernel: elements per microsecond = millions of elements per second.
 * The {@code scalar} variant runs the same backend with SIMD switched off, for comparison. The
 * input (64 Ki floats, 256 KiB) stays in the L2 cache, so this measures arithmetic, not memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms512m", "-Xmx512m"})
public class UnaryBenchmark {

  static final int SIZE = 1 << 16;

  @Param({"EXP", "TANH", "SIGMOID"})
  UnaryOp op;

  @Param({"simd", "scalar"})
  String path;

  private Backend backend;
  private Storage x;
  private Storage out;

  @Setup(Level.Trial)
  public void setUp() {
    backend =
        Backends.create(
            "vector",
            new BackendOptions(
                Map.of(
                    "threads",
                    "1",
                    "stratum.vector.scalar",
                    Boolean.toString(path.equals("scalar")))));
    float[] values = new float[SIZE];
    Random random = new Random(7);
    for (int i = 0; i < SIZE; i++) {
      values[i] = (float) (4 * random.nextGaussian());
    }
    x = backend.allocate(SIZE);
    out = backend.allocate(SIZE);
    backend.upload(values, 0, x, 0, SIZE);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    backend.release(x);
    backend.release(out);
    backend.close();
  }

  @Benchmark
  @OperationsPerInvocation(SIZE)
  public Storage unary() {
    backend.unary(op, 0f, x, out, SIZE);
    return out;
  }
}
