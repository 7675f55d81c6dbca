package dev.stratum.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DivergenceGuardTest {

  private static DivergenceGuard inEpoch(int epoch) {
    DivergenceGuard guard = new DivergenceGuard("Try less.");
    guard.onEpochBegin(null, epoch);
    return guard;
  }

  @Test
  void aNanLossStopsWithTheEpochAndTheStep() {
    DivergenceGuard guard = inEpoch(2);
    guard.onBatchEnd(null, 11, 2.3, 64);
    guard.onBatchEnd(null, 12, 2.1, 64);
    assertThatThrownBy(() -> guard.onBatchEnd(null, 13, Double.NaN, 64))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessage(
            "training diverged in epoch 2 at step 3 of the epoch (step 13 of the run): the loss is"
                + " NaN. Try less.")
        .satisfies(
            e -> {
              assertThat(((TrainingDivergedException) e).epoch()).isEqualTo(2);
              assertThat(((TrainingDivergedException) e).stepInEpoch()).isEqualTo(3);
            });
  }

  @Test
  void aLossAHundredTimesTheFirstCountsAsGrowingWithoutBound() {
    DivergenceGuard guard = inEpoch(1);
    guard.onBatchEnd(null, 1, 2.0, 64);
    guard.onBatchEnd(null, 2, 199.0, 64); // just under 100 x 2
    assertThatThrownBy(() -> guard.onBatchEnd(null, 3, 201.0, 64))
        .hasMessageContaining("the loss grew to 201, more than 100 times the first step's 2");
  }

  @Test
  void infiniteLossStopsAndAHealthyOneDoesNot() {
    DivergenceGuard healthy = inEpoch(1);
    for (int step = 1; step <= 100; step++) {
      healthy.onBatchEnd(null, step, 2.3 / step, 32);
    }
    healthy.onEpochBegin(null, 2);
    assertThatThrownBy(() -> healthy.onBatchEnd(null, 101, Double.POSITIVE_INFINITY, 32))
        .hasMessageContaining("epoch 2 at step 1 of the epoch")
        .hasMessageContaining("the loss is infinite");
  }
}
