package dev.stratum.cli;

import dev.stratum.backend.Backends;
import dev.stratum.backend.ProviderStatus;
import dev.stratum.backend.opencl.DeviceInfo;
import dev.stratum.backend.opencl.OpenClBackendProvider;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Lists the backends on the classpath, whether each can run here, the OpenCL devices (marking the
 * one the OpenCL backend would use), and which backend is the default.
 */
@Command(name = "backends", description = "List the backends found and which one would be used.")
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
    }
    printOpenClDevices(out);
    try {
      out.println("default: " + Backends.get().name() + " (" + Backends.get().device() + ")");
      return 0;
    } catch (RuntimeException e) {
      out.println("default: none. " + e.getMessage());
      return 1;
    }
  }

  private static void printOpenClDevices(PrintWriter out) {
    DeviceInfo chosen = OpenClBackendProvider.probedDevice();
    if (chosen == null) {
      return; // the reason is on the opencl line above
    }
    out.println("OpenCL devices (choose with -Dstratum.opencl.device=INDEX or part of a name):");
    for (DeviceInfo device : OpenClBackendProvider.devices()) {
      out.println((device.index() == chosen.index() ? "  * " : "    ") + device.describe());
    }
  }
}
