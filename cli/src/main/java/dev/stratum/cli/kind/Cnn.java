package dev.stratum.cli.kind;

import dev.stratum.layers.Conv2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Flatten;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.MaxPool2d;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;

/** The small CNN of WORKLOADS.md: two 3×3 convolutions (16, 32 channels) with pooling, dense 10. */
final class Cnn extends Classifier {

  @Override
  public String name() {
    return "cnn";
  }

  @Override
  public String description() {
    return "classifier, conv 3x3 16 - pool - conv 3x3 32 - pool - dense 10";
  }

  @Override
  public int[] inputShape() {
    return new int[] {1, 28, 28};
  }

  @Override
  public Layer build(LayerOptions o, ModelSettings settings) {
    return new Sequential(
        new Conv2d(1, 16, 3, 1, 1, false, o),
        new Activation.ReLU(),
        new MaxPool2d(2),
        new Conv2d(16, 32, 3, 1, 1, false, o),
        new Activation.ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Dense(1568, 10, o));
  }

  @Override
  public int defaultBatchSize() {
    return 64;
  }
}
