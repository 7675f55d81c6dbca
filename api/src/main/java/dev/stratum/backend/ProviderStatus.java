package dev.stratum.backend;

/** One provider found on the classpath, with what its probe said. */
public record ProviderStatus(
    BackendProvider provider, String name, int priority, Availability availability) {

  /** {@code vector (priority 100, available)} or {@code ... unavailable: reason)}. */
  public String describe() {
    return name
        + " (priority "
        + priority
        + ", "
        + (availability.isAvailable() ? "available" : "unavailable: " + availability.reason())
        + ")";
  }
}
