package dev.stratum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

  /** n samples; sample i has input i and class i % classes (so ids can be read back). */
  private static Dataset labelled(int n, int classes) {
    float[] inputs = new float[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      inputs[i] = i;
      labels[i] = i % classes;
    }
    return ArrayDataset.classification(SampleArray.floats(inputs, 1), labels);
  }

  private static List<Integer> ids(Dataset d) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      ids.add((int) d.input(i)[0]);
    }
    return ids;
  }

  private static int count(Dataset d, int label) {
    int n = 0;
    for (int i = 0; i < d.size(); i++) {
      n += d.target(i)[0] == label ? 1 : 0;
    }
    return n;
  }

  @Test
  void trainValidationIsDisjointCompleteAndSized() {
    Splits.TrainValidation split = Splits.trainValidation(labelled(103, 3), 0.2, 5);
    assertThat(split.validation().size()).isEqualTo(21); // round(20.6)
    assertThat(split.train().size()).isEqualTo(82);
    Set<Integer> all = new HashSet<>(ids(split.train()));
    all.addAll(ids(split.validation()));
    assertThat(all).hasSize(103);
    assertThat(ids(split.train())).doesNotContainAnyElementsOf(ids(split.validation()));
  }

  @Test
  void trainValidationIsReproducibleFromItsSeed() {
    Dataset data = labelled(50, 2);
    assertThat(ids(Splits.trainValidation(data, 0.3, 1).validation()))
        .isEqualTo(ids(Splits.trainValidation(data, 0.3, 1).validation()))
        .isNotEqualTo(ids(Splits.trainValidation(data, 0.3, 2).validation()));
  }

  @Test
  void stratifiedTrainValidationKeepsClassProportions() {
    // classes of 40, 40 and 40 samples; 25% of each is 10
    Splits.TrainValidation split = Splits.trainValidation(labelled(120, 3), 0.25, 9, true);
    for (int c = 0; c < 3; c++) {
      assertThat(count(split.validation(), c)).as("class %d", c).isEqualTo(10);
      assertThat(count(split.train(), c)).as("class %d", c).isEqualTo(30);
    }
  }

  @Test
  void kFoldsCoverEverySampleOnceAndDifferInSizeByAtMostOne() {
    Dataset data = labelled(23, 4);
    List<Splits.Fold> folds = Splits.kFold(data, 5, 3, false);
    assertThat(folds).hasSize(5);
    List<Integer> validated = new ArrayList<>();
    for (Splits.Fold fold : folds) {
      assertThat(fold.validation().size()).isBetween(4, 5);
      assertThat(fold.train().size() + fold.validation().size()).isEqualTo(23);
      assertThat(ids(fold.train())).doesNotContainAnyElementsOf(ids(fold.validation()));
      validated.addAll(ids(fold.validation()));
    }
    assertThat(validated).containsExactlyInAnyOrderElementsOf(ids(data));
    assertThat(folds.get(2).index()).isEqualTo(2);
  }

  @Test
  void stratifiedFoldsHoldEachClassToWithinOneOfItsShare() {
    // 10 of class 0, 20 of class 1 (odd ids), 5 of class 2: built from one-hot targets
    int n = 35;
    float[] inputs = new float[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      inputs[i] = i;
      labels[i] = i < 10 ? 0 : i < 30 ? 1 : 2;
    }
    Dataset data =
        ArrayDataset.classification(SampleArray.floats(inputs, 1), labels).oneHotTargets(3);
    List<Splits.Fold> folds = Splits.kFold(data, 4, 11, true);
    List<Integer> validated = new ArrayList<>();
    for (Splits.Fold fold : folds) {
      int[] classes = Splits.classes(fold.validation());
      int[] counts = new int[3];
      for (int c : classes) {
        counts[c]++;
      }
      assertThat(counts[0]).isBetween(2, 3); // 10 / 4
      assertThat(counts[1]).isEqualTo(5); // 20 / 4
      assertThat(counts[2]).isBetween(1, 2); // 5 / 4
      validated.addAll(ids(fold.validation()));
    }
    assertThat(validated).containsExactlyInAnyOrderElementsOf(ids(data));
  }

  @Test
  void badArgumentsAreNamed() {
    Dataset data = labelled(5, 2);
    assertThatThrownBy(() -> Splits.kFold(data, 6, 0, false))
        .hasMessage("kFold: need 2 <= k <= 5 (the number of samples), got k = 6");
    assertThatThrownBy(() -> Splits.trainValidation(data, 1.5, 0))
        .hasMessage("trainValidation: the validation fraction 1.5 is not in [0, 1]");
    Dataset regression =
        ArrayDataset.of(new float[] {1, 2}, new int[] {1}, new float[] {0.5f, 1}, new int[] {});
    assertThatThrownBy(() -> Splits.kFold(regression, 2, 0, true))
        .hasMessage("stratified split: sample 0 has target 0.5, not a class index");
  }
}
