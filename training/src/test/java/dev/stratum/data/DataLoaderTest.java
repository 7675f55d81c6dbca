package dev.stratum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataLoaderTest {

  private final RecordingBackend backend = new RecordingBackend();

  /** Sample i has input {10i, 10i+1, 10i+2} and target i (a class index). */
  private static Dataset numbered(int n) {
    float[] inputs = new float[n * 3];
    float[] targets = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        inputs[i * 3 + j] = 10 * i + j;
      }
      targets[i] = i;
    }
    return ArrayDataset.of(inputs, new int[] {3}, targets, new int[] {});
  }

  /** The sample indices of one epoch, in the order the batches delivered them. */
  private static List<Integer> order(BatchIterator batches) {
    List<Integer> order = new ArrayList<>();
    try (batches) {
      while (batches.hasNext()) {
        try (Batch batch = batches.next()) {
          for (float t : batch.targets().toArray()) {
            order.add((int) t);
          }
        }
      }
    }
    return order;
  }

  private static List<Thread> loaderThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(BatchIterator.THREAD_PREFIX) && t.isAlive())
        .toList();
  }

  @AfterEach
  void nothingLeaks() {
    assertThat(backend.liveStorages()).as("live storages after the test").isZero();
    assertThat(loaderThreads()).as("loader threads still running").isEmpty();
  }

  @Test
  void anAutoencodersBatchDecodesEachSampleOnceAndTargetsTheCleanInput() {
    Dataset base = numbered(6);
    int[] decoded = new int[2];
    Dataset counting =
        new Dataset() {
          @Override
          public int size() {
            return base.size();
          }

          @Override
          public int[] inputShape() {
            return base.inputShape();
          }

          @Override
          public int[] targetShape() {
            return base.targetShape();
          }

          @Override
          public void copyInput(int index, float[] dst, int offset) {
            decoded[0]++;
            base.copyInput(index, dst, offset);
          }

          @Override
          public void copyTarget(int index, float[] dst, int offset) {
            decoded[1]++;
            base.copyTarget(index, dst, offset);
          }
        };
    // through a reshape and a subset, with an input transform: the targets stay the raw inputs
    Dataset autoencoder = counting.withInputShape(3, 1).subset(4, 1, 5).inputsAsTargets();
    DataLoader loader =
        DataLoader.builder(autoencoder)
            .batchSize(3)
            .backend(backend)
            .prefetch(0)
            .inputTransform((values, offset, length, epoch, sample) -> values[offset] += 100)
            .build();
    for (Batch batch : loader) {
      try (batch) {
        assertThat(batch.targets().toArray()).containsExactly(40, 41, 42, 10, 11, 12, 50, 51, 52);
        assertThat(batch.inputs().toArray()).containsExactly(140, 41, 42, 110, 11, 12, 150, 51, 52);
        assertThat(batch.targets().shape()).containsExactly(3, 3, 1);
      }
    }
    assertThat(decoded).as("inputs decoded, targets decoded").containsExactly(3, 0);

    // a data set whose targets are its own decodes both, once each per sample
    decoded[0] = 0;
    for (Batch batch : DataLoader.builder(counting).batchSize(6).backend(backend).build()) {
      try (batch) {
        assertThat(batch.targets().toArray()).containsExactly(0, 1, 2, 3, 4, 5);
      }
    }
    assertThat(decoded).containsExactly(6, 6);
  }

  @ParameterizedTest(name = "prefetch {0}")
  @ValueSource(ints = {0, 1, 3})
  void batchesAreConsecutiveSlicesWithAPartialLastBatch(int prefetch) {
    DataLoader loader =
        DataLoader.builder(numbered(10)).batchSize(4).backend(backend).prefetch(prefetch).build();
    assertThat(loader.batchCount()).isEqualTo(3);
    List<int[]> shapes = new ArrayList<>();
    List<float[]> inputs = new ArrayList<>();
    for (Batch batch : loader) {
      try (batch) {
        shapes.add(batch.inputs().shape());
        shapes.add(batch.targets().shape());
        inputs.add(batch.inputs().toArray());
      }
    }
    assertThat(shapes)
        .containsExactly(
            new int[] {4, 3},
            new int[] {4},
            new int[] {4, 3},
            new int[] {4},
            new int[] {2, 3},
            new int[] {2});
    assertThat(inputs.get(2)).containsExactly(80, 81, 82, 90, 91, 92);
    assertThat(inputs.get(0)).startsWith(0, 1, 2, 10, 11, 12);
  }

  @Test
  void dropLastOmitsTheShortBatch() {
    DataLoader loader =
        DataLoader.builder(numbered(10)).batchSize(4).dropLast(true).backend(backend).build();
    assertThat(loader.batchCount()).isEqualTo(2);
    assertThat(order(loader.iterator())).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void withoutASeedEveryEpochIsInIndexOrder() {
    DataLoader loader = DataLoader.builder(numbered(7)).batchSize(3).backend(backend).build();
    assertThat(order(loader.iterator())).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(order(loader.iterator())).containsExactly(0, 1, 2, 3, 4, 5, 6);
  }

  @Test
  void shufflingVisitsEverySampleOncePerEpochInAReproducibleOrder() {
    Dataset data = numbered(101);
    DataLoader a = DataLoader.builder(data).batchSize(8).shuffle(42).backend(backend).build();
    DataLoader b =
        DataLoader.builder(data).batchSize(8).shuffle(42).backend(backend).prefetch(0).build();
    DataLoader other = DataLoader.builder(data).batchSize(8).shuffle(43).backend(backend).build();
    Set<List<Integer>> epochs = new HashSet<>();
    for (int e = 0; e < 3; e++) {
      List<Integer> first = order(a.iterator());
      assertThat(first).as("epoch %d", e).containsExactlyInAnyOrderElementsOf(range(101));
      assertThat(order(b.iterator())).as("same seed, epoch %d", e).isEqualTo(first);
      assertThat(order(other.iterator())).as("other seed, epoch %d", e).isNotEqualTo(first);
      epochs.add(first);
    }
    assertThat(epochs).as("three epochs, three orders").hasSize(3);
    assertThat(a.nextEpoch()).isEqualTo(3);
    // an epoch asked for by number is the one iterator() gave
    assertThat(order(a.epoch(1)).stream().mapToInt(Integer::intValue).toArray())
        .isEqualTo(Shuffle.permutation(42, 1, 101));
  }

  @Test
  void resumingAtAnEpochRepeatsItsOrder() {
    DataLoader a =
        DataLoader.builder(numbered(20)).batchSize(6).shuffle(7).backend(backend).build();
    order(a.iterator());
    List<Integer> second = order(a.iterator());
    DataLoader b =
        DataLoader.builder(numbered(20)).batchSize(6).shuffle(7).backend(backend).build();
    b.setNextEpoch(1);
    assertThat(order(b.iterator())).isEqualTo(second);
  }

  @Test
  void prefetchedBatchesAreMadeOnTheLoaderThreadAndEqualTheSynchronousOnes() {
    Dataset data = numbered(33);
    var noise = new GaussianNoise(0.5f, 9);
    DataLoader prefetched =
        DataLoader.builder(data)
            .batchSize(5)
            .shuffle(3)
            .inputTransform(noise)
            .backend(backend)
            .prefetch(2)
            .build();
    RecordingBackend syncBackend = new RecordingBackend();
    DataLoader sync =
        DataLoader.builder(data)
            .batchSize(5)
            .shuffle(3)
            .inputTransform(noise)
            .backend(syncBackend)
            .prefetch(0)
            .build();
    try (BatchIterator p = prefetched.iterator();
        BatchIterator s = sync.iterator()) {
      while (s.hasNext()) {
        try (Batch x = p.next();
            Batch y = s.next()) {
          assertThat(x.inputs().toArray()).containsExactly(y.inputs().toArray());
          assertThat(x.targets().toArray()).containsExactly(y.targets().toArray());
        }
      }
      assertThat(p.hasNext()).isFalse();
    }
    assertThat(backend.uploadThreads).allMatch(n -> n.startsWith(BatchIterator.THREAD_PREFIX));
    assertThat(syncBackend.uploadThreads).containsExactly(Thread.currentThread().getName());
    assertThat(syncBackend.liveStorages()).isZero();
  }

  @Test
  void noiseDependsOnTheSampleAndEpochNotOnTheBatch() {
    Dataset data = numbered(12);
    var noise = new GaussianNoise(1f, 5);
    ArrayDataset epoch2 = noise.applyToInputs(data, 2);
    DataLoader loader =
        DataLoader.builder(data)
            .batchSize(5)
            .shuffle(11)
            .inputTransform(noise)
            .backend(backend)
            .build();
    try (BatchIterator batches = loader.epoch(2)) {
      while (batches.hasNext()) {
        try (Batch batch = batches.next()) {
          float[] inputs = batch.inputs().toArray();
          float[] targets = batch.targets().toArray();
          for (int i = 0; i < targets.length; i++) {
            assertThat(Arrays.copyOfRange(inputs, 3 * i, 3 * i + 3))
                .containsExactly(epoch2.input((int) targets[i]));
          }
        }
      }
    }
    assertThat(noise.applyToInputs(data, 3).input(0)).isNotEqualTo(epoch2.input(0));
  }

  @Test
  void closingAnIteratorEarlyStopsTheThreadAndFreesThePreparedBatches() {
    DataLoader loader =
        DataLoader.builder(numbered(50)).batchSize(2).backend(backend).prefetch(4).build();
    try (BatchIterator batches = loader.iterator()) {
      try (Batch first = batches.next()) {
        assertThat(first.targets().toArray()).containsExactly(0, 1);
      }
      assertThat(batches.hasNext()).isTrue();
    }
    // the @AfterEach check: no storage left, no thread running
  }

  @Test
  void closingTheLoaderStopsItsIterations() {
    DataLoader loader =
        DataLoader.builder(numbered(50)).batchSize(2).backend(backend).prefetch(4).build();
    BatchIterator first = loader.iterator();
    BatchIterator second = loader.iterator();
    first.next().close();
    loader.close();
    assertThat(backend.liveStorages()).isZero();
    assertThat(loaderThreads()).isEmpty();
    first.close();
    second.close();
  }

  @Test
  void aClosedIteratorRefusesToContinue() {
    DataLoader loader = DataLoader.builder(numbered(5)).batchSize(2).backend(backend).build();
    BatchIterator batches = loader.iterator();
    batches.close();
    assertThat(batches.hasNext()).isFalse();
    assertThatThrownBy(batches::next)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the batch iterator of epoch 0 is closed");
  }

  @Test
  void anExhaustedIteratorSaysSo() {
    DataLoader loader = DataLoader.builder(numbered(3)).batchSize(2).backend(backend).build();
    BatchIterator batches = loader.iterator();
    batches.next().close();
    batches.next().close();
    assertThat(batches.hasNext()).isFalse();
    assertThatThrownBy(batches::next).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailureWhilePreparingABatchReachesTheCallerAndLeaksNothing() {
    backend.failAfterUploads = 5; // batches 0 and 1 (two uploads each) succeed, batch 2 fails
    DataLoader loader =
        DataLoader.builder(numbered(20)).batchSize(3).backend(backend).prefetch(2).build();
    try (BatchIterator batches = loader.iterator()) {
      batches.next().close();
      batches.next().close();
      assertThatThrownBy(batches::next)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("data loader: preparing batch 2 of epoch 0 failed: simulated upload failure")
          .hasRootCauseMessage("simulated upload failure");
      assertThat(batches.hasNext()).isFalse();
    }
  }

  @Test
  void aLoaderOverAnEmptyDataSetHasNoBatches() {
    DataLoader loader = DataLoader.builder(numbered(0)).batchSize(4).backend(backend).build();
    assertThat(loader.batchCount()).isZero();
    assertThat(loader.iterator().hasNext()).isFalse();
  }

  @Test
  void badSettingsAreRefusedWithTheirValues() {
    var builder = DataLoader.builder(numbered(3));
    assertThatThrownBy(() -> builder.batchSize(0)).hasMessage("batch size must be >= 1, got 0");
    assertThatThrownBy(() -> builder.prefetch(-1))
        .hasMessage("prefetch must be >= 0 batches, got -1");
    DataLoader loader = builder.backend(backend).build();
    assertThatThrownBy(() -> loader.epoch(-2)).hasMessage("epoch must be >= 0, got -2");
  }

  @Test
  void permutationsOfThreeAreUniform() {
    // 6000 seeds; each of the 6 orders should appear 1000 times, standard deviation
    // sqrt(6000 · 1/6 · 5/6) ≈ 28.9; allow 5 sigma
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    for (long seed = 0; seed < 6000; seed++) {
      counts.merge(Arrays.toString(Shuffle.permutation(seed, 0, 3)), 1, Integer::sum);
    }
    assertThat(counts).hasSize(6);
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(856, 1144));
  }

  private static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
