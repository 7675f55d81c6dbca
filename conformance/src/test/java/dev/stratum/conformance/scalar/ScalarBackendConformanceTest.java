package dev.stratum.conformance.scalar;

import dev.stratum.conformance.ProviderConformanceKit;

/** The whole kit on the scalar test backend, found by name as any third-party backend would be. */
class ScalarBackendConformanceTest extends ProviderConformanceKit {

  @Override
  protected String providerName() {
    return "scalar";
  }
}
