package dev.stratum.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.callback.Callback;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.checkpoint.TrainingState;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.DataLoader;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.Adam;
import dev.stratum.optimizers.HasMomentum;
import dev.stratum.optimizers.Sgd;
import dev.stratum.optimizers.schedule.ReduceOnPlateau;
import dev.stratum.optimizers.schedule.Schedules;
import dev.stratum.tensor.Tensor;
import dev.stratum.testing.Blobs;
import dev.stratum.testing.TestLosses;
import dev.stratum.testing.TinyStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, item 5: training N epochs gives the same bits as training k, checkpointing, and
 * resuming for the remaining N − k with {@link Trainer.Builder#resumeFrom} (no {@code
 * initialEpoch}): the parameters, every epoch's metrics, the learning rates and the momentum,
 * exactly (0 ulp), with a per-step one-cycle schedule that cycles momentum, a per-epoch step decay,
 * and reduce-on-plateau with a best-model checkpoint, each resumed from every epoch k.
 */
class ResumeTest {

  private static final int EPOCHS = 5;
  private static final long SEED = 7;

  @TempDir Path dir;

  /** What a run is made of; each call makes fresh callbacks. */
  record Scenario(
      String name,
      Function<Map<String, Tensor>, Optimizer> optimizer,
      Function<Path, List<Callback>> callbacks) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Scenario> scenarios() {
    return List.of(
        new Scenario(
            "sgd, one-cycle per step with momentum",
            p -> Sgd.builder().parameters(p).lr(0.2).momentum(0.9).build(),
            root -> List.of(Schedules.oneCycle(EPOCHS * 3L).perStep())),
        new Scenario(
            "adam, step decay per epoch",
            p -> Adam.builder().parameters(p).lr(0.05).weightDecay(1e-3).build(),
            root -> List.of(Schedules.step(2, 0.5).perEpoch())),
        new Scenario(
            "sgd, reduce on plateau and best checkpoint",
            p -> Sgd.builder().parameters(p).lr(0.3).momentum(0.5).build(),
            root ->
                List.of(
                    // a threshold this large makes almost every epoch a plateau: reductions happen
                    new ReduceOnPlateau(
                        "val_loss",
                        ReduceOnPlateau.Mode.MIN,
                        0.5,
                        0,
                        0.2,
                        ReduceOnPlateau.ThresholdMode.RELATIVE,
                        1,
                        0),
                    ModelCheckpoint.best(root.resolve("best"), Monitor.min("val_loss")))));
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String backend : Backends.availableNames()) {
      if (backend.equals("opencl")) {
        continue; // the same code path; PoCL is slow, and OpenClCrossBackendTest covers it
      }
      for (Scenario scenario : scenarios()) {
        all.add(Arguments.of(backend, scenario));
      }
    }
    return all.stream();
  }

  /** A finished (or resumed) run: its history and where the model and optimizer ended. */
  record Outcome(
      List<Map<String, Double>> history,
      Map<String, float[]> weights,
      double lr,
      double baseLr,
      double momentum) {}

  private Outcome run(
      Backend backend, Scenario scenario, Path root, long modelSeed, Path resumeFrom) {
    Blobs blobs = Blobs.generate(40, 4, 3, SEED);
    Blobs validation = Blobs.generate(12, 4, 3, SEED + 1);
    try (TinyStack model = TinyStack.mlp(backend, 4, 8, 3, modelSeed);
        Optimizer optimizer = scenario.optimizer().apply(model.parameters());
        DataLoader training =
            DataLoader.builder(
                    ArrayDataset.of(blobs.inputs(), new int[] {4}, blobs.labels(), new int[] {}))
                .batchSize(16)
                .shuffle(SEED)
                .backend(backend)
                .build();
        DataLoader validating =
            DataLoader.builder(
                    ArrayDataset.of(
                        validation.inputs(), new int[] {4}, validation.labels(), new int[] {}))
                .batchSize(16)
                .backend(backend)
                .build()) {
      List<Callback> callbacks = new ArrayList<>(scenario.callbacks().apply(root));
      callbacks.add(ModelCheckpoint.every(root, 1));
      Trainer.Builder builder =
          Trainer.builder()
              .model(model)
              .optimizer(optimizer)
              .loss(TestLosses.CROSS_ENTROPY)
              .trainingData(training)
              .validationData(validating)
              .epochs(EPOCHS)
              .callbacks(callbacks.toArray(Callback[]::new))
              .progress(false);
      if (resumeFrom != null) {
        builder.resumeFrom(resumeFrom);
      }
      History history = builder.build().fit();
      Map<String, float[]> weights = new java.util.TreeMap<>();
      model.parameters().forEach((name, t) -> weights.put(name, t.toArray()));
      double momentum = optimizer instanceof HasMomentum m ? m.momentum() : Double.NaN;
      return new Outcome(
          history.epochs(),
          weights,
          optimizer.groups().get(0).learningRate(),
          optimizer.groups().get(0).baseLearningRate(),
          momentum);
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void trainingNEpochsEqualsTrainingKThenResumingForTheRest(String backendName, Scenario scenario)
      throws Exception {
    Backend backend = Backends.get(backendName);
    Path fullRoot = dir.resolve("full");
    Outcome full = run(backend, scenario, fullRoot, SEED, null);
    assertThat(full.history()).hasSize(EPOCHS);
    // the schedule did move the rate, so resuming it wrongly would show
    assertThat(full.lr()).isLessThan(full.baseLr() * 0.3);
    for (int epoch = 1; epoch < EPOCHS; epoch++) {
      int k = epoch;
      Path checkpoint = ModelCheckpoint.epochDirectory(fullRoot, k);
      assertThat(Checkpoint.trainingState(checkpoint)).map(TrainingState::epoch).contains(k);
      // a different initialisation: everything must come from the checkpoint
      Outcome resumed = run(backend, scenario, dir.resolve("resumed-" + k), SEED + 100, checkpoint);
      assertThat(resumed.history())
          .as("epochs %d..%d resumed from epoch %d", k + 1, EPOCHS, k)
          .isEqualTo(full.history().subList(k, EPOCHS));
      assertSameWeights(full, resumed, k);
      assertThat(resumed.lr()).as("learning rate").isEqualTo(full.lr());
      assertThat(resumed.momentum()).as("momentum").isEqualTo(full.momentum());
    }
  }

  private static void assertSameWeights(Outcome full, Outcome resumed, int fromEpoch) {
    assertThat(resumed.weights().keySet()).isEqualTo(full.weights().keySet());
    full.weights()
        .forEach(
            (name, values) ->
                assertThat(resumed.weights().get(name))
                    .as("parameter %s after resuming from epoch %d", name, fromEpoch)
                    .containsExactly(values));
  }

  @Test
  void earlyStoppingResumedStopsWhereTheUninterruptedRunStopped() {
    Backend backend = Backends.get("vector");
    for (boolean restoreBest : new boolean[] {false, true}) {
      // only the first epoch improves by more than minDelta: with patience 2 the run stops at 3
      Scenario stopping =
          new Scenario(
              "sgd, early stopping",
              p -> Sgd.builder().parameters(p).lr(0.3).build(),
              root ->
                  List.of(
                      new EarlyStopping(
                          Monitor.min("val_loss").withMinDelta(1e9), 2, restoreBest)));
      Path fullRoot = dir.resolve("stopping-" + restoreBest);
      Outcome full = run(backend, stopping, fullRoot, SEED, null);
      assertThat(full.history()).hasSize(3);
      for (int epoch = 1; epoch <= 2; epoch++) {
        int k = epoch;
        Outcome resumed =
            run(
                backend,
                stopping,
                dir.resolve("stopping-resumed-" + restoreBest + k),
                SEED + 100,
                ModelCheckpoint.epochDirectory(fullRoot, k));
        // without its counters the resumed run would count patience afresh and train to epoch 5
        assertThat(resumed.history())
            .as("epochs after %d, restoreBestWeights %s", k, restoreBest)
            .isEqualTo(full.history().subList(k, 3));
        if (!restoreBest) {
          assertSameWeights(full, resumed, k);
        }
      }
    }
  }

  @Test
  void earlyStoppingRefusesASavedStateThatCannotBeItsOwn() {
    EarlyStopping stopping = new EarlyStopping(Monitor.min("val_loss"), 3);
    Map<String, Double> state = new java.util.LinkedHashMap<>(stopping.callbackState());
    assertThat(state)
        .containsOnlyKeys(
            "best_value",
            "best_epoch",
            "last_epoch",
            "epochs_without_improvement",
            "stopped_epoch");
    state.put("best_epoch", 4.0);
    state.put("last_epoch", 3.0);
    assertThatThrownBy(() -> stopping.loadCallbackState(state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("best_epoch 4")
        .hasMessageContaining("last_epoch 3");
    state.put("best_epoch", 1.5);
    assertThatThrownBy(() -> stopping.loadCallbackState(state))
        .hasMessageContaining("early stopping: saved 'best_epoch' must be a whole count >= 0");
    state.remove("best_value");
    assertThatThrownBy(() -> stopping.loadCallbackState(state))
        .hasMessageContaining("early stopping: the saved state has no 'best_value'");
  }

  @Test
  void aCheckpointWithoutTrainingStateOrWithOtherCallbacksIsRefused() throws Exception {
    Backend backend = Backends.get("vector");
    Scenario plateau = scenarios().get(2);
    Path root = dir.resolve("plateau");
    run(backend, plateau, root, SEED, null);
    Scenario oneCycle = scenarios().get(0);
    assertThatThrownBy(
            () ->
                run(
                    backend,
                    new Scenario("mismatch", plateau.optimizer(), oneCycle.callbacks()),
                    dir.resolve("other"),
                    SEED,
                    ModelCheckpoint.epochDirectory(root, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resume: the checkpoint holds the state of the stateful callbacks")
        .hasMessageContaining("ReduceOnPlateau");
    Path bare = dir.resolve("bare");
    try (TinyStack model = TinyStack.mlp(backend, 4, 8, 3, SEED)) {
      Checkpoint.save(bare, model);
      assertThatThrownBy(
              () ->
                  Trainer.builder()
                      .model(model)
                      .optimizer(Sgd.builder().parameters(model.parameters()).lr(0.1).build())
                      .loss(TestLosses.CROSS_ENTROPY)
                      .trainingData(List.of())
                      .epochs(3)
                      .resumeFrom(bare)
                      .progress(false)
                      .build()
                      .fit())
          .hasMessageContaining("holds no training.json");
    }
  }
}
