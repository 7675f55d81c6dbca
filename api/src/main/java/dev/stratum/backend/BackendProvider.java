package dev.stratum.backend;

import java.util.List;

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

  /**
   * The devices this provider can run on, for listings such as {@code stratum backends}, with the
   * one {@link #create} would use by default marked {@linkplain DeviceDescription#selected()
   * selected}. Empty (the default) when the provider has one fixed device or is unavailable. Like
   * {@link #probe()}, it never throws.
   */
  default List<DeviceDescription> listDevices() {
    return List.of();
  }

  /**
   * How a user chooses among {@link #listDevices()}, such as {@code "-Dstratum.opencl.device=INDEX
   * or part of a name"}; empty when there is nothing to choose.
   */
  default String deviceSelection() {
    return "";
  }

  /** One device of a provider: a line describing it, and whether it is the default choice. */
  record DeviceDescription(String description, boolean selected) {}
}
