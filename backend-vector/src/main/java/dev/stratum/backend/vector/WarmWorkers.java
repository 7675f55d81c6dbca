package dev.stratum.backend.vector;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker threads of a {@link Parallel} that created its own pool. A training step runs dozens
 * of parallel kernels with serial work between them; a worker that parks after each one pays a
 * wake-up at the start of the next, and the caller, finding its chunk still queued, runs it itself:
 * on a 2-core virtual machine with a 50 µs bound, the worker parked before about every second
 * kernel of the dense autoencoder and the caller ran about half of the workers' chunks, so two
 * threads trained no faster than one. So an idle worker stays awake for at most {@code spinNanos}
 * (1 ms by default, longer than the serial gaps of a step): {@link Thread#onSpinWait()} for the
 * first {@link #HOT_SPIN_NANOS}, then {@link Thread#yield()}, which hands the core to any other
 * thread that wants it (the JVM's compiler and collector threads, a data loader), so the wait never
 * holds a core against them; only then does it park. A caller waiting for its chunks runs queued
 * chunks itself (its own or another caller's), waits the same way, then parks; so nested and
 * concurrent calls cannot starve. A worker parked for {@link #KEEP_ALIVE_NANOS} ends, as a {@link
 * java.util.concurrent.ForkJoinPool}'s do, and the next call that finds none parked starts one.
 */
final class WarmWorkers implements AutoCloseable {

  /**
   * The default time awake before parking, in microseconds, overridden by {@value #SPIN_PROPERTY}.
   * Against 50 µs, on 2 cores (Zen 3, benchmarks/README.md): the dense autoencoder's 2-thread
   * samples/s rose by about 15%, the small CNN's by 12%, the tanh RNN's by 30%.
   */
  static final long DEFAULT_SPIN_MICROS = 1000;

  /** The system property that sets the time awake in microseconds (0: park at once). */
  static final String SPIN_PROPERTY = "stratum.vector.spinMicros";

  /**
   * How long a wait spins on {@link Thread#onSpinWait()} before it yields instead: 50 µs, about ten
   * times what a wake-up costs on a quiet machine (ParallelWakeBenchmark), so short gaps are
   * bridged without a system call.
   */
  static final long HOT_SPIN_NANOS = 50_000;

  /** How long a parked worker waits for work before it ends: 30 s. */
  static final long KEEP_ALIVE_NANOS = 30_000_000_000L;

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedDeque<Thread> parked = new ConcurrentLinkedDeque<>();
  private final List<Thread> started = new CopyOnWriteArrayList<>();
  private final AtomicInteger live = new AtomicInteger();
  private final int count;
  private final long spinNanos;
  private volatile boolean closed;

  /** {@code count} daemon workers that stay awake for up to {@code spinNanos} before parking. */
  WarmWorkers(int count, long spinNanos) {
    if (spinNanos < 0) {
      throw new IllegalArgumentException("spin must be >= 0 ns, got " + spinNanos);
    }
    this.count = count;
    this.spinNanos = spinNanos;
    for (int i = 0; i < count; i++) {
      startWorker();
    }
  }

  private void startWorker() {
    if (live.incrementAndGet() > count) {
      live.decrementAndGet();
      return;
    }
    Thread t =
        Thread.ofPlatform().daemon().name("stratum-vector-" + started.size()).unstarted(this::work);
    started.add(t);
    t.start();
  }

  /** The time awake that {@value #SPIN_PROPERTY} asks for, in nanoseconds. */
  static long spinNanosFromProperty() {
    String value = System.getProperty(SPIN_PROPERTY);
    if (value == null) {
      return DEFAULT_SPIN_MICROS * 1000;
    }
    try {
      long micros = Long.parseLong(value.trim());
      if (micros < 0) {
        throw new NumberFormatException();
      }
      return micros * 1000;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          SPIN_PROPERTY + " must be a whole number of microseconds >= 0, got '" + value + "'");
    }
  }

  long spinNanos() {
    return spinNanos;
  }

  /**
   * Runs {@code body} over the chunks {@code 1 .. chunks-1} of {@code [0, n)} on the workers and
   * chunk 0 on the calling thread, and returns when all are done, rethrowing the first failure.
   */
  void run(int n, int chunks, Parallel.RangeBody body) {
    Call call = new Call(chunks - 1);
    for (int c = 1; c < chunks; c++) {
      int start = (int) ((long) n * c / chunks);
      int end = (int) ((long) n * (c + 1) / chunks);
      queue.offer(() -> call.run(body, start, end));
      Thread sleeper = parked.poll();
      if (sleeper != null) {
        LockSupport.unpark(sleeper);
      } else if (live.get() < count) {
        startWorker(); // one retired after its keep-alive
      }
    }
    Throwable failure = null;
    try {
      body.run(0, (int) ((long) n / chunks));
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    call.await();
    if (failure == null) {
      failure = call.failure.get();
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    } else if (failure instanceof Error e) {
      throw e;
    }
  }

  /** The chunks of one {@link #run} still out, the first failure among them, and who waits. */
  private final class Call {
    final AtomicInteger pending;
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final Thread caller = Thread.currentThread();

    Call(int chunks) {
      pending = new AtomicInteger(chunks);
    }

    void run(Parallel.RangeBody body, int start, int end) {
      try {
        body.run(start, end);
      } catch (RuntimeException | Error e) {
        failure.compareAndSet(null, e);
      } finally {
        if (pending.decrementAndGet() == 0) {
          LockSupport.unpark(caller);
        }
      }
    }

    /**
     * Helps with queued chunks, then waits awake ({@link #stillAwake}), then parks, until every
     * chunk of this call is done.
     */
    void await() {
      while (pending.get() > 0) {
        Runnable task = queue.poll();
        if (task != null) {
          task.run();
          continue;
        }
        long since = System.nanoTime();
        while (pending.get() > 0 && queue.isEmpty() && stillAwake(since)) {
          // stillAwake has paused once
        }
        if (pending.get() > 0 && queue.isEmpty()) {
          // the last chunk unparks the caller; a permit given before this park is kept
          LockSupport.parkNanos(this, 1_000_000);
        }
      }
    }
  }

  /**
   * One pause of a wait that began at {@code since}, or false once {@link #spinNanos} have passed:
   * a busy {@link Thread#onSpinWait()} for the first {@link #HOT_SPIN_NANOS}, then {@link
   * Thread#yield()}, which gives the core to any other thread that wants it.
   */
  private boolean stillAwake(long since) {
    long waited = System.nanoTime() - since;
    if (waited >= spinNanos) {
      return false;
    }
    if (waited < HOT_SPIN_NANOS) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
    return true;
  }

  private void work() {
    try {
      workUntilIdleOrClosed();
    } finally {
      live.decrementAndGet();
    }
  }

  private void workUntilIdleOrClosed() {
    Thread self = Thread.currentThread();
    while (!closed) {
      Runnable task = queue.poll();
      if (task != null) {
        task.run();
        continue;
      }
      long since = System.nanoTime();
      while (queue.isEmpty() && !closed && stillAwake(since)) {
        // stillAwake has paused once
      }
      if (!queue.isEmpty() || closed) {
        continue;
      }
      // announce, then look again: a chunk queued before the announcement is seen here, one
      // queued after it finds this thread in the deque and unparks it
      parked.push(self);
      long parkedAt = System.nanoTime();
      if (queue.isEmpty() && !closed) {
        LockSupport.parkNanos(this, KEEP_ALIVE_NANOS);
      }
      parked.remove(self);
      if (queue.isEmpty() && System.nanoTime() - parkedAt >= KEEP_ALIVE_NANOS) {
        // idle for the whole keep-alive: end; a chunk queued meanwhile is run by its caller
        return;
      }
    }
  }

  /** Ends the workers (daemons in any case); a caller still waiting for chunks runs them itself. */
  @Override
  public void close() {
    closed = true;
    for (Thread t : started) {
      LockSupport.unpark(t);
    }
  }

  /** The state of worker {@code i} (for tests): {@code TIMED_WAITING} once it has parked. */
  Thread.State state(int i) {
    return started.get(i).getState();
  }

  /** Whether every worker has ended (for tests). */
  boolean terminated() {
    for (Thread t : started) {
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** Waits up to {@code millis} for every worker to end (for tests). */
  boolean awaitTermination(long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    for (Thread t : started) {
      t.join(Math.max(1, deadline - System.currentTimeMillis()));
    }
    return terminated();
  }
}
