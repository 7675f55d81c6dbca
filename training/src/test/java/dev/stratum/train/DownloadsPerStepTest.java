package dev.stratum.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backends;
import dev.stratum.backend.support.CountingBackend;
import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.BinaryCrossEntropy;
import dev.stratum.layers.loss.BinaryCrossEntropyWithLogits;
import dev.stratum.layers.loss.CrossEntropy;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.nn.Layer;
import dev.stratum.nn.Loss;
import dev.stratum.optimizers.Adam;
import dev.stratum.testing.ArrayLoader;
import dev.stratum.testing.Blobs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training step reads one number back from the device, its loss: no input check, optimizer or
 * epoch bookkeeping downloads anything else. Counted on a {@link CountingBackend} around every
 * backend present, with Adam, for a dense autoencoder under MSE and classifiers under sparse and
 * dense cross-entropy and binary cross-entropy (on probabilities and on logits).
 */
class DownloadsPerStepTest {

  private static final int SAMPLES = 48;
  private static final int BATCH = 16;
  private static final int EPOCHS = 2;

  /** Counts the downloads of each step: between one batch's end and the next. */
  private static final class PerStep implements Callback {
    final CountingBackend counting;
    final List<Long> downloads = new ArrayList<>();
    private long mark;

    PerStep(CountingBackend counting) {
      this.counting = counting;
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch) {
      mark = counting.downloads();
    }

    @Override
    public void onBatchEnd(TrainingContext context, long step, double loss, int batchSize) {
      downloads.add(counting.downloads() - mark);
      mark = counting.downloads();
    }
  }

  /** A model and a loss on {@code b}, with a loader of matching targets. */
  private record Task(Layer model, Loss loss, ArrayLoader data) {}

  static Stream<Arguments> tasks() {
    List<String> kinds =
        List.of("autoencoder_mse", "sparse_cross_entropy", "cross_entropy", "bce", "bce_logits");
    return Backends.availableNames().stream()
        .flatMap(name -> kinds.stream().map(kind -> Arguments.of(name, kind)));
  }

  private static Task task(CountingBackend b, String kind) {
    LayerOptions o = LayerOptions.defaults().on(b).seed(7);
    Blobs blobs = Blobs.generate(SAMPLES, 4, 3, 11);
    float[] x = blobs.inputs();
    float[] labels = blobs.labels();
    return switch (kind) {
      case "autoencoder_mse" -> {
        float[] pixels = new float[SAMPLES * 16];
        Random random = new Random(5);
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = random.nextFloat();
        }
        Layer model =
            new Sequential(
                new Dense(16, 6, o),
                new Activation.ReLU(),
                new Dense(6, 16, o),
                new Activation.Sigmoid());
        yield new Task(
            model,
            new MeanSquaredError(),
            new ArrayLoader(b, pixels, 16, pixels.clone(), 16, BATCH, 3));
      }
      case "sparse_cross_entropy" ->
          new Task(classifier(o, 3), new SparseCrossEntropy(), loader(b, x, labels, 0));
      case "cross_entropy" ->
          new Task(classifier(o, 3), new CrossEntropy(), loader(b, x, oneHot(labels), 3));
      case "bce" ->
          new Task(
              new Sequential(classifier(o, 1), new Activation.Sigmoid()),
              new BinaryCrossEntropy(),
              loader(b, x, firstClass(labels), 1));
      case "bce_logits" ->
          new Task(
              classifier(o, 1),
              new BinaryCrossEntropyWithLogits(),
              loader(b, x, firstClass(labels), 1));
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static Sequential classifier(LayerOptions o, int outputs) {
    return new Sequential(new Dense(4, 8, o), new Activation.ReLU(), new Dense(8, outputs, o));
  }

  private static ArrayLoader loader(CountingBackend b, float[] x, float[] y, int width) {
    return new ArrayLoader(b, x, 4, y, width, BATCH, 3);
  }

  private static float[] oneHot(float[] labels) {
    float[] y = new float[labels.length * 3];
    for (int i = 0; i < labels.length; i++) {
      y[i * 3 + (int) labels[i]] = 1;
    }
    return y;
  }

  private static float[] firstClass(float[] labels) {
    float[] y = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      y[i] = labels[i] == 0 ? 1 : 0;
    }
    return y;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("tasks")
  void eachTrainingStepDownloadsOnlyItsLoss(String backend, String kind) {
    CountingBackend counting = new CountingBackend(Backends.get(backend));
    Task task = task(counting, kind);
    PerStep perStep = new PerStep(counting);
    History history =
        Trainer.builder()
            .model(task.model())
            .optimizer(new Adam(task.model().parameters(), 1e-2))
            .loss(task.loss())
            .trainingData(task.data())
            .epochs(EPOCHS)
            .callbacks(perStep)
            .build()
            .fit();

    assertThat(perStep.downloads)
        .as("downloads in each of the %d steps", EPOCHS * SAMPLES / BATCH)
        .hasSize(EPOCHS * SAMPLES / BATCH)
        .containsOnly(1L);
    assertThat(counting.downloadedFloats())
        .as("one float per step, nothing at the epochs' ends")
        .isEqualTo(EPOCHS * SAMPLES / BATCH);
    // the steps did train: the loss of the second epoch is below that of the first
    assertThat(history.last().get("loss")).isLessThan(history.epochs().get(0).get("loss"));
    task.model().close();
  }
}
