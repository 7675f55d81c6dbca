package dev.stratum.benchmarks;

import dev.stratum.backend.vector.Parallel;
import java.util.concurrent.ForkJoinPool;
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
 * The cost of waking the vector backend's second thread: {@code gapMicros} of serial work on the
 * calling thread (the small ops between two kernels of a training step), then one {@link
 * Parallel#forRange} of two chunks over 2 Ki floats. {@code pool}: {@code serial} runs both chunks
 * on the caller (the baseline: no hand-off at all); {@code fork-join} hands the second chunk to a
 * {@link ForkJoinPool} of one worker (the pool before warm workers); a number hands it to the
 * backend's own worker, which spins for that many microseconds before it parks. Time per call,
 * average; the hand-off costs what a variant takes beyond {@code serial} minus the half of the work
 * it moved. Run on a quiet machine: a spinning worker competes with anything else running.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... org.openjdk.jmh.Main ParallelWakeBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms256m", "-Xmx256m"})
public class ParallelWakeBenchmark {

  @Param({"serial", "fork-join", "0", "50", "1000"})
  String pool;

  @Param({"0", "20", "200"})
  int gapMicros;

  private final float[] data = new float[2048];
  private Parallel parallel;
  private ForkJoinPool forkJoin;

  @Setup(Level.Trial)
  public void setUp() {
    switch (pool) {
      case "serial" -> parallel = new Parallel(1);
      case "fork-join" -> {
        forkJoin = new ForkJoinPool(1);
        parallel = new Parallel(forkJoin);
      }
      default -> {
        System.setProperty("stratum.vector.spinMicros", pool);
        parallel = new Parallel(2);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    parallel.close();
    if (forkJoin != null) {
      forkJoin.shutdown();
    }
  }

  @Benchmark
  public float gapThenTwoChunks() {
    long until = System.nanoTime() + gapMicros * 1000L;
    while (System.nanoTime() - until < 0) {
      Thread.onSpinWait();
    }
    float[] d = data;
    // minChunk = half the length: exactly two chunks on two threads, one on one
    parallel.forRange(
        d.length,
        d.length / 2,
        (start, end) -> {
          for (int i = start; i < end; i++) {
            d[i] = d[i] * 0.5f + 1f;
          }
        });
    return d[0];
  }
}
