package dev.stratum.cli.kind;

import dev.stratum.autoencoders.Autoencoder;
import dev.stratum.cli.picture.Picture;
import dev.stratum.data.Dataset;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Tensor;
import dev.stratum.train.Monitor;
import dev.stratum.train.TrainingStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the kinds built on the autoencoders module's {@link Autoencoder} share (sparse, denoising,
 * contractive, convolutional): the model is an {@code Autoencoder}, trained on {@code x → x} by its
 * own step (the reconstruction error as {@code loss}, each penalty as a part of its own), the best
 * epoch by validation loss, Adam, and the pictures of inputs beside reconstructions and of the
 * codes on a plane.
 */
abstract class LibraryAutoencoder implements ModelKind, Encodes, Reconstructs {

  @Override
  public Dataset prepare(Dataset images) {
    return images.withInputShape(inputShape()).inputsAsTargets();
  }

  @Override
  public TrainingStep step(Layer model, Optimizer optimizer) {
    return ((Autoencoder) model).step(optimizer);
  }

  @Override
  public Optional<Monitor> monitor() {
    return Optional.of(Monitor.min("val_loss"));
  }

  @Override
  public String defaultOptimizer() {
    return "{\"optimizer\": \"adam\", \"lr\": 1e-3}";
  }

  @Override
  public int defaultBatchSize() {
    return 128;
  }

  @Override
  public String describe(String metric) {
    return metric.equals("loss") ? "mean squared error per pixel" : metric;
  }

  @Override
  public Tensor encode(Layer model, Tensor inputs) {
    return ((Autoencoder) model).encode(inputs);
  }

  @Override
  public Tensor reconstruct(Layer model, Tensor inputs) {
    return ((Autoencoder) model).reconstruct(inputs);
  }

  @Override
  public List<Picture> pictures(Trained trained, Path folder) throws IOException {
    return List.of(
        AutoencoderPictures.reconstructions(
            this, trained, folder.resolve("reconstructions.png"), 2),
        AutoencoderPictures.codeMap(this, trained, folder.resolve("codes.png")));
  }

  /** The code size: {@code --code-size}, else {@code fallback}. */
  static int codeSize(ModelSettings settings, int fallback) {
    return settings.codeSize() != null ? settings.codeSize() : fallback;
  }

  /** {@code 784 → 256 → code}, ReLU between, then {@code codeActivation} (null: linear). */
  static Sequential denseEncoder(LayerOptions o, int code, Activation codeActivation) {
    Sequential encoder =
        new Sequential(new Dense(784, 256, o), new Activation.ReLU(), new Dense(256, code, o));
    return codeActivation == null ? encoder : new Sequential(encoder, codeActivation);
  }

  /** {@code code → 256 → 784}, ReLU between, a sigmoid on the pixels. */
  static Sequential denseDecoder(LayerOptions o, int code) {
    return new Sequential(
        new Dense(code, 256, o),
        new Activation.ReLU(),
        new Dense(256, 784, o),
        new Activation.Sigmoid());
  }
}
