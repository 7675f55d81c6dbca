package dev.stratum.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code stratum} command line: the root command, its subcommands, and what a person sees when
 * something goes wrong.
 *
 * <p>A mistake in the options prints one line naming the option and the value, and a pointer to
 * {@code --help}; exit status 2. A failure while running prints its message alone (the chain of
 * causes joined, no stack trace); {@code --verbose} adds the trace; exit status 1, or 3 when
 * training diverged. See {@link Errors}.
 */
@Command(
    name = "stratum",
    mixinStandardHelpOptions = true,
    version = "stratum 0.1.0-SNAPSHOT",
    description = "Deep learning on the JVM: train, evaluate and inspect models on Fashion-MNIST.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      EncodeCommand.class,
      ReconstructCommand.class,
      SampleCommand.class,
      AnomalyCommand.class,
      BackendsCommand.class,
      DemoCommand.class,
      ExportCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:done",
      "1:failed (the message says why; --verbose adds the stack trace)",
      "2:bad options",
      "3:training diverged"
    })
public final class StratumCommand implements Runnable {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "On failure, print the stack trace as well as the message.")
  boolean verbose;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** Where the Trainer's progress goes: the terminal bar needs the real System.out. */
  private final PrintStream progress;

  /** The command as {@link #main} runs it, printing on {@code System.out}. */
  public StratumCommand() {
    this(System.out);
  }

  private StratumCommand(PrintStream progress) {
    this.progress = progress;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The stream training progress is printed on. */
  PrintStream progress() {
    return progress;
  }

  /** The command line with the error handling of {@link Errors}, printing on System.out/err. */
  public static CommandLine commandLine() {
    return Errors.install(new CommandLine(new StratumCommand()));
  }

  /**
   * The command line printing on {@code out} and {@code err}, training progress included (for tests
   * and embedding: everything a run prints lands in {@code out}, in order).
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    PrintStream progress =
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
              }

              @Override
              public void write(byte[] bytes, int offset, int length) {
                out.write(new String(bytes, offset, length, StandardCharsets.UTF_8));
              }

              @Override
              public void flush() {
                out.flush();
              }
            },
            true,
            StandardCharsets.UTF_8);
    CommandLine cli = new CommandLine(new StratumCommand(progress));
    cli.setOut(out).setErr(err);
    return Errors.install(cli);
  }

  public static void main(String[] args) {
    // charts and image grids draw with AWT; there is never a display to open
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    // Backends logs its choice among several through java.util.logging: one line, not two
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%n");
    }
    System.exit(commandLine().execute(args));
  }
}
