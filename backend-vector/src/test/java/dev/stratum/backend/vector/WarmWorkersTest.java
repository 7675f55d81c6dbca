package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The warm workers of {@link Parallel}: every index visited once whatever the spin bound, failures
 * rethrown, nested and concurrent calls finished, and a worker parked once the bound has passed
 * (parked for its keep-alive: {@code TIMED_WAITING}). Correctness only; no timing is asserted
 * beyond "parks within seconds of a 1 ms bound".
 */
class WarmWorkersTest {

  /** Sums {@code i + 1} over {@code [0, n)} in chunks; a lost or repeated chunk changes it. */
  private static void assertEveryIndexOnce(Parallel parallel, int n) {
    AtomicIntegerArray hits = new AtomicIntegerArray(n);
    parallel.forRange(
        n,
        1,
        (start, end) -> {
          for (int i = start; i < end; i++) {
            hits.incrementAndGet(i);
          }
        });
    for (int i = 0; i < n; i++) {
      assertThat(hits.get(i)).as("visits of index %d of %d", i, n).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "spin {0} µs")
  @ValueSource(longs = {0, 50, 10_000})
  void everyIndexIsVisitedOnceOverManyCalls(long spinMicros) {
    try (Parallel parallel = new Parallel(3, spinMicros * 1000)) {
      for (int call = 0; call < 2000; call++) {
        assertEveryIndexOnce(parallel, 1 + call % 37);
      }
    }
  }

  @Test
  void aFailureInAWorkersChunkIsRethrownAndThePoolStaysUsable() {
    try (Parallel parallel = new Parallel(3, 50_000)) {
      assertThatThrownBy(
              () ->
                  parallel.forRange(
                      30,
                      1,
                      (start, end) -> {
                        if (start > 0) {
                          throw new IllegalStateException("chunk " + start + " failed");
                        }
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("chunk ");
      assertEveryIndexOnce(parallel, 30);
    }
  }

  @Test
  void nestedCallsFromInsideAChunkFinish() {
    try (Parallel parallel = new Parallel(2, 0)) {
      AtomicIntegerArray hits = new AtomicIntegerArray(8 * 8);
      parallel.forRange(
          8,
          1,
          (rowStart, rowEnd) -> {
            for (int r = rowStart; r < rowEnd; r++) {
              int row = r;
              parallel.forRange(
                  8,
                  1,
                  (start, end) -> {
                    for (int c = start; c < end; c++) {
                      hits.incrementAndGet(row * 8 + c);
                    }
                  });
            }
          });
      for (int i = 0; i < 64; i++) {
        assertThat(hits.get(i)).isEqualTo(1);
      }
    }
  }

  @Test
  void callersOnSeveralThreadsShareTheWorkers() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try (Parallel parallel = new Parallel(2, 20_000)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        done.add(
            callers.submit(
                () -> {
                  for (int call = 0; call < 500; call++) {
                    assertEveryIndexOnce(parallel, 2 + (call + seed) % 19);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void anIdleWorkerParksOnceItsSpinBoundHasPassed() throws InterruptedException {
    try (Parallel parallel = new Parallel(2, 1_000_000)) {
      assertEveryIndexOnce(parallel, 16);
      WarmWorkers workers = parallel.workers();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (workers.state(0) != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(workers.state(0))
          .as("worker 1 ms after a 1 ms spin (10 s allowed)")
          .isEqualTo(Thread.State.TIMED_WAITING);
    }
  }

  @Test
  void anIdleWorkerStaysAwakePastTheHotSpinUntilItsBound() throws InterruptedException {
    try (Parallel parallel = new Parallel(2, TimeUnit.SECONDS.toNanos(30))) {
      assertEveryIndexOnce(parallel, 16);
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(20 * WarmWorkers.HOT_SPIN_NANOS));
      assertThat(parallel.workers().state(0))
          .as("worker 20 hot spins after its last chunk, with a 30 s bound: yielding, not parked")
          .isEqualTo(Thread.State.RUNNABLE);
      assertEveryIndexOnce(parallel, 16);
    }
  }

  @Test
  void closeEndsTheWorkers() throws InterruptedException {
    Parallel parallel = new Parallel(3, 10_000_000);
    assertEveryIndexOnce(parallel, 12);
    parallel.close();
    assertThat(parallel.workers().awaitTermination(10_000)).isTrue();
  }

  @Test
  void theSpinBoundComesFromItsPropertyAndABadOneIsNamed() {
    String before = System.getProperty(WarmWorkers.SPIN_PROPERTY);
    try {
      System.clearProperty(WarmWorkers.SPIN_PROPERTY);
      assertThat(WarmWorkers.spinNanosFromProperty()).isEqualTo(1_000_000);
      System.setProperty(WarmWorkers.SPIN_PROPERTY, "0");
      assertThat(WarmWorkers.spinNanosFromProperty()).isZero();
      System.setProperty(WarmWorkers.SPIN_PROPERTY, "-3");
      assertThatThrownBy(WarmWorkers::spinNanosFromProperty)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "stratum.vector.spinMicros must be a whole number of microseconds >= 0, got '-3'");
    } finally {
      if (before == null) {
        System.clearProperty(WarmWorkers.SPIN_PROPERTY);
      } else {
        System.setProperty(WarmWorkers.SPIN_PROPERTY, before);
      }
    }
  }
}
