package dev.stratum.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the command line in this JVM as a person would, capturing everything it prints. */
final class Cli {

  /** The 1,000-image subset in testdata/ at the top of the repository (the build passes it). */
  static final Path SUBSET =
      Path.of(System.getProperty("stratum.testdata", "../testdata"), "fashion-mnist-subset");

  private Cli() {}

  /** What a run printed and returned. */
  record Result(int code, String out, String err) {
    /** Both streams, for assertion messages. */
    String all() {
      return "exit " + code + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        StratumCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
