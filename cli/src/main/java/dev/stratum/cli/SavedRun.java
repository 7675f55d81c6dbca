package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.cli.kind.ModelKind;
import dev.stratum.cli.kind.ModelKinds;
import dev.stratum.cli.run.RunConfig;
import dev.stratum.cli.run.RunFolder;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A finished run opened again by {@code evaluate}, {@code encode}, {@code reconstruct}, {@code
 * sample} and {@code anomaly}: its configuration, its kind, and its model rebuilt and loaded from a
 * checkpoint.
 */
record SavedRun(
    RunFolder folder,
    RunConfig config,
    ModelKind kind,
    String checkpoint,
    Layer model,
    Optimizer optimizer)
    implements AutoCloseable {

  /**
   * Reads the run folder {@code dir} (or a checkpoint folder inside one, such as {@code dir/best})
   * without loading any weights; {@link #load} then builds the model.
   */
  static Header read(Path dir) throws IOException {
    Path root = dir;
    String checkpoint = RunFolder.BEST;
    Path parent = dir.toAbsolutePath().normalize().getParent();
    if (!Files.isRegularFile(dir.resolve(RunFolder.CONFIG))
        && parent != null
        && Files.isRegularFile(parent.resolve(RunFolder.CONFIG))) {
      root = parent; // the checkpoint folder of a run: best/ or last/
      checkpoint = dir.toAbsolutePath().normalize().getFileName().toString();
    }
    RunFolder folder = RunFolder.existing(root);
    RunConfig config = folder.readConfig();
    return new Header(folder, config, ModelKinds.named(config.model()), checkpoint);
  }

  /** A run folder's configuration and kind, and the checkpoint to load. */
  record Header(RunFolder folder, RunConfig config, ModelKind kind, String checkpoint) {

    /** The header with another checkpoint ({@code best} or {@code last}). */
    Header withCheckpoint(String name) {
      return new Header(folder, config, kind, name);
    }

    /** Builds the model on {@code backend} and loads the checkpoint's weights into it. */
    SavedRun load(Backend backend) throws IOException {
      Path weights = folder.root().resolve(checkpoint);
      if (!Files.isDirectory(weights)) {
        throw new IllegalArgumentException(
            weights + ": no such checkpoint (the run has not finished an epoch yet?)");
      }
      LayerOptions options = LayerOptions.defaults().on(backend).seed(config.seed());
      Layer model = kind.build(options, config.settings());
      try {
        Optimizer optimizer = kind.optimizer(model, config.optimizer()).optimizer();
        Checkpoint.load(weights, model);
        model.train(false);
        return new SavedRun(folder, config, kind, checkpoint, model, optimizer);
      } catch (IOException | RuntimeException e) {
        model.close();
        throw e;
      }
    }
  }

  @Override
  public void close() {
    optimizer.close();
    model.close();
  }
}
