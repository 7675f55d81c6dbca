package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.cli.kind.AutoencoderPictures;
import dev.stratum.cli.kind.ModelKind;
import dev.stratum.cli.kind.ModelKinds;
import dev.stratum.cli.kind.Reconstructs;
import dev.stratum.cli.kind.Trained;
import dev.stratum.cli.picture.Picture;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Draws images beside what a trained autoencoder makes of them. */
@Command(
    name = "reconstruct",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Draw the first images of each class beside their reconstructions, as a PNG.",
      "Works with runs of models that reconstruct their input (autoencoder, sparse-autoencoder,"
          + " denoising-autoencoder, contractive-autoencoder, conv-autoencoder, vae)."
    })
final class ReconstructCommand implements Callable<Integer> {

  @Mixin SavedRunOptions saved;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      defaultValue = "reconstructions.png",
      description = "PNG file to write (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(
      names = "--per-class",
      paramLabel = "N",
      defaultValue = "2",
      description = "Images of each class, 1 to 10 (default: ${DEFAULT-VALUE}).")
  int perClass;

  @Option(names = "--overwrite", description = "Replace --output if it exists.")
  boolean overwrite;

  @Mixin BackendOption backendOption;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (perClass < 1 || perClass > 10) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--per-class must be between 1 and 10, got " + perClass);
    }
    OutputFiles.requirePng(spec, "--output", output);
    OutputFiles.refuseExisting(spec, "--output", output, overwrite);
    SavedRun.Header header = saved.header();
    if (!(header.kind() instanceof Reconstructs)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "the run in "
              + header.folder().root()
              + " trained '"
              + header.kind().name()
              + "', which does not reconstruct its input; reconstruct works with runs of: "
              + String.join(", ", ModelKinds.namesWith(Reconstructs.class)));
    }
    String source = saved.source(header);
    Backend backend = backendOption.choose(out, spec.commandLine().getErr());
    try (SavedRun run = header.load(backend)) {
      Trained trained =
          new Trained(run.model(), run.config().settings(), saved.images(source, out), backend);
      Picture picture = draw(run.kind(), trained, output, perClass);
      out.println(picture.caption());
      out.println("wrote " + output.toAbsolutePath());
    }
    out.flush();
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static <K extends ModelKind & Reconstructs> Picture draw(
      ModelKind kind, Trained trained, Path file, int perClass) throws java.io.IOException {
    return AutoencoderPictures.reconstructions((K) kind, trained, file, perClass);
  }
}
