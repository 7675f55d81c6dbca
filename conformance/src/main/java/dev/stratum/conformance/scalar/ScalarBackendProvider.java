package dev.stratum.conformance.scalar;

import dev.stratum.backend.Availability;
import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.BackendProvider;

/** Provides {@link ScalarBackend} as {@code "scalar"}, with priority 0 so it never wins. */
public final class ScalarBackendProvider implements BackendProvider {

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Availability probe() {
    return Availability.available();
  }

  @Override
  public Backend create(BackendOptions options) {
    return new ScalarBackend();
  }
}
