package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendProvider;
import dev.stratum.backend.Backends;
import dev.stratum.backend.ProviderStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Lists the backends on the classpath, whether each can run here, the devices each provider
 * describes through the SPI ({@link BackendProvider#listDevices()}, marking the one it would use),
 * and which backend is the default. It names no backend class, so a third party's backend is listed
 * the same way.
 */
@Command(
    name = "backends",
    mixinStandardHelpOptions = true,
    description = "List the backends found, their devices, and which one would be used.")
final class BackendsCommand implements Callable<Integer> {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (ProviderStatus status : Backends.providers()) {
      out.printf(
          "%-12s priority %4d  %s%n",
          status.name(),
          status.priority(),
          status.availability().isAvailable()
              ? "available"
              : "unavailable: " + status.availability().reason());
      printDevices(out, status);
    }
    try {
      Backend chosen = Backends.get();
      out.println("default: " + chosen.name() + " (" + chosen.device() + ")");
      String note =
          BackendOption.fallbackNote(
              chosen.name(), Backends.providers(), System::getProperty, System::getenv);
      if (note != null) {
        out.println(note);
      }
      return 0;
    } catch (RuntimeException e) {
      out.println("default: none. " + e.getMessage());
      return 1;
    }
  }

  private static void printDevices(PrintWriter out, ProviderStatus status) {
    if (!status.availability().isAvailable()) {
      return; // the reason is on the line above
    }
    List<BackendProvider.DeviceDescription> devices = status.provider().listDevices();
    if (devices.isEmpty()) {
      return;
    }
    String selection = status.provider().deviceSelection();
    out.println(
        "  "
            + status.name()
            + " devices"
            + (selection.isEmpty() ? "" : " (choose with " + selection + ")")
            + ":");
    for (BackendProvider.DeviceDescription device : devices) {
      out.println((device.selected() ? "    * " : "      ") + device.description());
    }
  }
}
