package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Availability;
import dev.stratum.backend.ProviderStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one line that says a better backend was passed over, and why. */
class BackendOptionTest {

  private static final String REASON =
      "module jdk.incubator.vector is not resolved: start java with --add-modules jdk.incubator.vector";

  private static final List<ProviderStatus> VECTOR_MISSING =
      List.of(
          new ProviderStatus(null, "vector", 100, Availability.unavailable(REASON)),
          new ProviderStatus(null, "opencl", 50, Availability.available()));

  @Test
  void aLowerBackendChosenBecauseAHigherIsUnavailableSaysSoInOneLine() {
    String note = BackendOption.fallbackNote("opencl", VECTOR_MISSING, k -> null, k -> null);
    assertThat(note)
        .isEqualTo(
            "note: running on 'opencl' because 'vector' (priority 100) is unavailable: " + REASON)
        .doesNotContain("\n");
  }

  @Test
  void noNoteWhenTheUserNamedTheBackend() {
    assertThat(
            BackendOption.fallbackNote(
                "opencl",
                VECTOR_MISSING,
                k -> k.equals("stratum.backend") ? "opencl" : null,
                k -> null))
        .isNull();
    assertThat(
            BackendOption.fallbackNote(
                "opencl",
                VECTOR_MISSING,
                k -> null,
                k -> k.equals("STRATUM_BACKEND") ? "opencl" : null))
        .isNull();
  }

  @Test
  void noNoteWhenNothingBetterWasPassedOver() {
    List<ProviderStatus> both =
        List.of(
            new ProviderStatus(null, "vector", 100, Availability.available()),
            new ProviderStatus(null, "opencl", 50, Availability.unavailable("no OpenCL driver")));
    assertThat(BackendOption.fallbackNote("vector", both, k -> null, k -> null)).isNull();
  }

  @Test
  void theBackendsCommandNamesTheDefaultAndNoNoteWhenVectorRuns() {
    Cli.Result r = Cli.run("backends");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("default: vector").doesNotContain("note:");
  }
}
