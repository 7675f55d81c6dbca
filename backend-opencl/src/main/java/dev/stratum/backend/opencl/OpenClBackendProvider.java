package dev.stratum.backend.opencl;

import dev.stratum.backend.Availability;
import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.BackendProvider;
import dev.stratum.backend.BackendUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Finds the OpenCL backend for {@link java.util.ServiceLoader}. Nothing here touches JOCL until
 * {@link #probe()} runs, and the probe catches everything, {@link LinkageError} included: a missing
 * {@code libOpenCL.so}, no driver ({@code CL_PLATFORM_NOT_FOUND_KHR}), no device, a device name
 * that matches nothing, or kernels the device's compiler rejects (the build log goes into the
 * reason). The result is computed once per JVM and device selector and cached.
 *
 * <p><b>Priority.</b> 200 when the chosen device is a GPU or another accelerator, so a real GPU
 * wins over the CPU backend (100); 50 when it is a CPU device (PoCL, or a CPU driver from Intel or
 * AMD), which runs the same kernels more slowly than the vector backend does on the same cores.
 * {@code -Dstratum.backend=opencl} still selects it.
 *
 * <p>Options: {@code device} (an index into {@link #devices()} or part of a device name; the system
 * property {@code stratum.opencl.device} when absent; default: the first GPU, else the first
 * device), {@code poolBytes} (the most memory the buffer pool keeps, default a quarter of the
 * device memory up to 256 MiB), {@code gemmSmallLimit} (products of at most this many multiply-adds
 * skip packing, default 32768), {@code gemmLocal} (work-group of the GEMM kernel, default {@code
 * 8x8}) and {@code gemmLayout} ({@code rows} on a GPU, {@code panels} on a CPU device; see {@code
 * gemm.cl}).
 */
public final class OpenClBackendProvider implements BackendProvider {

  /** Priority when the device is a GPU or accelerator: above the vector backend's 100. */
  static final int GPU_PRIORITY = 200;

  /** Priority of a CPU device, or when unavailable: below the vector backend. */
  static final int CPU_PRIORITY = 50;

  /** What a user installs to get OpenCL, for every reason that says OpenCL is missing. */
  static final String INSTALL =
      "install the OpenCL ICD loader and a driver: on Debian/Ubuntu `apt-get install"
          + " ocl-icd-libopencl1 ocl-icd-opencl-dev pocl-opencl-icd` (PoCL runs on the CPU), or"
          + " your GPU vendor's OpenCL ICD (NVIDIA driver, AMD ROCm, Intel compute runtime)";

  /** The outcome of a probe: the availability, and the device it found when available. */
  record Probe(Availability availability, DeviceInfo device) {}

  private static final Map<String, Probe> PROBES = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "opencl";
  }

  @Override
  public int priority() {
    Probe probe = probeCached();
    return probe.device() != null && probe.device().isGpu() ? GPU_PRIORITY : CPU_PRIORITY;
  }

  @Override
  public Availability probe() {
    return probeCached().availability();
  }

  /** The device the default backend would use, or null when OpenCL is unavailable. */
  public static DeviceInfo probedDevice() {
    return probeCached().device();
  }

  /**
   * Every OpenCL device of every platform, in the order {@code stratum.opencl.device} counts them.
   *
   * @throws BackendUnavailableException when OpenCL cannot be loaded
   */
  public static List<DeviceInfo> devices() {
    try {
      return ClRuntime.devices().stream().map(ClRuntime.ClDevice::info).toList();
    } catch (RuntimeException | LinkageError e) {
      throw new BackendUnavailableException("opencl: " + reason(e));
    }
  }

  /** Every device, the one the default backend would use selected; empty without OpenCL. */
  @Override
  public List<DeviceDescription> listDevices() {
    DeviceInfo chosen = probedDevice();
    if (chosen == null) {
      return List.of(); // probe() says why
    }
    try {
      return devices().stream()
          .map(d -> new DeviceDescription(d.describe(), d.index() == chosen.index()))
          .toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  @Override
  public String deviceSelection() {
    return "-D" + DeviceSelection.PROPERTY + "=INDEX or part of a name";
  }

  private static Probe probeCached() {
    String selector = System.getProperty(DeviceSelection.PROPERTY, "").trim();
    return PROBES.computeIfAbsent(
        selector, s -> probe(ClRuntime::devices, s, KernelSource::program));
  }

  /** The probe itself, over any source of devices and kernels, so tests can make each step fail. */
  static Probe probe(
      Supplier<List<ClRuntime.ClDevice>> devices, String selector, Supplier<String> source) {
    try {
      ClRuntime.ClDevice device = choose(devices.get(), selector);
      ClRuntime.checkBuild(device, source.get());
      return new Probe(Availability.available(), device.info());
    } catch (RuntimeException | LinkageError e) {
      return new Probe(Availability.unavailable(reason(e)), null);
    }
  }

  private static ClRuntime.ClDevice choose(List<ClRuntime.ClDevice> devices, String selector) {
    if (devices.isEmpty()) {
      throw new IllegalStateException(
          "OpenCL found a driver but no device: check that the device is visible to this user"
              + " (`clinfo -l` lists them), or "
              + INSTALL);
    }
    DeviceInfo chosen =
        DeviceSelection.choose(devices.stream().map(ClRuntime.ClDevice::info).toList(), selector);
    return devices.get(chosen.index());
  }

  /** A sentence a user can act on, for whatever the probe or device listing threw. */
  static String reason(Throwable e) {
    if (e instanceof LinkageError) {
      return "libOpenCL.so could not be loaded ("
          + e
          + "); JOCL needs the unversioned library name: "
          + INSTALL;
    }
    if (e instanceof OpenClException cl && cl.code() == ClErrors.PLATFORM_NOT_FOUND_KHR) {
      return "no OpenCL platform found (CL_PLATFORM_NOT_FOUND_KHR: the ICD loader found no driver"
          + " in /etc/OpenCL/vendors or OCL_ICD_VENDORS): "
          + INSTALL;
    }
    if (e instanceof KernelBuildException) {
      return "the Stratum OpenCL kernels do not build on this device: " + e.getMessage();
    }
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
      return e.getMessage();
    }
    return "OpenCL probe failed: " + e;
  }

  @Override
  public Backend create(BackendOptions options) {
    String selector =
        options
            .get(DeviceSelection.OPTION)
            .orElse(System.getProperty(DeviceSelection.PROPERTY, ""))
            .trim();
    ClRuntime.ClDevice device;
    try {
      device = choose(ClRuntime.devices(), selector);
    } catch (RuntimeException | LinkageError e) {
      throw new BackendUnavailableException("opencl: " + reason(e));
    }
    long poolBytes =
        options.get("poolBytes").isPresent()
            ? options.getInt("poolBytes", 0)
            : Math.min(256L << 20, device.info().globalMemoryBytes() / 4);
    if (poolBytes < 0) {
      throw new IllegalArgumentException(
          "backend option 'poolBytes' must be a byte count >= 0, got " + poolBytes);
    }
    int smallLimit = options.getInt("gemmSmallLimit", (int) GemmKernels.DEFAULT_SMALL_LIMIT);
    boolean gpu = device.info().isGpu();
    int[] local = gemmLocal(options.get("gemmLocal").orElse("8x8"));
    String layout = options.get("gemmLayout").orElse(gpu ? "rows" : "panels").trim();
    if (!layout.equals("rows") && !layout.equals("panels")) {
      throw new IllegalArgumentException(
          "backend option 'gemmLayout' must be rows or panels, got '" + layout + "'");
    }
    ClRuntime runtime;
    try {
      runtime = new ClRuntime(device, KernelSource.program());
    } catch (KernelBuildException e) {
      throw new BackendUnavailableException("opencl: " + reason(e));
    }
    return new OpenClBackend(runtime, poolBytes, smallLimit, local, layout.equals("panels"));
  }

  private static int[] gemmLocal(String value) {
    String[] parts = value.trim().toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (parts.length == 2) {
        int x = Integer.parseInt(parts[0].trim());
        int y = Integer.parseInt(parts[1].trim());
        if (x > 0 && y > 0) {
          return new int[] {x, y};
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "backend option 'gemmLocal' must look like 8x8, got '" + value + "'");
  }
}
