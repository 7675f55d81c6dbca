package dev.stratum.benchmarks;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.fused.FusedActivationGradient;
import java.util.Map;
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
 * The gradient through an activation, {@code g·act'(y)}, on the vector backend with one thread:
 * {@code fused} is the {@link FusedActivationGradient} capability (one pass), {@code composed} the
 * core kernels that the capability's javadoc defines and that every backward pass ran before it
 * (two for RELU, four for SIGMOID and TANH, each a pass over memory). Sizes: {@code 8192} is a
 * recurrent step of workload 4 ({@code [64, 128]}), {@code 100352} the dense autoencoder's output
 * ({@code [128, 784]}), {@code 802816} the small CNN's first convolution ({@code [64, 16, 28,
 * 28]}). Microseconds per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms512m", "-Xmx512m"})
public class ActivationGradientBenchmark {

  @Param({"RELU", "SIGMOID", "TANH"})
  UnaryOp op;

  @Param({"8192", "100352", "802816"})
  int size;

  @Param({"fused", "composed"})
  String kernel;

  private Backend backend;
  private FusedActivationGradient fused;
  private Storage y;
  private Storage g;
  private Storage out;
  private Storage work;
  private Storage one;

  @Setup(Level.Trial)
  public void setUp() {
    backend = Backends.create("vector", new BackendOptions(Map.of("threads", "1")));
    fused = backend.capability(FusedActivationGradient.class).orElseThrow();
    Random random = new Random(11);
    float[] values = new float[size];
    float[] grads = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) (2 * random.nextDouble() - 1);
      grads[i] = (float) random.nextGaussian();
    }
    y = backend.allocate(size);
    g = backend.allocate(size);
    out = backend.allocate(size);
    work = backend.allocate(size);
    one = backend.allocate(1);
    backend.upload(values, 0, y, 0, size);
    backend.upload(grads, 0, g, 0, size);
    backend.fill(one, 0, 1, 1f);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (Storage s : new Storage[] {y, g, out, work, one}) {
      backend.release(s);
    }
    backend.close();
  }

  @Benchmark
  public Storage gradient() {
    if (kernel.equals("fused")) {
      fused.activationGradient(op, 0f, y, g, out, size);
      return out;
    }
    int[] shape = {size};
    int[] dense = {1};
    int[] broadcast = {0};
    switch (op) {
      case SIGMOID -> {
        backend.unary(UnaryOp.NEG, 0f, y, work, size);
        backend.binary(BinaryOp.ADD, shape, work, dense, one, broadcast, work);
        backend.binary(BinaryOp.MUL, shape, y, dense, work, dense, work);
      }
      case TANH -> {
        backend.unary(UnaryOp.SQUARE, 0f, y, work, size);
        backend.unary(UnaryOp.NEG, 0f, work, work, size);
        backend.binary(BinaryOp.ADD, shape, work, dense, one, broadcast, work);
      }
      default -> backend.unary(UnaryOp.STEP, 0f, y, work, size);
    }
    backend.binary(BinaryOp.MUL, shape, g, dense, work, dense, out);
    return out;
  }
}
