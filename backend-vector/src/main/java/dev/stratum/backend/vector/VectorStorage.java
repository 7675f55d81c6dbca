package dev.stratum.backend.vector;

import dev.stratum.backend.Storage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A storage of the vector backend: a heap {@code float[]} of exactly {@link #size()} elements (the
 * pool reuses arrays only at their exact length) and the backend that owns it. Releasing drops the
 * array reference, so a use after release fails loudly instead of writing into an array the pool
 * has handed to someone else.
 */
final class VectorStorage implements Storage {

  private static final VarHandle RELEASED;

  static {
    try {
      RELEASED =
          MethodHandles.lookup().findVarHandle(VectorStorage.class, "released", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final VectorBackend owner;
  private final int size;
  private float[] data;

  @SuppressWarnings("unused") // written through RELEASED
  private volatile boolean released;

  VectorStorage(VectorBackend owner, float[] data) {
    this.owner = owner;
    this.data = data;
    this.size = data.length;
  }

  @Override
  public int size() {
    return size;
  }

  VectorBackend owner() {
    return owner;
  }

  /** The backing array; fails if the storage was released. */
  float[] data() {
    float[] array = data;
    if (array == null) {
      throw new IllegalStateException(
          "storage of " + size + " elements is used after it was released");
    }
    return array;
  }

  /** Marks this storage released exactly once and hands back its array, or fails. */
  float[] markReleased() {
    if (!RELEASED.compareAndSet(this, false, true)) {
      throw new IllegalStateException(
          "release: storage of " + size + " elements was already released");
    }
    float[] array = data;
    data = null;
    return array;
  }

  @Override
  public String toString() {
    return "VectorStorage[" + size + (data == null ? ", released]" : "]");
  }
}
