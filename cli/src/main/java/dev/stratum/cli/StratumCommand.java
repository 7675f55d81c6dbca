package dev.stratum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stratum} command line. */
@Command(
    name = "stratum",
    mixinStandardHelpOptions = true,
    version = "stratum 0.1.0-SNAPSHOT",
    description = "Deep learning on the JVM.",
    subcommands = {DemoCommand.class, TrainCommand.class, BackendsCommand.class})
public final class StratumCommand implements Runnable {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new StratumCommand()).execute(args));
  }
}
