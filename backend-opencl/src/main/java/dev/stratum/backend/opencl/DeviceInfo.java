package dev.stratum.backend.opencl;

import java.util.Locale;

/**
 * What an OpenCL device is: returned by {@link OpenClBackend#deviceInfo()} and listed by {@link
 * OpenClBackendProvider#devices()}. {@code index} is the device's position in that list, the number
 * {@code stratum.opencl.device} selects it by.
 *
 * @param index position among all devices of all platforms, in the order the ICD loader gives
 * @param name the device name, such as {@code pthread-haswell-AMD EPYC}
 * @param vendor the device vendor
 * @param platform the platform (driver) name, such as {@code Portable Computing Language}
 * @param type {@code GPU}, {@code CPU}, {@code ACCELERATOR} or {@code OTHER}
 * @param globalMemoryBytes the device's global memory
 * @param maxAllocationBytes the largest single buffer the device allows
 * @param computeUnits parallel compute units (cores of a CPU, SMs/CUs of a GPU)
 * @param version the device's OpenCL version string
 * @param fp64 whether the device has double precision ({@code cl_khr_fp64})
 */
public record DeviceInfo(
    int index,
    String name,
    String vendor,
    String platform,
    String type,
    long globalMemoryBytes,
    long maxAllocationBytes,
    int computeUnits,
    String version,
    boolean fp64) {

  /** Whether this is a GPU (or another accelerator), which should win over the CPU backend. */
  public boolean isGpu() {
    return type.equals("GPU") || type.equals("ACCELERATOR");
  }

  /** One line for humans, as {@link OpenClBackend#device()} gives it. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%s #%d: %s (%s, %s), %.1f GiB, %d compute units, %s",
        type,
        index,
        name,
        vendor,
        platform,
        globalMemoryBytes / (double) (1L << 30),
        computeUnits,
        version);
  }
}
