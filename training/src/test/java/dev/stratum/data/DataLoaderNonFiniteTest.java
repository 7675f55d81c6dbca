package dev.stratum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A NaN or infinity in the data is found when a batch is made, named by its sample index. */
class DataLoaderNonFiniteTest {

  private final RecordingBackend backend = new RecordingBackend();

  /** 20 samples of 3 inputs, input {@code [13][2]} NaN, target 17 infinite when asked. */
  private static Dataset data(boolean badInput, boolean badTarget) {
    float[] inputs = new float[20 * 3];
    float[] targets = new float[20];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = i * 0.5f;
    }
    if (badInput) {
      inputs[13 * 3 + 2] = Float.NaN;
    }
    if (badTarget) {
      targets[17] = Float.NEGATIVE_INFINITY;
    }
    return ArrayDataset.of(inputs, new int[] {3}, targets, new int[] {});
  }

  /**
   * 20 samples of 3 bytes ({@code i mod 4}) read through {@code table}, their own targets: the
   * check is skipped for such data only where no value could fail it.
   */
  private static Dataset bytes(float[] table) {
    byte[] pixels = new byte[20 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i % 4);
    }
    SampleArray inputs = new SampleArray.UnsignedBytes(pixels, table, new int[] {3}, 3, 20);
    return new ArrayDataset(inputs, SampleArray.floats(new float[20])).inputsAsTargets();
  }

  private static void drain(DataLoader loader) {
    try (BatchIterator batches = loader.iterator()) {
      while (batches.hasNext()) {
        batches.next().close();
      }
    }
  }

  @AfterEach
  void nothingLeaks() {
    assertThat(backend.liveStorages()).as("live storages after the test").isZero();
  }

  @Test
  void aNanInputOnTheCallingThreadNamesTheSampleOfTheDataSet() {
    DataLoader loader =
        DataLoader.builder(data(true, false))
            .batchSize(4)
            .shuffle(3) // so the sample's index differs from its position in the batches
            .backend(backend)
            .prefetch(0)
            .build();
    assertThatThrownBy(() -> drain(loader))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "data loader: the input of sample 13 (element 2 of 3) is NaN, in epoch 0; NaN or"
                + " infinity in the data makes every loss it touches NaN (fix the data, or keep"
                + " such values with DataLoader.Builder.allowNonFinite(true))");
  }

  @Test
  void anInfiniteTargetFromThePrefetchThreadReachesTheCaller() {
    DataLoader loader =
        DataLoader.builder(data(false, true)).batchSize(4).backend(backend).prefetch(2).build();
    assertThatThrownBy(() -> drain(loader))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "data loader: preparing batch 4 of epoch 0 failed: data loader: the target of"
                + " sample 17 (element 0 of 1) is -Infinity, in epoch 0")
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTransformThatMakesANanIsNamedToo() {
    Transform breaks =
        (values, offset, length, epoch, sample) -> {
          if (sample == 5) {
            values[offset] = Float.POSITIVE_INFINITY;
          }
        };
    DataLoader loader =
        DataLoader.builder(data(false, false))
            .batchSize(8)
            .backend(backend)
            .prefetch(0)
            .inputTransform(breaks)
            .build();
    assertThatThrownBy(() -> drain(loader))
        .hasMessageStartingWith(
            "data loader: the input of sample 5 (element 0 of 3, after the input transform) is"
                + " Infinity");
  }

  /** A loader of {@link #bytes} in batches of 8 on the calling thread. */
  private DataLoader.Builder bytesLoader(float[] table) {
    return DataLoader.builder(bytes(table)).batchSize(8).backend(backend).prefetch(0);
  }

  @Test
  void byteDataWhoseTableHoldsANanIsStillChecked() {
    DataLoader loader = bytesLoader(new float[] {0f, 1f, Float.NaN, 3f}).build();
    // byte 2 first appears at element 2 of sample 0
    assertThatThrownBy(() -> drain(loader))
        .hasMessageStartingWith("data loader: the input of sample 0 (element 2 of 3) is NaN");
  }

  @Test
  void transformsOfFiniteByteDataAreChecked() {
    float[] table = {0f, 0.25f, 0.5f, 0.75f};
    Transform breaks =
        (values, offset, length, epoch, sample) -> {
          if (sample == 6) {
            values[offset + 1] = Float.NEGATIVE_INFINITY;
          }
        };
    DataLoader inputs = bytesLoader(table).inputTransform(breaks).build();
    assertThatThrownBy(() -> drain(inputs))
        .hasMessageStartingWith(
            "data loader: the input of sample 6 (element 1 of 3, after the input transform) is"
                + " -Infinity");
    DataLoader targets = bytesLoader(table).targetTransform(breaks).build();
    assertThatThrownBy(() -> drain(targets))
        .hasMessageStartingWith(
            "data loader: the target of sample 6 (element 1 of 3, after the target transform) is"
                + " -Infinity");
    try (BatchIterator batches = bytesLoader(table).build().iterator();
        Batch batch = batches.next()) {
      assertThat(batch.targets().toArray()).containsExactly(batch.inputs().toArray());
      assertThat(batch.inputs().toArray()[2]).isEqualTo(0.5f);
    }
  }

  @Test
  void aNanInInputsUsedAsTargetsIsNamedAsAnInput() {
    DataLoader loader =
        DataLoader.builder(data(true, false).inputsAsTargets())
            .batchSize(4)
            .backend(backend)
            .prefetch(0)
            .build();
    assertThatThrownBy(() -> drain(loader))
        .hasMessageStartingWith("data loader: the input of sample 13 (element 2 of 3) is NaN");
  }

  @Test
  void targetsCopiedFromInputsAreCheckedWhenATransformChangedTheInputs() {
    Transform repairs =
        (values, offset, length, epoch, sample) -> {
          for (int i = offset; i < offset + length; i++) {
            values[i] = Float.isNaN(values[i]) ? 0f : values[i];
          }
        };
    DataLoader loader =
        DataLoader.builder(data(true, false).inputsAsTargets())
            .batchSize(4)
            .backend(backend)
            .prefetch(0)
            .inputTransform(repairs)
            .build();
    assertThatThrownBy(() -> drain(loader))
        .hasMessageStartingWith("data loader: the target of sample 13 (element 2 of 3) is NaN");
  }

  @ParameterizedTest(name = "prefetch {0}")
  @ValueSource(ints = {0, 2})
  void allowNonFiniteKeepsTheValues(int prefetch) {
    DataLoader loader =
        DataLoader.builder(data(true, true))
            .batchSize(20)
            .backend(backend)
            .prefetch(prefetch)
            .allowNonFinite(true)
            .build();
    try (BatchIterator batches = loader.iterator();
        Batch batch = batches.next()) {
      assertThat(batch.inputs().toArray()[13 * 3 + 2]).isNaN();
      assertThat(batch.targets().toArray()[17]).isEqualTo(Float.NEGATIVE_INFINITY);
    }
  }
}
