package dev.stratum.backend.opencl;

import dev.stratum.backend.Backends;

/** Run in a child JVM by {@link OpenClUnavailableTest}: prints the probe's verdict, then exits. */
public final class ProbeMain {

  private ProbeMain() {}

  public static void main(String[] args) {
    OpenClBackendProvider provider = new OpenClBackendProvider();
    System.out.println("available=" + provider.probe().isAvailable());
    System.out.println("priority=" + provider.priority());
    System.out.println("reason=" + provider.probe().reason());
    System.out.println("describe=" + Backends.describe().replace('\n', ' '));
  }
}
