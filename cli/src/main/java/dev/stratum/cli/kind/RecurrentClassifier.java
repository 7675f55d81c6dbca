package dev.stratum.cli.kind;

import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Reshape;
import dev.stratum.layers.Sequential;
import dev.stratum.nn.Layer;
import dev.stratum.recurrent.Recurrent;
import java.util.List;

/**
 * A recurrent classifier that reads each image as a sequence of 28 rows of 28 pixels, an LSTM or a
 * GRU ({@code --cell}) of {@code --hidden-size} units (default 128), and a dense layer on its last
 * output (the recurrent module's row-by-row example). Trained with Adam, which suits recurrent
 * networks better than the other classifiers' SGD.
 */
final class RecurrentClassifier extends Classifier {

  static final int DEFAULT_HIDDEN_SIZE = 128;

  @Override
  public String name() {
    return "recurrent";
  }

  @Override
  public String description() {
    return "classifier, the 28 rows of an image as a sequence: LSTM or GRU (--cell, default lstm)"
        + " of --hidden-size units (default 128), dense 10";
  }

  @Override
  public int[] inputShape() {
    return new int[] {1, 28, 28};
  }

  @Override
  public List<String> options() {
    return List.of("--cell", "--hidden-size");
  }

  @Override
  public Layer build(LayerOptions o, ModelSettings settings) {
    int hidden = settings.hiddenSize() != null ? settings.hiddenSize() : DEFAULT_HIDDEN_SIZE;
    Recurrent.Builder cell =
        "gru".equals(settings.cell()) ? Recurrent.gru(28, hidden) : Recurrent.lstm(28, hidden);
    return new Sequential(
        new Reshape(28, 28), // [N, 1, 28, 28] -> [N, 28 steps, 28 pixels]
        cell.returnSequences(false).build(o),
        new Dense(hidden, 10, o));
  }

  @Override
  public String defaultOptimizer() {
    return "{\"optimizer\": \"adam\", \"lr\": 1e-3}";
  }

  @Override
  public int defaultBatchSize() {
    return 64;
  }
}
