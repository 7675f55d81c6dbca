package dev.stratum.backend.vector;

import dev.stratum.backend.support.StorageLedger;
import dev.stratum.backend.support.TrackedStorage;

/**
 * A storage of the vector backend: a heap {@code float[]} of exactly {@link #size()} elements (the
 * pool reuses arrays only at their exact length), tracked by its backend's {@link StorageLedger}.
 */
final class VectorStorage extends TrackedStorage<float[]> {

  VectorStorage(StorageLedger<float[], VectorStorage> ledger, float[] data) {
    super(ledger, data.length, data);
  }

  /** The backing array; fails if the storage was released. */
  float[] data() {
    return payload();
  }
}
