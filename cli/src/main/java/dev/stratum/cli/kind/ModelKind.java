package dev.stratum.cli.kind;

import dev.stratum.cli.picture.Picture;
import dev.stratum.data.Dataset;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.train.Metric;
import dev.stratum.train.Monitor;
import dev.stratum.train.TrainingStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One kind of model that {@code stratum train --model NAME} trains on Fashion-MNIST: how it is
 * built, what it sees of the data, how a batch is trained and judged, and which pictures it adds to
 * the run's report. Everything else (options, run folder, checkpoints, curves of every metric, the
 * report page, evaluation on the test set) is the same for every kind, so a new kind is one class
 * and one line in {@link ModelKinds}. A kind that maps inputs to codes also implements {@link
 * Encodes} (and gets {@code stratum encode} and the map of codes); one that reproduces its input
 * implements {@link Reconstructs} (and gets {@code stratum reconstruct} and the grid of inputs
 * beside reconstructions).
 */
public interface ModelKind {

  /** The name {@code --model} takes. */
  String name();

  /** One line for {@code --help}. */
  String description();

  /** The shape of one input as the model takes it ({@code [784]} or {@code [1, 28, 28]}). */
  int[] inputShape();

  /** The untrained network. */
  Layer build(LayerOptions options, ModelSettings settings);

  /**
   * The data the model trains on, made from Fashion-MNIST images (inputs {@code [1, 28, 28]},
   * targets class indices): by default the images in {@link #inputShape()} with their classes.
   */
  default Dataset prepare(Dataset images) {
    return images.withInputShape(inputShape());
  }

  /** What one batch does: loss, backward pass, update; and the same without the update. */
  TrainingStep step(Layer model, Optimizer optimizer);

  /** Metrics reported beside the loss. */
  default List<Metric> metrics() {
    return List.of();
  }

  /** The epoch metric that picks the best checkpoint and drives early stopping. */
  Monitor monitor();

  /** The optimizer spec used when {@code --optimizer} is not given. */
  String defaultOptimizer();

  /** The batch size used when {@code --batch-size} is not given. */
  int defaultBatchSize();

  /** What an epoch metric measures, for axis labels ({@code "loss"} to the loss's name). */
  default String describe(String metric) {
    return metric;
  }

  /** Throws {@link IllegalArgumentException} naming the option when a setting does not apply. */
  default void check(ModelSettings settings) {
    if (settings.codeSize() != null && !(this instanceof Encodes)) {
      throw new IllegalArgumentException(
          "--code-size applies to models with a code ("
              + String.join(", ", ModelKinds.namesWith(Encodes.class))
              + "); '"
              + name()
              + "' has none");
    }
  }

  /**
   * The pictures this kind adds to a run's report, written into {@code folder}; the curves of every
   * metric are drawn for every kind and are not among them.
   */
  default List<Picture> pictures(Trained trained, Path folder) throws IOException {
    return List.of();
  }
}
