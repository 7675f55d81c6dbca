package dev.stratum.backend.vector;

import dev.stratum.backend.Availability;

/** Run in a child JVM started without the incubator module; prints what the probe says. */
public final class ProbeWithoutModule {

  private ProbeWithoutModule() {}

  public static void main(String[] args) {
    Availability availability = new VectorBackendProvider().probe();
    System.out.println("available=" + availability.isAvailable());
    System.out.println(availability.reason());
  }
}
