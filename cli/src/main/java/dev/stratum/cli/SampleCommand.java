package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.cli.kind.ModelKind;
import dev.stratum.cli.kind.ModelKinds;
import dev.stratum.cli.kind.SampleGrid;
import dev.stratum.cli.kind.Samples;
import dev.stratum.cli.picture.Picture;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Draws images a trained generative model (a VAE, a GAN) makes from random codes, as a PNG. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generate images from random codes with a trained model and draw them as a PNG grid.",
      "Works with runs of models that generate images (vae, gan). The same --seed gives the same"
          + " images."
    })
final class SampleCommand implements Callable<Integer> {

  static final int MAX_COUNT = 1000;
  static final int MAX_COLUMNS = 50;

  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description = "Run folder written by 'stratum train' (or its best/ or last/ checkpoint).")
  Path run;

  @Option(
      names = "--checkpoint",
      description = "best or last (default: best, or the checkpoint folder given as RUN).")
  SavedRunOptions.Checkpoint checkpoint;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "64",
      description = "Images to generate, 1 to " + MAX_COUNT + " (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--columns",
      paramLabel = "N",
      defaultValue = "8",
      description = "Images per row, 1 to " + MAX_COLUMNS + " (default: ${DEFAULT-VALUE}).")
  int columns;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the random codes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      defaultValue = "samples.png",
      description = "PNG file to write (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--overwrite", description = "Replace --output if it exists.")
  boolean overwrite;

  @Mixin BackendOption backendOption;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (count < 1 || count > MAX_COUNT) {
      throw bad("--count must be between 1 and " + MAX_COUNT + ", got " + count);
    }
    if (columns < 1 || columns > MAX_COLUMNS) {
      throw bad("--columns must be between 1 and " + MAX_COLUMNS + ", got " + columns);
    }
    OutputFiles.requirePng(spec, "--output", output);
    OutputFiles.refuseExisting(spec, "--output", output, overwrite);
    SavedRun.Header header = SavedRun.read(run);
    if (checkpoint != null) {
      header = header.withCheckpoint(checkpoint.name());
    }
    if (!(header.kind() instanceof Samples)) {
      throw bad(
          "the run in "
              + header.folder().root()
              + " trained '"
              + header.kind().name()
              + "', which does not generate images; sample works with runs of: "
              + String.join(", ", ModelKinds.namesWith(Samples.class)));
    }
    Backend backend = backendOption.choose(out, spec.commandLine().getErr());
    try (SavedRun saved = header.load(backend)) {
      Picture picture = draw(saved.kind(), saved, backend);
      out.println(picture.caption());
      out.println("wrote " + output.toAbsolutePath());
    }
    out.flush();
    return 0;
  }

  @SuppressWarnings("unchecked")
  private <K extends ModelKind & Samples> Picture draw(
      ModelKind kind, SavedRun saved, Backend backend) throws IOException {
    return SampleGrid.write((K) kind, saved.model(), backend, count, columns, seed, output);
  }

  private CommandLine.ParameterException bad(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
