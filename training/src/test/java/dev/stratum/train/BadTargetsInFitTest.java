package dev.stratum.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.BinaryCrossEntropy;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.nn.Loss;
import dev.stratum.optimizers.Adam;
import dev.stratum.testing.ArrayLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A target outside the loss's domain stops {@code fit()} with the loss's own message, at the end of
 * the step that met it: the loss checked it on the device and read NaN, and the Trainer asked why.
 */
class BadTargetsInFitTest {

  /** 12 samples of 2 features in batches of 4, in order (no shuffle); the 6th target is bad. */
  private static Throwable fitWithSixthTarget(
      Backend b, Loss loss, int outputs, boolean sigmoid, float[] targets, AtomicInteger steps) {
    LayerOptions o = LayerOptions.defaults().on(b).seed(1);
    Sequential model =
        sigmoid
            ? new Sequential(new Dense(2, outputs, o), new Activation.Sigmoid())
            : new Sequential(new Dense(2, outputs, o));
    float[] x = new float[24];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 5) * 0.25f;
    }
    Trainer trainer =
        Trainer.builder()
            .model(model)
            .optimizer(new Adam(model.parameters(), 1e-3))
            .loss(loss)
            .trainingData(new ArrayLoader(b, x, 2, targets, outputs == 1 ? 1 : 0, 4, -1))
            .epochs(1)
            .callbacks(
                new Callback() {
                  @Override
                  public void onBatchEnd(
                      TrainingContext context, long step, double value, int batchSize) {
                    steps.incrementAndGet();
                  }
                })
            .build();
    try {
      trainer.fit();
      return null;
    } catch (RuntimeException e) {
      return e;
    } finally {
      model.close();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.testing.TestBackends#names")
  void aProbabilityTargetAboveOneIsNamedAtTheEndOfItsStep(String name) {
    float[] targets = new float[12];
    targets[5] = 1.5f;
    AtomicInteger steps = new AtomicInteger();
    Throwable thrown =
        fitWithSixthTarget(Backends.get(name), new BinaryCrossEntropy(), 1, true, targets, steps);
    assertThat(thrown)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bce: target 1.5 at flat position 1 of shape [4, 1] is outside [0, 1]");
    assertThat(steps).as("steps that ended before the bad one").hasValue(1);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.testing.TestBackends#names")
  void aClassIndexOutOfRangeIsNamedAtTheEndOfItsStep(String name) {
    float[] targets = {0, 1, 2, 0, 1, 7, 0, 1, 2, 0, 1, 2};
    AtomicInteger steps = new AtomicInteger();
    Throwable thrown =
        fitWithSixthTarget(Backends.get(name), new SparseCrossEntropy(), 3, false, targets, steps);
    assertThat(thrown)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "sparse_cross_entropy: class index 7.0 at flat position 1 of shape [4] is not a"
                + " whole number in [0, 3)");
    assertThat(steps).hasValue(1);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.testing.TestBackends#names")
  void goodTargetsTrainToTheEnd(String name) {
    float[] targets = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};
    AtomicInteger steps = new AtomicInteger();
    assertThat(
            fitWithSixthTarget(
                Backends.get(name), new SparseCrossEntropy(), 3, false, targets, steps))
        .isNull();
    assertThat(steps).hasValue(3);
  }
}
