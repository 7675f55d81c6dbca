package dev.stratum.conformance.vector;

import dev.stratum.backend.BackendOptions;
import dev.stratum.conformance.ProviderConformanceKit;

/**
 * The whole kit on the vector backend with its scalar path forced: the same kernels without SIMD,
 * so both paths are held to the same contract.
 */
class ScalarPathConformanceTest extends ProviderConformanceKit {

  @Override
  protected String providerName() {
    return "vector";
  }

  @Override
  protected BackendOptions backendOptions() {
    return BackendOptions.of("stratum.vector.scalar", "true");
  }
}
