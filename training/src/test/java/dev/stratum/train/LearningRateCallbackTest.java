package dev.stratum.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backends;
import dev.stratum.callback.LearningRateCallback;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateCallbackTest {

  @Test
  void perEpochScalesTheBaseRateBeforeEachEpoch() {
    TrainerTest.Setup s = TrainerTest.Setup.of(Backends.get("vector"), 1, 1);
    s.trainer(3).callbacks(LearningRateCallback.perEpoch(epoch -> 1.0 / epoch)).build().fit();

    // 8 steps per epoch, base rate 0.05
    List<Double> expected = new ArrayList<>();
    for (int epoch = 1; epoch <= 3; epoch++) {
      for (int step = 0; step < 8; step++) {
        expected.add(0.05 * (1.0 / epoch));
      }
    }
    assertThat(s.optimizer().ratesUsed).isEqualTo(expected);
    assertThat(s.optimizer().groups().get(0).baseLearningRate()).isEqualTo(0.05);
  }

  @Test
  void perStepIsKeyedByTheOptimizersIterations() {
    TrainerTest.Setup s = TrainerTest.Setup.of(Backends.get("vector"), 1, 1);
    s.trainer(2).callbacks(LearningRateCallback.perStep(step -> step + 1)).build().fit();
    // a second run carries on from the optimizer's step count
    s.trainer(1).callbacks(LearningRateCallback.perStep(step -> step + 1)).build().fit();

    List<Double> expected = new ArrayList<>();
    for (int step = 0; step < 24; step++) {
      expected.add(0.05 * (step + 1));
    }
    assertThat(s.optimizer().ratesUsed).isEqualTo(expected);
  }

  @Test
  void aResumedTrainerContinuesThePerEpochScheduleAtItsInitialEpoch() {
    TrainerTest.Setup s = TrainerTest.Setup.of(Backends.get("vector"), 1, 1);
    History history =
        s.trainer(4)
            .initialEpoch(2)
            .callbacks(LearningRateCallback.perEpoch(epoch -> 1.0 / epoch))
            .build()
            .fit();

    // epochs 3 and 4 only, 8 steps each
    List<Double> expected = new ArrayList<>();
    for (int epoch = 3; epoch <= 4; epoch++) {
      for (int step = 0; step < 8; step++) {
        expected.add(0.05 / epoch);
      }
    }
    assertThat(s.optimizer().ratesUsed).isEqualTo(expected);
    assertThat(history.epochs()).hasSize(2);
    assertThatThrownBy(() -> s.trainer(2).initialEpoch(2).build())
        .hasMessage("trainer: initialEpoch 2 leaves nothing to run: it must be below epochs (2)");
    assertThatThrownBy(() -> s.trainer(2).initialEpoch(-1))
        .hasMessage("trainer: initialEpoch must be >= 0, got -1");
  }

  @Test
  void aBadFactorIsNamed() {
    TrainerTest.Setup s = TrainerTest.Setup.of(Backends.get("vector"), 1, 1);
    assertThatThrownBy(
            () ->
                s.trainer(3)
                    .callbacks(LearningRateCallback.perEpoch(epoch -> epoch == 2 ? -1 : 1))
                    .build()
                    .fit())
        .hasMessage(
            "learning-rate schedule: the factor for epoch 2 must be finite and >= 0, got -1.0");
  }
}
