package dev.stratum.conformance.vector;

import dev.stratum.conformance.ProviderConformanceKit;

/** The whole kit on the SIMD CPU backend, found through its service registration. */
class VectorBackendConformanceTest extends ProviderConformanceKit {

  @Override
  protected String providerName() {
    return "vector";
  }
}
