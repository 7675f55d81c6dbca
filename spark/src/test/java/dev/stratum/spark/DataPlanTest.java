package dev.stratum.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.data.Shuffle;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataPlanTest {

  @Test
  void everySampleIsVisitedOncePerEpochByTheWorkerOfItsIndex() {
    DataPlan plan = new DataPlan(101, 3, 8, 5, true);
    // shards of 34, 34, 33: S = ceil(33 / 8) = 5 steps, the last taking the rest
    assertThat(plan.stepsPerEpoch()).isEqualTo(5);
    for (int epoch = 1; epoch <= 2; epoch++) {
      Set<Long> seen = new HashSet<>();
      for (int w = 0; w < 3; w++) {
        for (int step = 0; step < plan.stepsPerEpoch(); step++) {
          for (long i : plan.sampleIndices(epoch, w, step)) {
            assertThat(i % 3).isEqualTo(w);
            assertThat(seen.add(i)).as("sample %d seen twice", i).isTrue();
          }
        }
        assertThat(plan.positions(epoch, w, 4)).hasSize(plan.shardSize(w) - 4 * 8);
      }
      assertThat(seen).hasSize(101);
    }
  }

  @Test
  void theOrderIsThePhiloxShuffleOfEpochAndWorker() {
    DataPlan plan = new DataPlan(40, 2, 4, 9, true);
    int[] expected = Shuffle.permutation(9, 3L * 2 + 1, 20);
    assertThat(plan.positions(3, 1, 0)).containsExactly(Arrays.copyOfRange(expected, 0, 4));
    assertThat(plan.positions(3, 1, 0)).isNotEqualTo(plan.positions(4, 1, 0));
    assertThat(new DataPlan(40, 2, 4, 9, false).positions(3, 1, 1)).containsExactly(4, 5, 6, 7);
  }

  @Test
  void badPlansAreRefusedWithTheirNumbers() {
    assertThatThrownBy(() -> new DataPlan(1, 2, 4, 0, true))
        .hasMessage("data plan: 1 samples cannot be split over 2 workers; each needs at least one");
    assertThatThrownBy(() -> new DataPlan(10, 2, 0, 0, true))
        .hasMessage("data plan: batch size must be >= 1, got 0");
    assertThatThrownBy(() -> new DataPlan(10, 2, 4, 0, true).positions(1, 0, 2))
        .hasMessage("data plan: step 2 is outside 0..1 of an epoch");
  }
}
