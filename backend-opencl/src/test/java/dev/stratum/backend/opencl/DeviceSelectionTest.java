package dev.stratum.backend.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The device choice rule, on made-up device lists: no driver needed. */
class DeviceSelectionTest {

  private static DeviceInfo device(int index, String name, String type) {
    return new DeviceInfo(
        index, name, "vendor", "platform", type, 1L << 30, 1L << 28, 4, "3.0", true);
  }

  private static final List<DeviceInfo> MIXED =
      List.of(
          device(0, "pthread-haswell-AMD EPYC", "CPU"),
          device(1, "NVIDIA GeForce RTX 4090", "GPU"),
          device(2, "Intel(R) Arc(TM) A770", "GPU"));

  @Test
  void withoutSelectorTheFirstGpuWins() {
    assertThat(DeviceSelection.choose(MIXED, null).index()).isEqualTo(1);
    assertThat(DeviceSelection.choose(MIXED, " ").index()).isEqualTo(1);
  }

  @Test
  void withoutAnyGpuTheFirstDeviceIsUsed() {
    assertThat(DeviceSelection.choose(MIXED.subList(0, 1), null).name()).contains("EPYC");
  }

  @Test
  void anIndexSelectsThatDevice() {
    assertThat(DeviceSelection.choose(MIXED, "0").type()).isEqualTo("CPU");
    assertThat(DeviceSelection.choose(MIXED, " 2 ").name()).startsWith("Intel");
  }

  @Test
  void partOfANameSelectsIgnoringCase() {
    assertThat(DeviceSelection.choose(MIXED, "arc").index()).isEqualTo(2);
    assertThat(DeviceSelection.choose(MIXED, "EPYC").index()).isEqualTo(0);
  }

  @Test
  void aSelectorThatMatchesNothingListsTheDevices() {
    assertThatThrownBy(() -> DeviceSelection.choose(MIXED, "radeon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "stratum.opencl.device=radeon: no device name contains 'radeon'; devices: 0 ="
                + " pthread-haswell-AMD EPYC (CPU), 1 = NVIDIA GeForce RTX 4090 (GPU), 2 ="
                + " Intel(R) Arc(TM) A770 (GPU)");
    assertThatThrownBy(() -> DeviceSelection.choose(MIXED, "7"))
        .hasMessageStartingWith("stratum.opencl.device=7: there is no device 7; devices: 0 =");
  }

  @Test
  void gpusAndAcceleratorsCountAsGpus() {
    assertThat(device(0, "x", "GPU").isGpu()).isTrue();
    assertThat(device(0, "x", "ACCELERATOR").isGpu()).isTrue();
    assertThat(device(0, "x", "CPU").isGpu()).isFalse();
  }
}
