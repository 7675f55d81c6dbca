package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.checkpoint.AtomicFiles;
import dev.stratum.cli.kind.AutoencoderPictures;
import dev.stratum.cli.kind.Encodes;
import dev.stratum.cli.kind.ModelKind;
import dev.stratum.cli.kind.ModelKinds;
import dev.stratum.cli.kind.Trained;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes the codes a trained autoencoder gives each image, as CSV. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write the code of every image as CSV: index, label, class, code_1, code_2, ...",
      "Works with runs of models that have codes (autoencoder, sparse-autoencoder,"
          + " denoising-autoencoder, contractive-autoencoder, conv-autoencoder; vae: the posterior"
          + " mean)."
    })
final class EncodeCommand implements Callable<Integer> {

  @Mixin SavedRunOptions saved;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      defaultValue = "codes.csv",
      description = "CSV file to write (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--overwrite", description = "Replace --output if it exists.")
  boolean overwrite;

  @Mixin BackendOption backendOption;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    OutputFiles.refuseExisting(spec, "--output", output, overwrite);
    SavedRun.Header header = saved.header();
    if (!(header.kind() instanceof Encodes)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "the run in "
              + header.folder().root()
              + " trained '"
              + header.kind().name()
              + "', which has no codes; encode works with runs of: "
              + String.join(", ", ModelKinds.namesWith(Encodes.class)));
    }
    String source = saved.source(header);
    Backend backend = backendOption.choose(out, spec.commandLine().getErr());
    try (SavedRun run = header.load(backend)) {
      Dataset images = saved.images(source, out);
      float[][] codes =
          encode(run.kind(), new Trained(run.model(), run.config().settings(), images, backend));
      StringBuilder csv = new StringBuilder("index,label,class");
      int size = codes.length == 0 ? 0 : codes[0].length;
      for (int j = 1; j <= size; j++) {
        csv.append(",code_").append(j);
      }
      csv.append('\n');
      float[] label = new float[1];
      for (int i = 0; i < codes.length; i++) {
        images.copyTarget(i, label, 0);
        int c = (int) label[0];
        csv.append(i).append(',').append(c).append(',').append(FashionMnist.CLASSES.get(c));
        for (float v : codes[i]) {
          csv.append(',').append(v);
        }
        csv.append('\n');
      }
      AtomicFiles.writeString(output, csv.toString());
      out.printf(
          java.util.Locale.ROOT,
          "wrote the %d-value codes of %,d images to %s%n",
          size,
          codes.length,
          output.toAbsolutePath());
    }
    out.flush();
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static <K extends ModelKind & Encodes> float[][] encode(ModelKind kind, Trained trained) {
    return AutoencoderPictures.codes((K) kind, trained);
  }
}
