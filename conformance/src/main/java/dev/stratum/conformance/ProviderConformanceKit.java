package dev.stratum.conformance;

import dev.stratum.backend.Availability;
import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.BackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The kit for a backend named by its provider: the provider is found through {@link ServiceLoader}
 * (so the test proves the {@code META-INF/services} registration too), probed, and asked to create
 * the backend. A provider that is missing or unavailable fails the whole class with the reason; it
 * is never skipped.
 */
public abstract class ProviderConformanceKit extends BackendConformanceKit {

  /** The name of the provider under test, as {@link BackendProvider#name()} gives it. */
  protected abstract String providerName();

  /** The options the backend is created with; the defaults unless overridden. */
  protected BackendOptions backendOptions() {
    return BackendOptions.defaults();
  }

  /** Adds a check that the backend is named after its provider and describes its device. */
  @Override
  protected List<ConformanceCase> additionalCases() {
    return List.of(
        ConformanceCase.of(
            "backend name is the provider name '" + providerName() + "', device is described",
            Kernel.MEMORY,
            ws -> {
              if (!ws.backend().name().equals(providerName())) {
                throw new AssertionError(
                    "Backend.name() is '"
                        + ws.backend().name()
                        + "', the provider's name is '"
                        + providerName()
                        + "'");
              }
              String device = ws.backend().device();
              if (device == null || device.isBlank()) {
                throw new AssertionError("Backend.device() must describe the device");
              }
            }));
  }

  @Override
  protected final Backend createBackend() {
    String wanted = providerName();
    List<String> found = new ArrayList<>();
    for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
      if (!provider.name().equals(wanted)) {
        found.add(provider.name());
        continue;
      }
      Availability availability = provider.probe();
      if (!availability.isAvailable()) {
        throw new IllegalStateException(
            "backend provider '" + wanted + "' is not available: " + availability.reason());
      }
      return provider.create(backendOptions());
    }
    throw new IllegalStateException(
        "no backend provider named '"
            + wanted
            + "' in META-INF/services/"
            + BackendProvider.class.getName()
            + " on the class path; found "
            + found);
  }
}
