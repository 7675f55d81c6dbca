package dev.stratum.backend.vector;

import dev.stratum.backend.Availability;
import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.BackendProvider;
import dev.stratum.backend.BackendUnavailableException;
import dev.stratum.backend.support.SizeKeyedPool;

/**
 * Finds the vector backend for {@link java.util.ServiceLoader}. This class names no Vector API
 * type: {@link #probe()} asks the boot layer whether {@code jdk.incubator.vector} is resolved, and
 * only {@link #create} reaches the classes that need it.
 *
 * <p>Options: {@code threads} (default: the available processors) and {@code stratum.vector.scalar}
 * ({@code true} runs every kernel on its scalar path; also read as a system property), plus {@code
 * poolBytes}, the most memory the buffer pool keeps for reuse.
 */
public final class VectorBackendProvider implements BackendProvider {

  static final String MODULE = "jdk.incubator.vector";
  static final String SCALAR = "stratum.vector.scalar";

  /**
   * Arrays of one length the pool keeps. A training step holds many intermediates of one size at
   * once, all released when the step ends, and a recurrent layer keeps every time step's for the
   * backward pass: with 4 a size, the dense autoencoder of WORKLOADS.md (batch 128) left 3.3 MB of
   * arrays per step to the garbage collector, and the LSTM of workload 4 (50 steps) made 179 new
   * arrays an iteration even with 64 a size; with 1024, neither makes any after its first
   * iterations (benchmarks/README.md, "Memory"). The pool's byte bound, {@link
   * #DEFAULT_POOL_BYTES}, is what caps its memory.
   */
  static final int POOL_PER_SIZE = 1024;

  static final long DEFAULT_POOL_BYTES = 256L << 20;

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Availability probe() {
    try {
      if (ModuleLayer.boot().findModule(MODULE).isPresent()) {
        return Availability.available();
      }
      return Availability.unavailable(
          "module "
              + MODULE
              + " is not resolved: start java with --add-modules "
              + MODULE
              + " (or set JDK_JAVA_OPTIONS=\"--add-modules "
              + MODULE
              + "\")");
    } catch (RuntimeException | LinkageError e) {
      return Availability.unavailable("vector backend probe failed: " + e);
    }
  }

  @Override
  public Backend create(BackendOptions options) {
    Availability availability = probe();
    if (!availability.isAvailable()) {
      throw new BackendUnavailableException("vector backend: " + availability.reason());
    }
    int threads = options.getInt("threads", Runtime.getRuntime().availableProcessors());
    if (threads < 1) {
      throw new IllegalArgumentException(
          "backend option 'threads' must be at least 1, got " + threads);
    }
    String scalarValue = options.get(SCALAR).orElse(System.getProperty(SCALAR, "false"));
    boolean scalar = Boolean.parseBoolean(scalarValue.trim());
    long poolBytes = poolBytes(options);
    return new VectorBackend(
        new Parallel(threads), !scalar, new SizeKeyedPool<>(POOL_PER_SIZE, poolBytes));
  }

  private static long poolBytes(BackendOptions options) {
    String value = options.get("poolBytes").orElse(null);
    if (value == null) {
      return DEFAULT_POOL_BYTES;
    }
    try {
      long bytes = Long.parseLong(value.trim());
      if (bytes >= 0) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // reported below with the option's name
    }
    throw new IllegalArgumentException(
        "backend option 'poolBytes' must be a byte count >= 0, got '" + value + "'");
  }
}
