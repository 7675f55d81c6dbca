package dev.stratum.backend.opencl;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Picks a device from the list of all devices: the one named by a selector (an index into the list,
 * or a case-insensitive part of the device name), else the first GPU or accelerator, else the first
 * device of any kind. Pure logic over {@link DeviceInfo}, so it is tested without a driver.
 */
final class DeviceSelection {

  /** The system property that names the device. */
  static final String PROPERTY = "stratum.opencl.device";

  /** The backend option that names the device (it wins over the property). */
  static final String OPTION = "device";

  private DeviceSelection() {}

  /**
   * The device to use.
   *
   * @param selector an index or part of a name; null or blank for the default rule
   * @throws IllegalArgumentException when the selector matches no device, naming every device
   */
  static DeviceInfo choose(List<DeviceInfo> devices, String selector) {
    if (devices.isEmpty()) {
      throw new IllegalStateException("no OpenCL device found");
    }
    if (selector == null || selector.isBlank()) {
      return devices.stream().filter(DeviceInfo::isGpu).findFirst().orElse(devices.get(0));
    }
    String wanted = selector.trim();
    if (wanted.chars().allMatch(Character::isDigit)) {
      int index = Integer.parseInt(wanted);
      if (index < devices.size()) {
        return devices.get(index);
      }
      throw new IllegalArgumentException(
          PROPERTY + "=" + wanted + ": there is no device " + index + "; " + listing(devices));
    }
    String lower = wanted.toLowerCase(Locale.ROOT);
    return devices.stream()
        .filter(d -> d.name().toLowerCase(Locale.ROOT).contains(lower))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    PROPERTY
                        + "="
                        + wanted
                        + ": no device name contains '"
                        + wanted
                        + "'; "
                        + listing(devices)));
  }

  /** "devices: 0 = name (type), 1 = ..." */
  static String listing(List<DeviceInfo> devices) {
    return "devices: "
        + devices.stream()
            .map(d -> d.index() + " = " + d.name() + " (" + d.type() + ")")
            .collect(Collectors.joining(", "));
  }
}
