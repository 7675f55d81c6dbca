package dev.stratum.cli.kind;

import dev.stratum.cli.picture.Picture;
import dev.stratum.data.Dataset;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Tensor;
import dev.stratum.train.Monitor;
import dev.stratum.train.SupervisedStep;
import dev.stratum.train.TrainingStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The dense autoencoder: 784-256-CODE encoder, CODE-256-784 decoder with a sigmoid output, mean
 * squared error against the input (WORKLOADS.md's model with a 64-value code by default). The code
 * layer is linear, so that a 2-value code ({@code --code-size 2}) spreads over the plane instead of
 * being folded onto its axes by a ReLU. The model is {@code Sequential(encoder, decoder)}, so the
 * encoder is its first child.
 */
final class DenseAutoencoder implements ModelKind, Encodes, Reconstructs {

  static final int DEFAULT_CODE_SIZE = 64;

  @Override
  public String name() {
    return "autoencoder";
  }

  @Override
  public String description() {
    return "dense autoencoder, 784-256-CODE-256-784 (CODE = --code-size, default 64)";
  }

  @Override
  public int[] inputShape() {
    return new int[] {784};
  }

  @Override
  public Layer build(LayerOptions o, ModelSettings settings) {
    int code = codeSize(settings);
    Sequential encoder =
        new Sequential(new Dense(784, 256, o), new Activation.ReLU(), new Dense(256, code, o));
    Sequential decoder =
        new Sequential(
            new Dense(code, 256, o),
            new Activation.ReLU(),
            new Dense(256, 784, o),
            new Activation.Sigmoid());
    return new Sequential(encoder, decoder);
  }

  @Override
  public List<String> options() {
    return List.of("--code-size");
  }

  @Override
  public Dataset prepare(Dataset images) {
    return images.withInputShape(inputShape()).inputsAsTargets();
  }

  @Override
  public TrainingStep step(Layer model, Optimizer optimizer) {
    return new SupervisedStep(model, new MeanSquaredError(), optimizer, List.of());
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
    return ((Sequential) model).get(0).forward(inputs);
  }

  @Override
  public int codeSize(ModelSettings settings) {
    return settings.codeSize() != null ? settings.codeSize() : DEFAULT_CODE_SIZE;
  }

  @Override
  public List<Picture> pictures(Trained trained, Path folder) throws IOException {
    return List.of(
        AutoencoderPictures.reconstructions(
            this, trained, folder.resolve("reconstructions.png"), 2),
        AutoencoderPictures.codeMap(this, trained, folder.resolve("codes.png")));
  }
}
