package dev.stratum.backend;

/**
 * A block of float32 elements in a backend's memory. Only the backend that allocated a storage may
 * read it or write it; the API never looks inside. A storage is released exactly once, through
 * {@link Backend#release(Storage)}.
 */
public interface Storage {

  /** Number of float32 elements this storage holds. */
  int size();
}
