package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help on every command, and mistakes in the options: one line naming the value, exit 2. */
class CommandLineTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "train",
        "evaluate",
        "encode",
        "reconstruct",
        "sample",
        "anomaly",
        "backends",
        "demo"
      })
  void everySubcommandHasHelp(String command) {
    Cli.Result help = Cli.run(command, "--help");
    assertThat(help.code()).as(help.all()).isZero();
    assertThat(help.out()).contains("Usage: stratum " + command).contains("--help");
    assertThat(Cli.run("help", command).out()).isEqualTo(help.out());
  }

  @Test
  void rootHelpListsTheCommandsAndExitStatuses() {
    Cli.Result help = Cli.run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("train", "evaluate", "encode", "reconstruct", "sample", "anomaly", "backends")
        .contains("3   training diverged");
  }

  @Test
  void trainHelpListsTheModels() {
    assertThat(Cli.run("train", "--help").out())
        .contains("--model=NAME           mlp, cnn, recurrent, autoencoder,")
        .contains("contractive-autoencoder, conv-autoencoder, vae,")
        .contains("gan (default: autoencoder).");
  }

  @Test
  void anUnknownOptionIsOneLineWithASuggestionAndNoTrace() {
    Cli.Result r = Cli.run("train", "--epoch", "3");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("stratum train: Unknown options: '--epoch', '3'")
        .contains("--epochs")
        .contains("Run 'stratum train --help' for the options.")
        .doesNotContain("\tat ");
  }

  @Test
  void anUnknownModelListsTheKnownOnes() {
    Cli.Result r = Cli.run("train", "--model", "transformer");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "unknown model 'transformer'; known models: mlp, cnn, recurrent, autoencoder,"
                + " sparse-autoencoder, denoising-autoencoder, contractive-autoencoder,"
                + " conv-autoencoder, vae, gan");
  }

  @Test
  void negativeEpochsFailBeforeTheBackendOrTheDataAreTouched() {
    Cli.Result r = Cli.run("train", "--epochs", "-1", "--data", Cli.SUBSET.toString());
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err()).contains("stratum train: --epochs must be at least 1, got -1");
    assertThat(r.out()).doesNotContain("backend:").doesNotContain("data:");
  }

  @Test
  void anUnknownOptimizerIsAShortMessageWithoutATrace() {
    Cli.Result r =
        Cli.run(
            "train",
            "--model",
            "mlp",
            "--optimizer",
            "{\"optimizer\": \"adamm\", \"lr\": 0.1}",
            "--data",
            Cli.SUBSET.toString(),
            "--run-dir",
            dir.resolve("run").toString(),
            "--backend",
            "vector");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err()).startsWith("stratum train: --optimizer: ").contains("adamm");
    assertThat(r.err().lines().count()).isLessThanOrEqualTo(3);
    assertThat(r.out()).doesNotContain("data:");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void aMissingDataFolderIsNamed() {
    Path missing = dir.resolve("nothing-here");
    Cli.Result r = Cli.run("train", "--data", missing.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--data " + missing + ": no such folder");
  }

  @Test
  void aDataFolderWithoutTheFilesSaysWhichIsMissing() throws Exception {
    Cli.Result r = Cli.run("train", "--data", dir.toString(), "--backend", "vector");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("train-images-idx3-ubyte.gz").contains("is missing");
    assertThat(r.out()).doesNotContain("backend:");
  }

  @Test
  void aRunFolderThatCannotBeCreatedFailsBeforeTheDataLoads() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    Cli.Result r =
        Cli.run(
            "train",
            "--model",
            "mlp",
            "--data",
            Cli.SUBSET.toString(),
            "--run-dir",
            file.resolve("run").toString(),
            "--backend",
            "vector");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.err()).startsWith("stratum train: ").contains(file.toString());
    assertThat(r.out()).doesNotContain("data:");
  }

  @Test
  void codeSizeOnAClassifierIsRefused() {
    Cli.Result r = Cli.run("train", "--model", "mlp", "--code-size", "2");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--code-size applies to autoencoder, sparse-autoencoder, denoising-autoencoder,"
                + " contractive-autoencoder, vae, gan; 'mlp' does not take it");
  }

  @Test
  void verbosePrintsTheStackTraceToo() {
    Path missing = dir.resolve("no-run");
    Cli.Result quiet = Cli.run("evaluate", missing.toString());
    Cli.Result verbose = Cli.run("evaluate", missing.toString(), "--verbose");
    assertThat(quiet.code()).isEqualTo(1);
    assertThat(quiet.err()).isEqualTo("stratum evaluate: " + missing + ": no such run folder\n");
    assertThat(verbose.code()).isEqualTo(1);
    assertThat(verbose.err())
        .startsWith("stratum evaluate: " + missing + ": no such run folder")
        .contains("\tat dev.stratum.cli.");
  }

  @Test
  void anUnknownBackendNamesTheProvidersFound() {
    Cli.Result r = Cli.run("demo", "--steps", "1", "--backend", "cuda");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("Backend 'cuda' was requested by name, but no provider of that name")
        .contains("vector (priority 100");
  }
}
