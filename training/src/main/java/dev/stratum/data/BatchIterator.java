package dev.stratum.data;

import dev.stratum.backend.Backend;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of one epoch of a {@link DataLoader}. Closing it before the end stops the prefetch
 * thread and frees the batches it had prepared but not handed out; at the end of the epoch this
 * happens by itself. Batches already handed out stay the caller's.
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {

  private static final Cleaner CLEANER = Cleaner.create();
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Name prefix of the prefetch threads. */
  public static final String THREAD_PREFIX = "stratum-loader-";

  private final int[] order;
  private final int batchSize;
  private final int batchCount;
  private final long epoch;
  private final Backend backend;
  private final BatchAssembler assembler;
  private final Pipeline pipeline;
  private final Cleaner.Cleanable cleanable;
  private int delivered;
  private boolean closed;

  BatchIterator(
      int[] order,
      int batchSize,
      int batchCount,
      long epoch,
      Backend backend,
      BatchAssembler assembler,
      int prefetch,
      Set<Pipeline> running) {
    this.order = order;
    this.batchSize = batchSize;
    this.batchCount = batchCount;
    this.epoch = epoch;
    this.backend = backend;
    this.assembler = assembler;
    if (prefetch > 0 && batchCount > 0) {
      pipeline = new Pipeline(order, batchSize, batchCount, epoch, backend, assembler, prefetch);
      pipeline.running = running;
      running.add(pipeline);
      cleanable = CLEANER.register(this, pipeline::shutdown);
      pipeline.start();
    } else {
      pipeline = null;
      cleanable = null;
    }
  }

  /** The epoch these batches belong to. */
  public long epoch() {
    return epoch;
  }

  /** Batches in this epoch. */
  public int batchCount() {
    return batchCount;
  }

  @Override
  public boolean hasNext() {
    return !closed && delivered < batchCount;
  }

  @Override
  public Batch next() {
    if (closed) {
      throw new IllegalStateException("the batch iterator of epoch " + epoch + " is closed");
    }
    if (delivered >= batchCount) {
      throw new NoSuchElementException(
          "epoch " + epoch + " has only " + batchCount + " batches, all handed out");
    }
    Batch batch;
    if (pipeline == null) {
      batch = assembler.assemble(backend, slice(order, batchSize, delivered), epoch);
    } else {
      try {
        batch = pipeline.take(delivered);
      } catch (RuntimeException | Error e) {
        close();
        throw e;
      }
    }
    delivered++;
    if (delivered == batchCount) {
      close();
    }
    return batch;
  }

  /** Stops prefetching and frees every batch prepared but not handed out; idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (cleanable != null) {
        cleanable.clean();
      }
    }
  }

  /** The data set indices of batch {@code b}: a consecutive slice of the epoch's order. */
  private static int[] slice(int[] order, int batchSize, int b) {
    int from = b * batchSize;
    return Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
  }

  /** What a batch slot in the queue holds: a batch, or the failure that replaced it. */
  private record Failure(int batch, Throwable cause) {}

  /**
   * The prefetch thread and its queue. It holds no reference to its iterator, so an abandoned
   * iterator can be collected and its {@link Cleaner} can shut the pipeline down.
   */
  static final class Pipeline implements Runnable {
    private final int[] order;
    private final int batchSize;
    private final int batchCount;
    private final long epoch;
    private final Backend backend;
    private final BatchAssembler assembler;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean cancelled;
    private Set<Pipeline> running;

    Pipeline(
        int[] order,
        int batchSize,
        int batchCount,
        long epoch,
        Backend backend,
        BatchAssembler assembler,
        int prefetch) {
      this.order = order;
      this.batchSize = batchSize;
      this.batchCount = batchCount;
      this.epoch = epoch;
      this.backend = backend;
      this.assembler = assembler;
      this.queue = new ArrayBlockingQueue<>(prefetch);
      this.thread =
          Thread.ofPlatform()
              .daemon()
              .name(THREAD_PREFIX + THREADS.incrementAndGet())
              .unstarted(this);
    }

    void start() {
      thread.start();
    }

    @Override
    public void run() {
      for (int b = 0; b < batchCount && !cancelled; b++) {
        Object item;
        try {
          item = assembler.assemble(backend, slice(order, batchSize, b), epoch);
        } catch (RuntimeException | Error e) {
          item = new Failure(b, e);
        }
        if (!put(item) || item instanceof Failure) {
          return;
        }
      }
    }

    /** Waits for room without ever being interrupted; false (item freed) once cancelled. */
    private boolean put(Object item) {
      try {
        while (!cancelled) {
          if (queue.offer(item, 20, TimeUnit.MILLISECONDS)) {
            return true;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      free(item);
      return false;
    }

    Batch take(int b) {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for batch " + b + " of epoch " + epoch, e);
      }
      if (item instanceof Failure(int failed, Throwable cause)) {
        throw new IllegalStateException(
            "data loader: preparing batch "
                + failed
                + " of epoch "
                + epoch
                + " failed: "
                + cause.getMessage(),
            cause);
      }
      return (Batch) item;
    }

    /**
     * Stops the thread, waits for it to end and frees the queued batches. Safe to call from any
     * thread, more than once.
     */
    void shutdown() {
      cancelled = true;
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      for (Object item; (item = queue.poll()) != null; ) {
        free(item);
      }
      if (running != null) {
        running.remove(this);
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private static void free(Object item) {
      if (item instanceof Batch batch) {
        batch.close();
      }
    }
  }
}
