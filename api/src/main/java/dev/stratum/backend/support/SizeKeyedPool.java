package dev.stratum.backend.support;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Released buffers kept for reuse, keyed by exact size in bytes, so a training step that allocates
 * the same intermediate sizes every iteration stops allocating after the first. Bounded twice: at
 * most {@code perSize} buffers of one size and {@code maxBytes} in all; a buffer that does not fit
 * is refused and the caller frees it (or leaves it to the garbage collector). One lock guards it:
 * pool operations are a few map lookups, far cheaper than the kernels between them.
 *
 * <p>{@code B} is whatever a backend allocates: a heap array, a device buffer handle. A backend
 * over heap arrays:
 *
 * <pre>{@code
 * SizeKeyedPool<float[]> pool = new SizeKeyedPool<>(4, 256L << 20);
 * float[] array = pool.take(4L * size);
 * if (array == null) {
 *   array = new float[size];
 * }
 * // ... and on release:
 * pool.give(array, 4L * array.length);
 * }</pre>
 *
 * @param <B> the buffer type
 */
public final class SizeKeyedPool<B> {

  private final int perSize;
  private final long maxBytes;
  private final Map<Long, ArrayDeque<B>> free = new HashMap<>();
  private long pooledBytes;

  /**
   * A pool that keeps up to {@code perSize} buffers of each size and {@code maxBytes} in all.
   *
   * @throws IllegalArgumentException if either bound is negative
   */
  public SizeKeyedPool(int perSize, long maxBytes) {
    if (perSize < 0 || maxBytes < 0) {
      throw new IllegalArgumentException(
          "pool bounds must not be negative, got perSize " + perSize + " and maxBytes " + maxBytes);
    }
    this.perSize = perSize;
    this.maxBytes = maxBytes;
  }

  /** A pooled buffer of exactly {@code bytes}, or null if none is pooled. */
  public synchronized B take(long bytes) {
    ArrayDeque<B> buffers = free.get(bytes);
    if (buffers == null || buffers.isEmpty()) {
      return null;
    }
    pooledBytes -= bytes;
    return buffers.pop();
  }

  /**
   * Offers {@code buffer} of {@code bytes} back; returns false, keeping nothing, if either bound
   * would be exceeded (the caller then frees the buffer itself).
   */
  public synchronized boolean give(B buffer, long bytes) {
    if (pooledBytes + bytes > maxBytes) {
      return false;
    }
    ArrayDeque<B> buffers = free.computeIfAbsent(bytes, size -> new ArrayDeque<>());
    if (buffers.size() >= perSize) {
      return false;
    }
    buffers.push(buffer);
    pooledBytes += bytes;
    return true;
  }

  /** Bytes the pool holds now. */
  public synchronized long pooledBytes() {
    return pooledBytes;
  }

  /** Hands every pooled buffer to {@code free} and empties the pool; returns the bytes freed. */
  public synchronized long clear(Consumer<? super B> free) {
    long freed = pooledBytes;
    for (ArrayDeque<B> buffers : this.free.values()) {
      buffers.forEach(free);
    }
    this.free.clear();
    pooledBytes = 0;
    return freed;
  }

  /** Empties the pool, leaving the buffers to the garbage collector; returns the bytes dropped. */
  public long clear() {
    return clear(buffer -> {});
  }
}
