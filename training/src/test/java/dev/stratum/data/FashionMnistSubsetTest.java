package dev.stratum.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.testing.FashionSubset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Fashion-MNIST subset shipped in the test resources (made by {@code
 * scripts/make-fashion-subset.sh}) and the data loader on every backend present.
 */
class FashionMnistSubsetTest {

  /** The folder of the shipped subset. */
  static Path subsetFolder() {
    return FashionSubset.folder();
  }

  static List<String> backends() {
    return Backends.availableNames();
  }

  @Test
  void theSubsetHoldsABalancedThousandTrainingAndTwoHundredTestImages() throws IOException {
    FashionMnist.Split split = FashionMnist.load(subsetFolder());
    assertThat(split.train().size()).isEqualTo(1000);
    assertThat(split.test().size()).isEqualTo(200);
    assertThat(split.train().inputShape()).containsExactly(1, 28, 28);
    int[] trainCounts = new int[10];
    for (int c : Splits.classes(split.train())) {
      trainCounts[c]++;
    }
    int[] testCounts = new int[10];
    for (int c : Splits.classes(split.test())) {
      testCounts[c]++;
    }
    assertThat(trainCounts).containsOnly(100);
    assertThat(testCounts).containsOnly(20);
    float max = 0;
    for (int i = 0; i < split.train().size(); i++) {
      for (float v : split.train().input(i)) {
        assertThat(v).isBetween(0f, 1f);
        max = Math.max(max, v);
      }
    }
    assertThat(max).isEqualTo(1f); // some pixel is 255
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void theLoaderDeliversShuffledBatchesAndLeavesNothingBehind(String name) throws IOException {
    // a private instance: the shared one also holds other tests' tensors, which the Cleaner may
    // free at any moment and so move the count
    try (Backend backend = Backends.create(name, BackendOptions.defaults())) {
      theLoaderDeliversShuffledBatchesAndLeavesNothingBehindOn(backend);
    }
  }

  private void theLoaderDeliversShuffledBatchesAndLeavesNothingBehindOn(Backend backend)
      throws IOException {
    Dataset train = FashionMnist.load(subsetFolder(), "train").withInputShape(784);
    int baseline = backend.liveStorages();
    DataLoader loader =
        DataLoader.builder(train).batchSize(64).shuffle(2024).backend(backend).prefetch(2).build();
    assertThat(loader.batchCount()).isEqualTo(16); // 15 × 64 + 40
    int[] order = Shuffle.permutation(2024, 0, 1000);
    int b = 0;
    for (Batch batch : loader) {
      try (batch) {
        int n = batch.size();
        assertThat(n).isEqualTo(b < 15 ? 64 : 40);
        float[] inputs = batch.inputs().toArray();
        float[] targets = batch.targets().toArray();
        for (int i = 0; i < n; i++) {
          int sample = order[64 * b + i];
          assertThat(targets[i]).isEqualTo(train.target(sample)[0]);
          assertThat(Arrays.copyOfRange(inputs, 784 * i, 784 * (i + 1)))
              .containsExactly(train.input(sample));
        }
      }
      b++;
    }
    assertThat(b).isEqualTo(16);
    assertThat(backend.liveStorages()).as("after a full epoch").isEqualTo(baseline);

    try (BatchIterator batches = loader.iterator()) {
      for (int i = 0; i < 3; i++) {
        batches.next().close();
      }
    }
    assertThat(backend.liveStorages()).as("after stopping early").isEqualTo(baseline);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith(BatchIterator.THREAD_PREFIX) && t.isAlive());
  }
}
