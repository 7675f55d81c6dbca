package dev.stratum.cli.kind;

import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;

/** A multilayer perceptron, 784-128-10 with ReLU (WORKLOADS.md). */
final class Mlp extends Classifier {

  @Override
  public String name() {
    return "mlp";
  }

  @Override
  public String description() {
    return "classifier, 784-128-10 dense layers with ReLU";
  }

  @Override
  public int[] inputShape() {
    return new int[] {784};
  }

  @Override
  public Layer build(LayerOptions o, ModelSettings settings) {
    return new Sequential(new Dense(784, 128, o), new Activation.ReLU(), new Dense(128, 10, o));
  }

  @Override
  public int defaultBatchSize() {
    return 128;
  }
}
