package dev.stratum.backend.support;

import dev.stratum.backend.Storage;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The storage bookkeeping of one backend instance: which storages are its own ({@link #own}, with
 * the messages every backend gives for a foreign one), how many are live ({@link #live}, the
 * backend's {@link dev.stratum.backend.Backend#liveStorages()}), and release exactly once ({@link
 * #release}). A {@link #tracking} ledger also remembers the live storages, for a backend that must
 * free them all when it closes (device memory); a {@link #counting} one only counts them.
 *
 * <pre>{@code
 * private final StorageLedger<float[], HeapStorage> ledger =
 *     StorageLedger.counting("heap", HeapStorage.class);
 *
 * public Storage allocate(int size) {
 *   return ledger.admit(new HeapStorage(ledger, new float[size]));
 * }
 *
 * public void release(Storage storage) {
 *   ledger.release(ledger.own(storage, "release"));
 * }
 *
 * public int liveStorages() {
 *   return ledger.live();
 * }
 *
 * private float[] data(Storage storage) {
 *   return ledger.own(storage, "kernel").payload();
 * }
 * }</pre>
 *
 * Thread-safe: storages may be allocated and released from any thread.
 *
 * @param <P> the payload type of the backend's storages
 * @param <S> the backend's storage class
 */
public final class StorageLedger<P, S extends TrackedStorage<P>> {

  private final String backend;
  private final Class<S> type;
  private final AtomicInteger live = new AtomicInteger();
  private final Set<S> tracked;

  private StorageLedger(String backend, Class<S> type, boolean track) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.type = Objects.requireNonNull(type, "type");
    this.tracked = track ? ConcurrentHashMap.newKeySet() : null;
  }

  /**
   * A ledger that counts live storages of {@code type} for the backend called {@code backend} in
   * its messages ("does not belong to the <i>backend</i> backend").
   */
  public static <P, S extends TrackedStorage<P>> StorageLedger<P, S> counting(
      String backend, Class<S> type) {
    return new StorageLedger<>(backend, type, false);
  }

  /** A ledger that counts live storages and also remembers them, for {@link #releaseAll}. */
  public static <P, S extends TrackedStorage<P>> StorageLedger<P, S> tracking(
      String backend, Class<S> type) {
    return new StorageLedger<>(backend, type, true);
  }

  /** The backend's name as the messages give it. */
  public String backend() {
    return backend;
  }

  /**
   * Counts {@code storage} live, and returns it.
   *
   * @throws IllegalArgumentException if it was made for another ledger
   */
  public S admit(S storage) {
    if (storage.ledger() != this) {
      throw new IllegalArgumentException(
          "admit: storage " + storage + " was made for another " + backend + " backend instance");
    }
    live.incrementAndGet();
    if (tracked != null) {
      tracked.add(storage);
    }
    return storage;
  }

  /**
   * {@code storage} as this backend's own storage class.
   *
   * @param kernel the operation, which starts the message
   * @throws IllegalArgumentException if another backend, or another instance of this one, made it
   */
  @SuppressWarnings("unchecked") // every storage of this ledger is an S: admit and the type say so
  public S own(Storage storage, String kernel) {
    if (storage instanceof TrackedStorage<?> candidate && candidate.ledger() == this) {
      return (S) candidate;
    }
    throw foreign(storage, kernel);
  }

  private IllegalArgumentException foreign(Storage storage, String kernel) {
    return new IllegalArgumentException(
        kernel
            + ": storage "
            + storage
            + (type.isInstance(storage)
                ? " belongs to another " + backend + " backend instance"
                : " does not belong to the " + backend + " backend"));
  }

  /**
   * Releases {@code storage}: marks it released, counts it no longer live, and hands back its
   * payload for the backend to free or pool.
   *
   * @throws IllegalStateException if it was already released (the count is left alone)
   */
  public P release(S storage) {
    P payload = storage.markReleased();
    if (tracked != null) {
      tracked.remove(storage);
    }
    live.decrementAndGet();
    return payload;
  }

  /** Storages admitted and not yet released. */
  public int live() {
    return live.get();
  }

  /**
   * For a backend that closes: marks every live storage released and hands each, with its payload,
   * to {@code free}; a storage released concurrently is skipped. {@link #live()} keeps its value,
   * so a leak stays visible after the close.
   *
   * @return the storages freed
   * @throws IllegalStateException if this is a {@link #counting} ledger, which does not remember
   *     its storages
   */
  public int releaseAll(BiConsumer<? super S, ? super P> free) {
    if (tracked == null) {
      throw new IllegalStateException(
          "releaseAll: the " + backend + " ledger only counts its storages; use a tracking one");
    }
    int freed = 0;
    for (S storage : tracked) {
      P payload = storage.tryMarkReleased();
      if (payload != null) {
        free.accept(storage, payload);
        freed++;
      }
    }
    tracked.clear();
    return freed;
  }
}
