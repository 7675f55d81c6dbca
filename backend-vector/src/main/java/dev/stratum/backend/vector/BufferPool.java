package dev.stratum.backend.vector;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Released arrays kept for reuse, keyed by exact length, so a training step that allocates the same
 * intermediate sizes every iteration stops allocating after the first. Bounded twice: at most
 * {@code perSize} arrays of one length and {@code maxBytes} in all; an array that does not fit is
 * left to the garbage collector. One lock guards it: pool operations are a few map lookups, far
 * cheaper than the kernels between them.
 */
final class BufferPool {

  private final int perSize;
  private final long maxBytes;
  private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
  private long pooledBytes;

  BufferPool(int perSize, long maxBytes) {
    this.perSize = perSize;
    this.maxBytes = maxBytes;
  }

  /** A pooled array of exactly {@code size} elements, or a new one. */
  float[] take(int size) {
    synchronized (this) {
      ArrayDeque<float[]> arrays = free.get(size);
      if (arrays != null && !arrays.isEmpty()) {
        pooledBytes -= 4L * size;
        return arrays.pop();
      }
    }
    return new float[size];
  }

  /** Offers an array back; keeps it if both bounds allow. */
  void give(float[] array) {
    long bytes = 4L * array.length;
    synchronized (this) {
      if (pooledBytes + bytes > maxBytes) {
        return;
      }
      ArrayDeque<float[]> arrays = free.computeIfAbsent(array.length, size -> new ArrayDeque<>());
      if (arrays.size() < perSize) {
        arrays.push(array);
        pooledBytes += bytes;
      }
    }
  }

  synchronized long pooledBytes() {
    return pooledBytes;
  }

  synchronized void clear() {
    free.clear();
    pooledBytes = 0;
  }
}
