package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.BackendProvider;
import dev.stratum.backend.Backends;
import dev.stratum.backend.ProviderStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

  @Test
  void demoLearnsTheSpiralsFarBetterThanChance() {
    DemoCommand.Result result = DemoCommand.train(Backends.get("vector"), 600, 42, (s, l) -> {});
    // chance is 1/3 and the initial loss about ln 3 ≈ 1.10
    assertThat(result.firstLoss()).isBetween(0.9f, 1.3f);
    assertThat(result.lastLoss()).isLessThan(result.firstLoss() / 2);
    assertThat(result.accuracy()).isGreaterThan(0.8f);
  }

  @Test
  void demoCommandPrintsTheLossFalling() {
    StringWriter text = new StringWriter();
    CommandLine cli = new CommandLine(new StratumCommand()).setOut(new PrintWriter(text));
    int code = cli.execute("demo", "--steps", "100", "--backend", "vector");
    assertThat(code).isZero();
    assertThat(text.toString())
        .contains("backend: vector")
        .containsPattern("step    0  loss 1\\.\\d{4}")
        .contains("training accuracy");
  }

  @Test
  void backendsCommandListsTheVectorBackend() {
    StringWriter text = new StringWriter();
    int code =
        new CommandLine(new StratumCommand()).setOut(new PrintWriter(text)).execute("backends");
    assertThat(code).isZero();
    assertThat(text.toString())
        .containsPattern("vector\\s+priority\\s+100\\s+available")
        .contains("default: vector");
  }

  @Test
  void backendsCommandListsEachProvidersDevicesThroughTheSpi() {
    ProviderStatus opencl =
        Backends.providers().stream().filter(p -> p.name().equals("opencl")).findFirst().get();
    if (!opencl.availability().isAvailable()) {
      String missing =
          "needs an OpenCL driver (apt-get install ocl-icd-libopencl1 pocl-opencl-icd): "
              + opencl.availability().reason();
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI installs OpenCL, yet this test " + missing);
      }
      Assumptions.abort(missing);
    }
    List<BackendProvider.DeviceDescription> devices = opencl.provider().listDevices();
    assertThat(devices).isNotEmpty();
    assertThat(devices).filteredOn(BackendProvider.DeviceDescription::selected).hasSize(1);
    StringWriter text = new StringWriter();
    new CommandLine(new StratumCommand()).setOut(new PrintWriter(text)).execute("backends");
    String selected =
        devices.stream()
            .filter(BackendProvider.DeviceDescription::selected)
            .findFirst()
            .get()
            .description();
    assertThat(text.toString())
        .contains("opencl devices (choose with -Dstratum.opencl.device=INDEX or part of a name):")
        .contains("    * " + selected);
  }
}
