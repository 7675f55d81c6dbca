package dev.stratum.backend.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every way the probe can fail gives a reason a user can act on, and never an exception: the
 * failures are injected here (a missing library, no driver, no device, an unknown device name); a
 * real compiler's rejection is in {@link OpenClBackendTest}, and real missing libraries and drivers
 * in {@link OpenClUnavailableTest}.
 */
class OpenClProviderTest {

  private static OpenClBackendProvider.Probe probe(
      java.util.function.Supplier<List<ClRuntime.ClDevice>> devices, String selector) {
    return OpenClBackendProvider.probe(devices, selector, () -> "kernel void k() {}");
  }

  @Test
  void aMissingLibrarySaysWhatToInstall() {
    var probe =
        probe(
            () -> {
              throw new UnsatisfiedLinkError(
                  "Could not initialize native OpenCL library. Implementation library could not"
                      + " be loaded");
            },
            "");
    assertThat(probe.availability().isAvailable()).isFalse();
    assertThat(probe.device()).isNull();
    assertThat(probe.availability().reason())
        .startsWith("libOpenCL.so could not be loaded (java.lang.UnsatisfiedLinkError")
        .contains("ocl-icd-opencl-dev", "pocl-opencl-icd");
  }

  @Test
  void noDriverSaysWhatToInstall() {
    var probe =
        probe(
            () -> {
              throw new OpenClException("clGetPlatformIDs", "count platforms", -1001);
            },
            "");
    assertThat(probe.availability().reason())
        .startsWith("no OpenCL platform found (CL_PLATFORM_NOT_FOUND_KHR")
        .contains("pocl-opencl-icd");
  }

  @Test
  void noDeviceSaysSo() {
    assertThat(probe(List::of, "").availability().reason())
        .startsWith("OpenCL found a driver but no device");
  }

  @Test
  void aProviderNeverThrowsAndIsNamedOpencl() {
    OpenClBackendProvider provider = new OpenClBackendProvider();
    assertThat(provider.name()).isEqualTo("opencl");
    assertThat(provider.probe()).isNotNull();
    assertThat(provider.priority())
        .isIn(OpenClBackendProvider.GPU_PRIORITY, OpenClBackendProvider.CPU_PRIORITY);
  }
}
