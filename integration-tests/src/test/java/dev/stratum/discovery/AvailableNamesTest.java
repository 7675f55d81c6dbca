package dev.stratum.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backends;
import dev.stratum.backend.ProviderStatus;
import org.junit.jupiter.api.Test;

class AvailableNamesTest {

  @Test
  void listsExactlyTheAvailableProvidersInPriorityOrder() {
    // vector (priority 100) and the scalar test backend (priority 0) are both on this classpath
    assertThat(Backends.availableNames()).containsSubsequence("vector", "scalar");
    assertThat(Backends.availableNames())
        .containsExactlyElementsOf(
            Backends.providers().stream()
                .filter(status -> status.availability().isAvailable())
                .map(ProviderStatus::name)
                .toList());
  }
}
