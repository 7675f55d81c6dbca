package dev.stratum.backend.vector;

import dev.stratum.backend.support.StridedSpace;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The one place the vector backend runs work on several threads. Work is split into at most {@link
 * #threads()} contiguous chunks; the calling thread runs the first chunk itself, so a single-chunk
 * call costs no hand-off at all. A helper that makes its own pool keeps its workers warm across the
 * kernels of a step: an idle worker stays awake for a bounded time (1 ms by default, the system
 * property {@code stratum.vector.spinMicros}; 0 parks at once) before it parks, so the next kernel
 * does not pay a wake-up; past its first 50 µs it yields the core to any other thread that wants it
 * ({@link WarmWorkers}). Over an application's {@link ForkJoinPool} its chunks are that pool's
 * tasks, and its workers behave as that pool decides.
 */
public final class Parallel implements AutoCloseable {

  /** A piece of work over the half-open index range {@code [start, end)}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int start, int end);
  }

  private final int threads;
  private final ForkJoinPool pool;
  private final WarmWorkers workers;

  /**
   * A helper with {@code threads} threads (the caller included); 1 means no pool at all. Its
   * workers stay awake for {@code stratum.vector.spinMicros} microseconds (1,000 by default) before
   * parking.
   */
  public Parallel(int threads) {
    this(threads, WarmWorkers.spinNanosFromProperty());
  }

  /** As {@link #Parallel(int)}, awake for {@code spinNanos} before parking. */
  Parallel(int threads, long spinNanos) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.pool = null;
    this.workers = threads == 1 ? null : new WarmWorkers(threads - 1, spinNanos);
  }

  /**
   * A helper that runs its chunks on the caller's {@code pool} (plus the calling thread), for an
   * application that manages its own threads. {@link #close()} leaves that pool running.
   */
  public Parallel(ForkJoinPool pool) {
    this.pool = java.util.Objects.requireNonNull(pool, "pool");
    this.threads = pool.getParallelism() + 1;
    this.workers = null;
  }

  /** A helper sized to the cores of this machine. */
  public static Parallel forAvailableCores() {
    return new Parallel(Runtime.getRuntime().availableProcessors());
  }

  public int threads() {
    return threads;
  }

  /**
   * Runs {@code body} over {@code [0, n)} in chunks of at least {@code minChunk} indices, and
   * returns when all chunks are done. An exception in any chunk is rethrown here.
   */
  public void forRange(int n, int minChunk, RangeBody body) {
    int chunks = chunksFor(n, minChunk);
    if (chunks <= 1) {
      if (n > 0) {
        body.run(0, n);
      }
      return;
    }
    if (workers != null) {
      workers.run(n, chunks, body);
      return;
    }
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
    for (int c = 1; c < chunks; c++) {
      int start = (int) ((long) n * c / chunks);
      int end = (int) ((long) n * (c + 1) / chunks);
      tasks[c - 1] = pool.submit(new Chunk(body, start, end));
    }
    Throwable failure = null;
    try {
      body.run(0, (int) ((long) n / chunks));
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (ForkJoinTask<?> task : tasks) {
      try {
        task.join();
      } catch (RuntimeException | Error e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    } else if (failure instanceof Error e) {
      throw e;
    }
  }

  /**
   * Walks the rows of {@code space} from the operands' offsets {@code bases}, splitting its {@link
   * StridedSpace#units() units} into chunks of at least {@code grain} elements: rows, or pieces of
   * a single long row.
   */
  void forEachRow(StridedSpace space, int grain, int[] bases, StridedSpace.RowBody body) {
    forRange(
        space.units(),
        Math.max(1, grain / space.unitLength()),
        (start, end) -> space.forUnits(start, end, bases, body));
  }

  /** How many chunks {@link #forRange} would use for {@code n} indices. */
  public int chunksFor(int n, int minChunk) {
    if ((pool == null && workers == null) || n <= 0) {
      return 1;
    }
    int byGrain = n / Math.max(1, minChunk);
    return Math.max(1, Math.min(threads, byGrain));
  }

  /** Shuts down the pool this helper created; a pool passed in by the caller stays running. */
  @Override
  public void close() {
    if (workers != null) {
      workers.close();
    }
  }

  /** The workers this helper made, or {@code null} (one thread, or an application's pool). */
  WarmWorkers workers() {
    return workers;
  }

  private static final class Chunk extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final transient RangeBody body;
    private final int start;
    private final int end;

    Chunk(RangeBody body, int start, int end) {
      this.body = body;
      this.start = start;
      this.end = end;
    }

    @Override
    protected void compute() {
      body.run(start, end);
    }
  }
}
