package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.cli.run.RunFolder;
import dev.stratum.onnx.Onnx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes a trained run's model as an ONNX file ({@link Onnx#export}), with the run's {@code
 * run.json} as the {@code training} metadata property.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write a run's trained model as an ONNX file (opset "
          + Onnx.OPSET
          + ", any batch size), for ONNX Runtime or any ONNX server.",
      "The graph's input is 'input' [batch, ...sample shape], its output 'output'."
    })
final class ExportCommand implements Callable<Integer> {

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
      names = "--output",
      paramLabel = "FILE",
      defaultValue = "model.onnx",
      description = "ONNX file to write (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--overwrite", description = "Replace --output if it exists.")
  boolean overwrite;

  @Mixin BackendOption backendOption;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    OutputFiles.refuseExisting(spec, "--output", output, overwrite);
    SavedRun.Header header = SavedRun.read(run);
    if (checkpoint != null) {
      header = header.withCheckpoint(checkpoint.name());
    }
    String training = Files.readString(header.folder().root().resolve(RunFolder.CONFIG)).strip();
    Backend backend = backendOption.choose(out, spec.commandLine().getErr());
    try (SavedRun saved = header.load(backend)) {
      int[] sample = saved.kind().inputShape();
      Onnx.export(saved.model(), sample, output, Map.of("training", training));
      out.printf(
          Locale.ROOT,
          "wrote the %s model of %s (%s checkpoint) to %s: input 'input' [batch, %s], output"
              + " 'output', opset %d%n",
          header.kind().name(),
          header.folder().root(),
          header.checkpoint(),
          output.toAbsolutePath(),
          Arrays.toString(sample).replaceAll("[\\[\\]]", ""),
          Onnx.OPSET);
    }
    out.flush();
    return 0;
  }
}
