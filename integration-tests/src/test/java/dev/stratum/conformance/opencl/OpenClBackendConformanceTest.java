package dev.stratum.conformance.opencl;

import dev.stratum.backend.opencl.OpenClBackendProvider;
import dev.stratum.backend.opencl.RequiresOpenCl;
import dev.stratum.conformance.ProviderConformanceKit;

/**
 * The whole kit on the OpenCL backend (PoCL here and in CI), found through its service
 * registration. Skipped with one line where no OpenCL device exists, failed instead under CI=true.
 */
@RequiresOpenCl
class OpenClBackendConformanceTest extends ProviderConformanceKit {

  @Override
  protected String providerName() {
    return "opencl";
  }

  /**
   * Bit-identical normals need double precision on the device (Box-Muller in double, as {@link
   * dev.stratum.random.Philox} computes it). A device without fp64 computes them in float, whose
   * log, sqrt, sin and cos are allowed 4 ulps each by OpenCL: 1e-5 relative covers that.
   */
  @Override
  protected double normalTolerance() {
    var device = OpenClBackendProvider.probedDevice();
    return device == null || device.fp64() ? 0 : 1e-5;
  }
}
