package dev.stratum.optimizers.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backends;
import dev.stratum.callback.LearningRateCallback;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.optimizers.Sgd;
import dev.stratum.optimizers.Steps;
import dev.stratum.optimizers.TestBackends;
import dev.stratum.optimizers.WeightDecay;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Schedules as the training loop's learning-rate hook, and reduce-on-plateau, driven as a training
 * loop would drive them.
 */
class CallbacksTest {

  /** Just enough of a training context for callbacks that look at the optimizer. */
  record Context(Optimizer optimizer) implements dev.stratum.callback.TrainingContext {
    @Override
    public Layer model() {
      return null;
    }

    @Override
    public long step() {
      return optimizer.iterations();
    }

    @Override
    public List<Map<String, Double>> history() {
      return List.of();
    }

    @Override
    public void requestStop(String reason) {}
  }

  @Test
  void perStepCallbackSetsBaseTimesFactorBeforeEveryStep() {
    try (Tensor a =
            Tensor.vector(Backends.get(TestBackends.names().get(0)), 0f).requiresGrad(true);
        Tensor b = Tensor.vector(a.backend(), 0f).requiresGrad(true);
        Optimizer sgd =
            new Sgd(
                List.of(
                    new ParameterGroup(Map.of("a", a), 0.1, 0),
                    new ParameterGroup(Map.of("b", b), 1.0, 0)),
                0,
                false,
                WeightDecay.L2)) {
      LearningRateSchedule schedule = Schedules.linearWarmup(4, 0.2);
      LearningRateCallback callback = schedule.perStep();
      Context context = new Context(sgd);
      callback.onTrainBegin(context);
      float position = 0;
      for (int t = 0; t < 6; t++) {
        assertThat(sgd.groups().get(0).learningRate())
            .isCloseTo(0.1 * schedule.factor(t), within(1e-12));
        assertThat(sgd.groups().get(1).learningRate()).isCloseTo(schedule.factor(t), within(1e-12));
        Steps.setGradient(a, new float[] {-1f});
        sgd.step();
        position += (float) (0.1 * schedule.factor(t));
        callback.onBatchEnd(context, t + 1, 0.0, 1);
      }
      assertThat(a.toArray()[0]).isCloseTo(position, within(1e-6f));
    }
  }

  @Test
  void perEpochCallbackUsesEpochMinusOne() {
    try (Tensor a =
            Tensor.vector(Backends.get(TestBackends.names().get(0)), 0f).requiresGrad(true);
        Optimizer sgd = new Sgd(Map.of("a", a), 0.4)) {
      LearningRateCallback callback = Schedules.step(1, 0.5).perEpoch();
      callback.onEpochBegin(new Context(sgd), 1);
      assertThat(sgd.groups().get(0).learningRate()).isEqualTo(0.4);
      callback.onEpochBegin(new Context(sgd), 3);
      assertThat(sgd.groups().get(0).learningRate()).isEqualTo(0.1);
      callback.onBatchEnd(new Context(sgd), 1, 0, 1); // per-epoch ignores batches
      assertThat(sgd.groups().get(0).learningRate()).isEqualTo(0.1);
      Schedules.step(1, 0.5).apply(sgd, 1); // without a loop: base 0.4 × 0.5
      assertThat(sgd.groups().get(0).learningRate()).isEqualTo(0.2);
    }
  }

  // patience 2, factor 0.5, threshold 10% relative, cooldown 1, floor 0.03, from 0.1:
  // epoch 1: 1.0 best; 2: 0.95 (not < 0.9) bad 1; 3: 0.92 bad 2; 4: 0.91 bad 3 > 2 → 0.05,
  // cooldown;
  // 5: 0.93 bad 1, cleared by the cooldown; 6: bad 1; 7: bad 2; 8: bad 3 → max(0.025, 0.03) = 0.03;
  // 9: 0.5 improves; 10–13 bad → at the floor already, no further change
  @Test
  void reduceOnPlateauFollowsPatienceCooldownAndFloor() {
    try (Tensor a =
            Tensor.vector(Backends.get(TestBackends.names().get(0)), 0f).requiresGrad(true);
        Optimizer sgd = new Sgd(Map.of("a", a), 0.1)) {
      ReduceOnPlateau plateau =
          new ReduceOnPlateau(
              "val_loss",
              ReduceOnPlateau.Mode.MIN,
              0.5,
              2,
              0.1,
              ReduceOnPlateau.ThresholdMode.RELATIVE,
              1,
              0.03);
      double[] losses = {1.0, 0.95, 0.92, 0.91, 0.93, 0.94, 0.95, 0.96, 0.5, 0.6, 0.6, 0.6, 0.6};
      double[] rates = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03};
      Context context = new Context(sgd);
      for (int e = 0; e < losses.length; e++) {
        plateau.onEpochEnd(context, e + 1, Map.of("loss", 0.0, "val_loss", losses[e]));
        assertThat(sgd.groups().get(0).learningRate())
            .as("after epoch %d", e + 1)
            .isCloseTo(rates[e], within(1e-12));
      }
      assertThat(plateau.reductions()).isEqualTo(2);
      assertThat(plateau.best()).isEqualTo(0.5);
      assertThatThrownBy(() -> plateau.onEpochEnd(context, 14, Map.of("loss", 1.0)))
          .hasMessage(
              "reduceOnPlateau: metric 'val_loss' is not among the epoch metrics [loss] (is there"
                  + " validation data?)");
    }
  }

  @Test
  void reduceOnPlateauInMaxModeWithAbsoluteThreshold() {
    try (Tensor a =
            Tensor.vector(Backends.get(TestBackends.names().get(0)), 0f).requiresGrad(true);
        Optimizer sgd = new Sgd(Map.of("a", a), 1.0)) {
      ReduceOnPlateau plateau =
          new ReduceOnPlateau(
              "val_accuracy",
              ReduceOnPlateau.Mode.MAX,
              0.1,
              0,
              0.01,
              ReduceOnPlateau.ThresholdMode.ABSOLUTE,
              0,
              0);
      assertThat(plateau.observe(0.80, sgd)).isFalse();
      assertThat(plateau.observe(0.805, sgd)).isTrue(); // +0.005 is not more than 0.01
      assertThat(sgd.groups().get(0).learningRate()).isCloseTo(0.1, within(1e-12));
      assertThat(plateau.observe(0.82, sgd)).isFalse();
      assertThatThrownBy(
              () ->
                  new ReduceOnPlateau(
                      "x",
                      ReduceOnPlateau.Mode.MIN,
                      1.5,
                      0,
                      0,
                      ReduceOnPlateau.ThresholdMode.RELATIVE,
                      0,
                      0))
          .hasMessage("reduceOnPlateau: factor must be in (0, 1), got 1.5");
    }
  }
}
