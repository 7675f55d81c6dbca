package dev.stratum.backend.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The runtime around the kernels: device report, memory accounting, errors, device choice. */
@RequiresOpenCl
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClBackendTest {

  private final OpenClBackendProvider provider = new OpenClBackendProvider();
  private OpenClBackend backend;

  @BeforeAll
  void open() {
    backend = (OpenClBackend) provider.create(BackendOptions.defaults());
  }

  @AfterAll
  void close() {
    backend.close();
  }

  @Test
  void reportsItsDevice() {
    DeviceInfo info = backend.deviceInfo();
    assertThat(info.name()).isNotBlank();
    assertThat(info.vendor()).isNotBlank();
    assertThat(info.globalMemoryBytes()).isPositive();
    assertThat(info.computeUnits()).isPositive();
    assertThat(backend.device()).contains(info.name()).contains("compute units").contains("GiB");
    assertThat(OpenClBackendProvider.devices()).contains(info);
    assertThat(provider.priority())
        .isEqualTo(
            info.isGpu() ? OpenClBackendProvider.GPU_PRIORITY : OpenClBackendProvider.CPU_PRIORITY);
  }

  @Test
  void tenThousandAllocateFreeCyclesLeaveMemoryAtItsBaseline() {
    backend.trimPool();
    int liveBefore = backend.liveStorages();
    long bytesBefore = backend.deviceBytes();
    int[] sizes = {1, 17, 1000, 4096, 33_333};
    for (int cycle = 0; cycle < 10_000; cycle++) {
      Storage s = backend.allocate(sizes[cycle % sizes.length]);
      if (cycle % 100 == 0) {
        backend.fill(s, 0, s.size(), cycle);
      }
      backend.release(s);
    }
    assertThat(backend.liveStorages()).isEqualTo(liveBefore);
    assertThat(backend.pooledBytes()).as("pool holds at most its bound").isPositive();
    backend.trimPool();
    assertThat(backend.pooledBytes()).isZero();
    assertThat(backend.deviceBytes())
        .as("device bytes after trimming the pool")
        .isEqualTo(bytesBefore);
  }

  @Test
  void thePoolReusesBuffers() {
    backend.trimPool();
    long before = backend.deviceBytes();
    Storage first = backend.allocate(1000);
    backend.release(first);
    Storage second = backend.allocate(1000);
    assertThat(backend.deviceBytes()).isEqualTo(before + 4000);
    backend.release(second);
  }

  @Test
  void moreMemoryThanTheDeviceHasFailsNamingTheBytes() {
    DeviceInfo info = backend.deviceInfo();
    List<Storage> held = new java.util.ArrayList<>();
    try {
      // one buffer above the device's single-allocation limit, where an int size can say so
      if (info.maxAllocationBytes() < 4L * Integer.MAX_VALUE) {
        int tooMany = (int) Math.min(Integer.MAX_VALUE, info.maxAllocationBytes() / 4 + 1);
        assertThatThrownBy(() -> backend.allocate(tooMany))
            .isInstanceOf(DeviceMemoryException.class)
            .hasMessageContaining(4L * tooMany + " bytes requested")
            .hasMessageContaining("allows at most " + info.maxAllocationBytes() + " bytes");
      }
      // then buffers of half the limit until the device's memory is spoken for
      int half = (int) Math.min(Integer.MAX_VALUE / 2, info.maxAllocationBytes() / 8);
      long requests = info.globalMemoryBytes() / (4L * half) + 2;
      DeviceMemoryException failure = null;
      for (long i = 0; i < requests && failure == null; i++) {
        try {
          held.add(backend.allocate(half));
        } catch (DeviceMemoryException e) {
          failure = e;
        }
      }
      assertThat(failure).as("allocating past the device memory").isNotNull();
      assertThat(failure.requested()).isEqualTo(4L * half);
      assertThat(failure.getMessage())
          .contains(4L * half + " bytes requested, but only " + failure.available())
          .contains("of the " + info.globalMemoryBytes() + " bytes of " + info.name());
    } finally {
      held.forEach(backend::release);
    }
  }

  @Test
  void badArgumentsAreRefusedOnTheHost() {
    Storage small = backend.allocate(4);
    Storage other = backend.allocate(4);
    try {
      assertThatThrownBy(() -> backend.unary(UnaryOp.EXP, 0, small, other, 5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("unary: a storage of 4 elements is too small, the kernel would touch 5");
      assertThatThrownBy(() -> backend.upload(new float[3], 0, small, 2, 3))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("upload destination: offset 2 and count 3 exceed the length 4");
      assertThatThrownBy(() -> backend.matmul(MatmulSpec.of(2, 2, 3), small, small, other))
          .hasMessage("matmul: a storage of 4 elements is too small, the kernel would touch 6");
      assertThatThrownBy(
              () ->
                  backend.copy(
                      new int[] {2, 2}, small, 0, new int[] {-1, 1}, other, 0, new int[] {2, 1}))
          .hasMessage("copy: strides reach below element 0");
      assertThatThrownBy(() -> backend.allocate(-1)).hasMessage("allocate: size -1 is negative");
    } finally {
      backend.release(other);
      backend.release(small);
    }
    assertThatThrownBy(() -> backend.fill(small, 0, 1, 0f))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("storage of 4 elements is used after it was released");
    assertThatThrownBy(() -> backend.release(small))
        .hasMessage("release: storage of 4 elements was already released");
  }

  @Test
  void storagesOfAnotherBackendAreRefused() {
    try (OpenClBackend second = (OpenClBackend) provider.create(BackendOptions.defaults())) {
      Storage foreign = second.allocate(2);
      assertThatThrownBy(() -> backend.fill(foreign, 0, 2, 1f))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("belongs to another OpenCL backend instance");
      second.release(foreign);
    }
  }

  @Test
  void driverErrorsNameTheCallTheKernelAndTheError() {
    // a work-group larger than any device allows: the driver itself refuses the launch
    try (OpenClBackend odd =
        (OpenClBackend)
            provider.create(
                new BackendOptions(
                    java.util.Map.of("gemmLocal", "4096x4096", "gemmSmallLimit", "0")))) {
      Storage a = odd.allocate(64);
      try {
        odd.fill(a, 0, 64, 1f);
        assertThatThrownBy(() -> odd.matmul(MatmulSpec.of(8, 8, 8), a, a, a))
            .isInstanceOf(OpenClException.class)
            .hasMessageStartingWith("clEnqueueNDRangeKernel(gemm_block): CL_INVALID_");
      } finally {
        odd.release(a);
      }
    }
  }

  @Test
  void aDeviceIsChosenByIndexOrName() {
    DeviceInfo first = OpenClBackendProvider.devices().get(0);
    String part = first.name().substring(0, Math.min(6, first.name().length())).toUpperCase();
    for (String selector : List.of("0", part)) {
      try (OpenClBackend chosen =
          (OpenClBackend) provider.create(BackendOptions.of("device", selector))) {
        assertThat(chosen.deviceInfo()).isEqualTo(first);
      }
    }
    assertThatThrownBy(() -> provider.create(BackendOptions.of("device", "no such device")))
        .hasMessageContaining("no device name contains 'no such device'; devices: 0 = ");
  }

  @Test
  void kernelsTheCompilerRejectsMakeTheProbeUnavailableWithTheBuildLog() {
    var probe =
        OpenClBackendProvider.probe(
            ClRuntime::devices,
            "",
            () -> "kernel void broken(global float* x) { x[0] = undeclared_name; }");
    assertThat(probe.availability().isAvailable()).isFalse();
    assertThat(probe.availability().reason())
        .startsWith("the Stratum OpenCL kernels do not build on this device: clBuildProgram")
        .contains("CL_BUILD_PROGRAM_FAILURE")
        .contains("undeclared_name");
  }
}
