package dev.stratum.cli.kind;

import dev.stratum.cli.picture.Picture;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.spec.OptimizerSpec;
import dev.stratum.train.Metric;
import dev.stratum.train.Monitor;
import dev.stratum.train.TrainingStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One kind of model that {@code stratum train --model NAME} trains on Fashion-MNIST: how it is
 * built, what it sees of the data, how a batch is trained and judged, and which pictures it adds to
 * the run's report. Everything else (options, run folder, checkpoints, curves of every metric, the
 * report page, evaluation on the test set) is the same for every kind, so a new kind is one class
 * and one line in {@link ModelKinds}. A kind that maps inputs to codes also implements {@link
 * Encodes} (and gets {@code stratum encode} and the map of codes); one that reproduces its input
 * implements {@link Reconstructs} (and gets {@code stratum reconstruct}, {@code stratum anomaly}
 * and the grid of inputs beside reconstructions); one that generates images implements {@link
 * Samples} (and gets {@code stratum sample} and a grid of samples).
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
   * The options of {@link ModelSettings} this kind takes ({@code "--code-size"}, ...); {@link
   * #check} refuses the others.
   */
  default List<String> options() {
    return List.of();
  }

  /**
   * The data the model trains on, made from Fashion-MNIST images (inputs {@code [1, 28, 28]},
   * targets class indices): by default the images in {@link #inputShape()} with their classes.
   */
  default Dataset prepare(Dataset images) {
    return images.withInputShape(inputShape());
  }

  /**
   * The optimizer of {@code model} from the spec of {@code --optimizer}: by default one optimizer
   * over every parameter. {@link #step} receives what this returns.
   */
  default OptimizerSpec.Built optimizer(Layer model, String spec) {
    return OptimizerSpec.builtIn().build(spec, model.parameters());
  }

  /** What one batch does: loss, backward pass, update; and the same without the update. */
  TrainingStep step(Layer model, Optimizer optimizer);

  /**
   * The loader of the training data (already {@linkplain #prepare prepared}); batch size, shuffling
   * and backend are set by the caller. A denoising autoencoder corrupts the inputs here.
   */
  default DataLoader.Builder trainingLoader(Layer model, Dataset data) {
    return DataLoader.builder(data);
  }

  /** Metrics reported beside the loss. */
  default List<Metric> metrics() {
    return List.of();
  }

  /**
   * The epoch metric that picks the best checkpoint and drives early stopping; empty when no epoch
   * metric says which epoch is best (a GAN): then the last epoch is kept as the best and training
   * runs every epoch.
   */
  Optional<Monitor> monitor();

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
    for (String option : settings.given().keySet()) {
      if (!options().contains(option)) {
        throw new IllegalArgumentException(
            option
                + " applies to "
                + String.join(", ", ModelKinds.namesTaking(option))
                + "; '"
                + name()
                + "' does not take it");
      }
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
