package dev.stratum.cli;

import dev.stratum.cli.run.FashionMnistSource;
import dev.stratum.data.Dataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The arguments of the commands that open a finished run ({@code evaluate}, {@code encode}, {@code
 * reconstruct}): the run folder, which checkpoint, which images.
 */
final class SavedRunOptions {

  /** Which checkpoint of a run. */
  enum Checkpoint {
    best,
    last
  }

  /** Which Fashion-MNIST set. */
  enum ImageSet {
    test,
    train
  }

  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description = "Run folder written by 'stratum train' (or its best/ or last/ checkpoint).")
  Path run;

  @Option(
      names = "--checkpoint",
      description = "best or last (default: best, or the checkpoint folder given as RUN).")
  Checkpoint checkpoint;

  @Option(
      names = "--set",
      defaultValue = "test",
      description = "Images to use: test or train (default: ${DEFAULT-VALUE}).")
  ImageSet set;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Fashion-MNIST folder (default: the data the run was trained on).")
  Path data;

  /** The run's header, with the checkpoint this command was asked for. */
  SavedRun.Header header() throws IOException {
    SavedRun.Header header = SavedRun.read(run);
    return checkpoint != null ? header.withCheckpoint(checkpoint.name()) : header;
  }

  /** The data source to read: {@code --data}, else the run's. */
  String source(SavedRun.Header header) {
    String source = data != null ? FashionMnistSource.choose(data) : header.config().data();
    FashionMnistSource.check(source);
    return source;
  }

  /** Loads the chosen set and says which on {@code out}. */
  Dataset images(String source, PrintWriter out) throws IOException {
    FashionMnistSource.Loaded loaded = FashionMnistSource.load(source);
    Dataset images = set == ImageSet.test ? loaded.split().test() : loaded.split().train();
    out.println(
        "data: "
            + loaded.description()
            + "; using the "
            + set
            + " set ("
            + String.format(java.util.Locale.ROOT, "%,d", images.size())
            + " images)");
    return images;
  }
}
