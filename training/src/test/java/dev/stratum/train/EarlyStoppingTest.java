package dev.stratum.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backends;
import dev.stratum.callback.Callback;
import dev.stratum.callback.LearningRateCallback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

  /** A context that only records stop requests. */
  static final class FakeContext implements TrainingContext {
    String stop;

    @Override
    public Layer model() {
      return null;
    }

    @Override
    public Optimizer optimizer() {
      return null;
    }

    @Override
    public long step() {
      return 0;
    }

    @Override
    public List<Map<String, Double>> history() {
      return List.of();
    }

    @Override
    public void requestStop(String reason) {
      stop = reason;
    }
  }

  /** Feeds values to a callback without weight restoring; returns the epoch it stopped at. */
  static int feed(EarlyStopping stopping, double... values) {
    FakeContext context = new FakeContext();
    stopping.onTrainBegin(context);
    for (int i = 0; i < values.length; i++) {
      stopping.onEpochEnd(context, i + 1, Map.of("val_loss", values[i]));
      if (context.stop != null) {
        return i + 1;
      }
    }
    return 0;
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovementBeyondMinDelta() {
    Monitor monitor = Monitor.min("val_loss").withMinDelta(0.05);
    EarlyStopping stopping = new EarlyStopping(monitor, 2, false);
    // 0.97 and 0.96 improve on 1.0 by less than 0.05: two epochs without improvement
    assertThat(feed(stopping, 1.0, 0.97, 0.96, 0.5)).isEqualTo(3);
    assertThat(stopping.bestEpoch()).isEqualTo(1);
    assertThat(stopping.stoppedEpoch()).isEqualTo(3);
    // a real improvement resets the count
    assertThat(feed(stopping, 1.0, 0.99, 0.9, 0.89, 0.88, 0.87)).isEqualTo(5);
    assertThat(stopping.bestEpoch()).isEqualTo(3);
    assertThat(stopping.bestValue()).isEqualTo(0.9);
    // NaN never improves
    assertThat(feed(new EarlyStopping(Monitor.min("val_loss"), 1, false), 1.0, Double.NaN))
        .isEqualTo(2);
  }

  @Test
  void maxModeWantsHigherValues() {
    EarlyStopping stopping = new EarlyStopping(Monitor.max("val_loss"), 2, false);
    assertThat(feed(stopping, 0.1, 0.2, 0.3, 0.25, 0.3)).isEqualTo(5);
    assertThat(stopping.bestEpoch()).isEqualTo(3);
  }

  @Test
  void stopMessageNamesTheMetricAndTheBestEpoch() {
    FakeContext context = new FakeContext();
    EarlyStopping stopping = new EarlyStopping(Monitor.min("val_loss"), 1, false);
    stopping.onTrainBegin(context);
    stopping.onEpochEnd(context, 1, Map.of("val_loss", 0.5));
    stopping.onEpochEnd(context, 2, Map.of("val_loss", 0.6));
    assertThat(context.stop)
        .isEqualTo(
            "early stopping: val_loss did not improve for 1 epochs (best 0.500000 at epoch 1)");
  }

  /**
   * A sane learning rate for three epochs, then a huge one: validation loss gets worse, training
   * stops, and the weights (and the buffer) of the best epoch are back in the model.
   */
  @Test
  void restoresTheWeightsOfTheBestEpoch() {
    TrainerTest.Setup s = TrainerTest.Setup.of(Backends.get("vector"), 1, 3);
    Map<Integer, Map<String, int[]>> weightsAtEpoch = new HashMap<>();
    Callback recorder =
        new Callback() {
          @Override
          public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
            Map<String, int[]> w = new HashMap<>();
            context.model().parameters().forEach((n, t) -> w.put(n, TrainerTest.bits(t)));
            context.model().buffers().forEach((n, t) -> w.put(n, TrainerTest.bits(t)));
            weightsAtEpoch.put(epoch, w);
          }
        };
    EarlyStopping stopping = new EarlyStopping(Monitor.min("val_loss"), 2);
    List<Double> valLoss = new ArrayList<>();
    History history =
        s.trainer(20)
            .callbacks(
                LearningRateCallback.perEpoch(epoch -> epoch <= 3 ? 1 : 200), recorder, stopping)
            .build()
            .fit();
    valLoss.addAll(java.util.Arrays.stream(history.metric("val_loss")).boxed().toList());

    int best = stopping.bestEpoch();
    assertThat(history.stopReason()).isPresent();
    assertThat(history.epochs()).hasSize(best + 2);
    assertThat(best).isLessThan(history.epochs().size());
    assertThat(valLoss.get(best - 1)).isEqualTo(valLoss.stream().min(Double::compare).get());
    Map<String, int[]> expected = weightsAtEpoch.get(best);
    Map<String, int[]> last = weightsAtEpoch.get(history.epochs().size());
    s.model()
        .parameters()
        .forEach((n, t) -> assertThat(TrainerTest.bits(t)).as(n).containsExactly(expected.get(n)));
    assertThat(TrainerTest.bits(s.model().buffers().get("seen")))
        .containsExactly(expected.get("seen"));
    assertThat(last.get("0.weight")).isNotEqualTo(expected.get("0.weight"));
  }
}
