package dev.stratum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetTest {

  private final RecordingBackend backend = new RecordingBackend();

  private static ArrayDataset pixels() {
    // three 2×2 images of bytes, labels 2, 0, 1
    byte[] bytes = {0, 1, 2, 3, 4, 5, 6, 7, (byte) 200, (byte) 255, 10, 20};
    return ArrayDataset.classification(
        SampleArray.unsignedBytes(bytes, 255f, 1, 2, 2), new int[] {2, 0, 1});
  }

  @Test
  void unsignedBytesReadAsTheirValueOver255() {
    ArrayDataset data = pixels();
    assertThat(data.inputShape()).containsExactly(1, 2, 2);
    assertThat(data.input(2)).containsExactly(200 / 255f, 255 / 255f, 10 / 255f, 20 / 255f);
  }

  @Test
  void subsetsOfSubsetsMapToTheBase() {
    Dataset sub = pixels().subset(2, 0, 2).subset(1, 2);
    assertThat(sub.size()).isEqualTo(2);
    assertThat(sub.target(0)).containsExactly(2f);
    assertThat(sub.target(1)).containsExactly(1f);
    assertThat(sub).isInstanceOf(DatasetViews.Subset.class);
    assertThat(((DatasetViews.Subset) sub).base()).isInstanceOf(ArrayDataset.class);
    assertThatThrownBy(() -> pixels().subset(0, 3))
        .hasMessage("subset: index 3 at position 1 is outside the data set of 3 samples");
  }

  @Test
  void viewsReshapeOneHotAndReuseInputs() {
    Dataset flat = pixels().withInputShape(4);
    assertThat(flat.inputShape()).containsExactly(4);
    assertThat(flat.input(1)).containsExactly(pixels().input(1));
    assertThat(pixels().oneHotTargets(3).target(0)).containsExactly(0f, 0f, 1f);
    assertThat(pixels().inputsAsTargets().target(1)).containsExactly(pixels().input(1));
    assertThatThrownBy(() -> pixels().withInputShape(5))
        .hasMessage(
            "withInputShape: inputs of shape [1, 2, 2] (4 elements) cannot be viewed as [5] (5"
                + " elements)");
    assertThatThrownBy(() -> pixels().oneHotTargets(2).target(0))
        .hasMessage("oneHotTargets: sample 0 has label 2.0, which is not a class index in [0, 2)");
  }

  @Test
  void aBatchGathersTheRowsItIsAskedFor() {
    try (Batch batch = pixels().withInputShape(4).batch(backend, 2, 0)) {
      assertThat(batch.inputs().shape()).containsExactly(2, 4);
      assertThat(batch.targets().shape()).containsExactly(2);
      assertThat(batch.targets().toArray()).containsExactly(1f, 2f);
      assertThat(batch.inputs().toArray())
          .containsExactly(200 / 255f, 1f, 10 / 255f, 20 / 255f, 0f, 1 / 255f, 2 / 255f, 3 / 255f);
    }
    assertThat(backend.liveStorages()).isZero();
    assertThatThrownBy(() -> pixels().batch(backend, 3))
        .hasMessage("sample 3 is outside the data set of 3 samples");
    assertThat(backend.liveStorages()).isZero();
  }

  @Test
  void inputsAndTargetsMustAgreeOnTheSampleCount() {
    assertThatThrownBy(
            () ->
                ArrayDataset.of(
                    new float[] {1, 2, 3, 4}, new int[] {2}, new float[] {1}, new int[] {}))
        .hasMessage("data set: 2 inputs but 1 targets; each input needs one target");
    assertThatThrownBy(() -> SampleArray.floats(new float[5], 2))
        .hasMessage(
            "floats: 5 values are not a whole number of samples of shape [2] (2 values each)");
  }
}
