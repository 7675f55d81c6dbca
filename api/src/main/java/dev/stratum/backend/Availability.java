package dev.stratum.backend;

import java.util.Objects;

/**
 * Whether a provider can create its backend in this JVM, and if not, why, in a sentence that says
 * what to do ("module jdk.incubator.vector not resolved: run java with --add-modules
 * jdk.incubator.vector").
 */
public record Availability(boolean isAvailable, String reason) {

  private static final Availability AVAILABLE = new Availability(true, "available");

  public Availability {
    Objects.requireNonNull(reason, "reason");
  }

  public static Availability available() {
    return AVAILABLE;
  }

  public static Availability unavailable(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("an unavailable backend must say why");
    }
    return new Availability(false, reason);
  }
}
