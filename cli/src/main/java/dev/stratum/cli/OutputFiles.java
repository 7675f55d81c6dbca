package dev.stratum.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The checks every command that writes a file runs on its output option, with one wording. */
final class OutputFiles {

  private OutputFiles() {}

  /** Refuses {@code file} when it exists and {@code --overwrite} was not given. */
  static void refuseExisting(CommandSpec spec, String option, Path file, boolean overwrite) {
    if (Files.exists(file) && !overwrite) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " " + file + " exists; pass --overwrite to replace it");
    }
  }

  /** Refuses a picture's file name that does not end in {@code .png}. */
  static void requirePng(CommandSpec spec, String option, Path file) {
    requireSuffix(spec, option, file, ".png", "the picture is a PNG");
  }

  /**
   * Refuses a file name that does not end in {@code suffix} (any case), saying {@code why}: "--roc
   * r.txt: the picture is a PNG, so name it *.png".
   */
  static void requireSuffix(CommandSpec spec, String option, Path file, String suffix, String why) {
    if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(suffix)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " " + file + ": " + why + ", so name it *" + suffix);
    }
  }
}
