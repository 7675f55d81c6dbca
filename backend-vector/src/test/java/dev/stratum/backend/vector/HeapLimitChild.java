package dev.stratum.backend.vector;

import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM with a small heap ({@code -Xmx64m}, {@link VectorBackendTest}): asks the
 * vector backend for more than the heap limit, then for 16 MB storages until the heap is full, and
 * prints the heap limit and both refusals, one per line.
 */
public final class HeapLimitChild {

  /** Floats per storage in the filling loop: 16 MB, a quarter of the child's heap. */
  static final int FILL_FLOATS = 4_000_000;

  /** Floats asked for beyond the limit: 128 MB, twice the child's heap. */
  static final int BEYOND_FLOATS = 32_000_000;

  private HeapLimitChild() {}

  public static void main(String[] args) {
    System.out.println("max=" + Runtime.getRuntime().maxMemory());
    try (VectorBackend backend =
        (VectorBackend)
            new VectorBackendProvider()
                .create(new BackendOptions(Map.of("threads", "1", "poolBytes", "0")))) {
      try {
        backend.allocate(BEYOND_FLOATS);
        System.out.println("beyond: allocated");
      } catch (RuntimeException e) {
        System.out.println("beyond: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      List<Storage> held = new ArrayList<>();
      try {
        for (int i = 0; i < 100; i++) {
          held.add(backend.allocate(FILL_FLOATS));
        }
        System.out.println("fill: never ran out");
      } catch (RuntimeException e) {
        System.out.println("held=" + held.size());
        System.out.println("fill: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        System.out.println(
            "cause: " + (e.getCause() == null ? "none" : e.getCause().getClass().getSimpleName()));
      } finally {
        held.forEach(backend::release);
      }
    }
  }
}
