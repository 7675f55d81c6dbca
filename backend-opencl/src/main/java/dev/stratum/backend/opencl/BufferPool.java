package dev.stratum.backend.opencl;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jocl.cl_mem;

/**
 * Released device buffers kept for reuse, keyed by exact byte size, so a training step that
 * allocates the same intermediate sizes every iteration stops calling {@code clCreateBuffer} after
 * the first. Reuse needs no synchronisation with the device: every command runs on one in-order
 * queue, so whatever a kernel still has to do with a released buffer is done before anything
 * enqueued by its next owner. Bounded twice: at most {@code perSize} buffers of one size and {@code
 * maxBytes} in all; a buffer that does not fit is released to the driver at once.
 */
final class BufferPool {

  private final int perSize;
  private final long maxBytes;
  private final Consumer<cl_mem> release;
  private final Map<Long, ArrayDeque<cl_mem>> free = new HashMap<>();
  private long pooledBytes;

  BufferPool(int perSize, long maxBytes, Consumer<cl_mem> release) {
    this.perSize = perSize;
    this.maxBytes = maxBytes;
    this.release = release;
  }

  /** A pooled buffer of exactly {@code bytes}, or null. */
  synchronized cl_mem take(long bytes) {
    ArrayDeque<cl_mem> buffers = free.get(bytes);
    if (buffers == null || buffers.isEmpty()) {
      return null;
    }
    pooledBytes -= bytes;
    return buffers.pop();
  }

  /** Offers a buffer back; returns false (and the caller releases it) if the pool is full. */
  synchronized boolean give(cl_mem buffer, long bytes) {
    if (pooledBytes + bytes > maxBytes) {
      return false;
    }
    ArrayDeque<cl_mem> buffers = free.computeIfAbsent(bytes, size -> new ArrayDeque<>());
    if (buffers.size() >= perSize) {
      return false;
    }
    buffers.push(buffer);
    pooledBytes += bytes;
    return true;
  }

  synchronized long pooledBytes() {
    return pooledBytes;
  }

  /** Releases every pooled buffer to the driver; returns the bytes freed. */
  synchronized long clear() {
    long freed = pooledBytes;
    for (ArrayDeque<cl_mem> buffers : free.values()) {
      buffers.forEach(release);
    }
    free.clear();
    pooledBytes = 0;
    return freed;
  }
}
