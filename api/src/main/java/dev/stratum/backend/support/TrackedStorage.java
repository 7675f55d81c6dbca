package dev.stratum.backend.support;

import dev.stratum.backend.Storage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A storage that holds its backend's payload (a heap array, a device buffer handle) until it is
 * released, exactly once, and names the {@link StorageLedger} it belongs to. Releasing drops the
 * payload reference, so a use after release fails loudly instead of writing into memory a pool has
 * handed to someone else. A backend extends it with its own storage class:
 *
 * <pre>{@code
 * final class HeapStorage extends TrackedStorage<float[]> {
 *   HeapStorage(StorageLedger<float[], HeapStorage> ledger, float[] data) {
 *     super(ledger, data.length, data);
 *   }
 * }
 * }</pre>
 *
 * @param <P> the payload type
 */
public abstract class TrackedStorage<P> implements Storage {

  private static final VarHandle PAYLOAD;

  static {
    try {
      PAYLOAD = MethodHandles.lookup().findVarHandle(TrackedStorage.class, "payload", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final StorageLedger<P, ?> ledger;
  private final int size;

  @SuppressWarnings("unused") // also written through PAYLOAD
  private volatile P payload;

  /**
   * A live storage of {@code size} elements in {@code payload}, belonging to {@code ledger} (which
   * counts it only once {@link StorageLedger#admit admitted}).
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  protected TrackedStorage(StorageLedger<P, ?> ledger, int size, P payload) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.payload = Objects.requireNonNull(payload, "payload");
    if (size < 0) {
      throw new IllegalArgumentException("a storage's size must not be negative, got " + size);
    }
    this.size = size;
  }

  @Override
  public final int size() {
    return size;
  }

  /** The ledger this storage belongs to. */
  public final StorageLedger<P, ?> ledger() {
    return ledger;
  }

  /**
   * The payload.
   *
   * @throws IllegalStateException if the storage was released
   */
  public final P payload() {
    P held = payload;
    if (held == null) {
      throw usedAfterRelease();
    }
    return held;
  }

  private IllegalStateException usedAfterRelease() {
    return new IllegalStateException(
        "storage of " + size + " elements is used after it was released");
  }

  /** Whether the storage was released. */
  public final boolean released() {
    return payload == null;
  }

  /**
   * Marks this storage released and hands back its payload. {@link StorageLedger#release} calls
   * this; a backend calls it directly only for storages it never admitted (scratch space).
   *
   * @throws IllegalStateException if it was already released
   */
  public final P markReleased() {
    P held = tryMarkReleased();
    if (held == null) {
      throw new IllegalStateException(
          "release: storage of " + size + " elements was already released");
    }
    return held;
  }

  /** The payload, now released, or null if someone released it first. */
  @SuppressWarnings("unchecked") // PAYLOAD holds a P
  final P tryMarkReleased() {
    return (P) PAYLOAD.getAndSet(this, (Object) null);
  }

  /**
   * The class name and size, as in {@code VectorStorage[64]} or {@code VectorStorage[64,
   * released]}.
   */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + size + (released() ? ", released]" : "]");
  }
}
