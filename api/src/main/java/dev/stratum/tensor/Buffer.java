package dev.stratum.tensor;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Storage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend storage shared by the tensors that view it (a tensor and its reshapes). Reference
 * counted: the storage goes back to its backend when the last tensor using it is closed.
 */
final class Buffer {

  final Backend backend;
  final Storage storage;
  private final AtomicInteger references = new AtomicInteger(1);

  Buffer(Backend backend, Storage storage) {
    this.backend = backend;
    this.storage = storage;
  }

  void retain() {
    if (references.getAndIncrement() <= 0) {
      throw new IllegalStateException("tensor storage was already released");
    }
  }

  void release() {
    if (references.decrementAndGet() == 0) {
      backend.release(storage);
    }
  }

  /** True when no other tensor shares this storage, so it may be written in place. */
  boolean exclusive() {
    return references.get() == 1;
  }
}
