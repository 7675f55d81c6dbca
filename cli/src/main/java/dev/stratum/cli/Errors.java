package dev.stratum.cli;

import dev.stratum.cli.run.TrainingDivergedException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What the tool prints when something goes wrong. The underlying messages already name the value
 * and what was expected, so the tool prints the message alone, prefixed by the command ({@code
 * stratum train: ...}), with each cause's message appended when it adds something; {@code
 * --verbose} prints the stack trace too. Exceptions that are not one of the expected kinds (a
 * {@link NullPointerException}, say) are bugs: their line says so.
 */
final class Errors {

  /** Something failed while running; the message says what. */
  static final int FAILED = 1;

  /** The options were wrong; nothing ran. */
  static final int BAD_OPTIONS = 2;

  /** Training diverged (loss NaN, infinite or growing without bound). */
  static final int DIVERGED = 3;

  /** The kinds of failure a person can act on from the message alone. */
  private static final Set<Class<? extends Exception>> EXPECTED =
      Set.of(
          IllegalArgumentException.class,
          IllegalStateException.class,
          UnsupportedOperationException.class,
          java.io.IOException.class,
          java.io.UncheckedIOException.class,
          dev.stratum.backend.BackendUnavailableException.class,
          TrainingDivergedException.class);

  private Errors() {}

  static CommandLine install(CommandLine cli) {
    cli.setParameterExceptionHandler(Errors::badOptions);
    cli.setExecutionExceptionHandler(Errors::failed);
    return cli;
  }

  private static int badOptions(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String command = cmd.getCommandSpec().qualifiedName();
    err.println(command + ": " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + command + " --help' for the options.");
    err.flush();
    return BAD_OPTIONS;
  }

  private static int failed(Exception e, CommandLine cmd, ParseResult parsed) {
    if (e instanceof ParameterException bad) {
      return badOptions(bad, parsed.originalArgs().toArray(String[]::new));
    }
    PrintWriter err = cmd.getErr();
    cmd.getOut().flush();
    String command = cmd.getCommandSpec().qualifiedName();
    if (verbose(cmd.getCommandSpec().root().commandLine().getParseResult())) {
      err.println(command + ": " + message(e));
      e.printStackTrace(err);
    } else if (expected(e)) {
      err.println(command + ": " + message(e));
    } else {
      err.println(
          command
              + ": internal error: "
              + e.getClass().getSimpleName()
              + ": "
              + message(e)
              + " (this is a bug: run again with --verbose and report the stack trace)");
    }
    err.flush();
    return e instanceof TrainingDivergedException ? DIVERGED : FAILED;
  }

  private static boolean expected(Throwable e) {
    return EXPECTED.stream().anyMatch(type -> type.isInstance(e));
  }

  /** Whether {@code --verbose} was given anywhere on the command line. */
  private static boolean verbose(ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** The exception's message followed by each cause's, where it adds something. */
  static String message(Throwable e) {
    StringBuilder text = new StringBuilder(describe(e));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      String more = describe(cause);
      if (!text.toString().contains(more)) {
        text.append(": ").append(more);
      }
    }
    return text.toString();
  }

  /** A message for one throwable; file-system exceptions carry only a path, so add what it is. */
  private static String describe(Throwable e) {
    if (e instanceof FileSystemException fs) {
      String what =
          switch (fs) {
            case NoSuchFileException x -> "no such file or folder";
            case AccessDeniedException x -> "permission denied";
            case FileAlreadyExistsException x -> "already exists";
            case NotDirectoryException x -> "not a folder";
            case DirectoryNotEmptyException x -> "folder not empty";
            default -> fs.getReason() != null ? fs.getReason() : "file system error";
          };
      return fs.getFile()
          + ": "
          + what
          + (fs.getOtherFile() != null ? " (" + fs.getOtherFile() + ")" : "");
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
