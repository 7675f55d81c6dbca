package dev.stratum.backend;

/**
 * Entry point of a backend jar, found by {@link java.util.ServiceLoader} through {@code
 * META-INF/services/dev.stratum.backend.BackendProvider}.
 *
 * <p>Rules for implementers: the constructor and {@link #probe()} never throw; nothing loads a
 * native library in a static initialiser; nothing touches a class that needs a module or library
 * that may be absent until {@link #probe()} has checked it, and {@link #probe()} catches {@link
 * LinkageError} itself. The expensive work happens in {@link #create}.
 */
public interface BackendProvider {

  /**
   * Short lower-case name users select the backend by, such as {@code "vector"} or {@code
   * "opencl"}.
   */
  String name();

  /** Higher wins when no backend is named; the vector backend uses 100, GPU backends more. */
  int priority();

  /** Checks, cheaply and without throwing, whether {@link #create} can work in this JVM. */
  Availability probe();

  /** Creates a backend; called only after {@link #probe()} said it is available. */
  Backend create(BackendOptions options);
}
