package dev.stratum.cli;

import dev.stratum.backend.Backends;
import dev.stratum.backend.ProviderStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Lists the backends on the classpath, whether each can run here, and which one is the default. */
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
    try {
      out.println("default: " + Backends.get().name() + " (" + Backends.get().device() + ")");
      return 0;
    } catch (RuntimeException e) {
      out.println("default: none. " + e.getMessage());
      return 1;
    }
  }
}
