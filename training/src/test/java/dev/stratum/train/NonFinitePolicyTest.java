package dev.stratum.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.data.Batch;
import dev.stratum.nn.Layer;
import dev.stratum.nn.Loss;
import dev.stratum.tensor.Tensor;
import dev.stratum.testing.ArrayLoader;
import dev.stratum.testing.Blobs;
import dev.stratum.testing.MomentumSgd;
import dev.stratum.testing.TestLosses;
import dev.stratum.testing.TinyStack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Trainer's {@link NonFinitePolicy}: a NaN loss or gradient stops the run naming the epoch, the
 * step and the first bad parameter, or the step is skipped and counted. Each epoch here is 5
 * batches of 4 samples of a 4-8-3 classifier, in index order.
 */
class NonFinitePolicyTest {

  private static final int FEATURES = 4;
  private static final int BATCH = 4;

  static Stream<String> backends() {
    return Backends.availableNames().stream();
  }

  private static float[][] blobs() {
    Blobs b = Blobs.generate(20, FEATURES, 3, 42);
    return new float[][] {b.inputs(), b.labels()};
  }

  private static ArrayLoader loader(Backend backend, float[] x, float[] y) {
    return new ArrayLoader(backend, x, FEATURES, y, 0, BATCH, -1);
  }

  private static Trainer.Builder trainer(
      TinyStack model, MomentumSgd sgd, ArrayLoader data, Loss loss, int epochs) {
    return Trainer.builder()
        .model(model)
        .optimizer(sgd)
        .loss(loss)
        .trainingData(data)
        .epochs(epochs)
        .progress(false);
  }

  /** Cross-entropy, multiplied by NaN at the {@code badCall}-th call (from 1). */
  private static Loss nanAtCall(int badCall) {
    int[] calls = {0};
    return (prediction, target) -> {
      Tensor loss = TestLosses.CROSS_ENTROPY.compute(prediction, target);
      return ++calls[0] == badCall ? loss.mul(Float.NaN) : loss;
    };
  }

  @ParameterizedTest
  @MethodSource("backends")
  void stopNamesEpochStepAndParameterAndLeavesTheWeightsOfTheLastGoodStep(String name) {
    Backend backend = Backends.get(name);
    float[][] d = blobs();
    TinyStack model = TinyStack.mlp(backend, FEATURES, 8, 3, 1);
    MomentumSgd sgd = new MomentumSgd(model.parameters(), 0.05, 0.9f);
    Map<String, float[]> afterStep6 = new LinkedHashMap<>();
    List<NonFiniteStep> heard = new ArrayList<>();
    Callback snapshot =
        new Callback() {
          @Override
          public void onBatchEnd(TrainingContext context, long step, double loss, int batchSize) {
            if (step == 6) {
              model.parameters().forEach((p, t) -> afterStep6.put(p, t.toArray()));
            }
          }
        };
    // 5 batches per epoch, so the 7th step is epoch 2, batch 2
    Trainer t =
        trainer(model, sgd, loader(backend, d[0], d[1]), nanAtCall(7), 3)
            .nonFinite(NonFinitePolicy.STOP)
            .onNonFinite(heard::add)
            .callbacks(snapshot)
            .build();

    assertThatThrownBy(t::fit)
        .isInstanceOf(NonFiniteTrainingException.class)
        .hasMessage(
            "trainer: epoch 2, step 7 (batch 2 of the epoch) gave a non-finite loss (NaN); first"
                + " parameter with a non-finite gradient: '0.weight'; the update was not applied"
                + " (NonFinitePolicy.STOP; look for a learning rate too high, a log or division of"
                + " zero, or NaN in the data)")
        .satisfies(
            e -> {
              NonFiniteTrainingException n = (NonFiniteTrainingException) e;
              assertThat(n.epoch()).isEqualTo(2);
              assertThat(n.step()).isEqualTo(7);
              assertThat(n.parameter()).isEqualTo("0.weight");
            });
    assertThat(heard).containsExactly(new NonFiniteStep(2, 7, 2, Double.NaN, "0.weight", false));
    assertThat(sgd.iterations()).isEqualTo(6);
    model
        .parameters()
        .forEach(
            (p, tensor) -> assertThat(tensor.toArray()).as(p).containsExactly(afterStep6.get(p)));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aBadGradientUnderAFiniteLossIsFoundAndNamed(String name) {
    Backend backend = Backends.get(name);
    float[][] d = blobs();
    TinyStack model = TinyStack.mlp(backend, FEATURES, 8, 3, 1);
    MomentumSgd sgd = new MomentumSgd(model.parameters(), 0.05, 0.9f);
    // √(Σ(w − w)) is 0, a finite value, but its gradient at 0 is ∞·0 = NaN, on 1.weight only
    int[] calls = {0};
    Function<Layer, Tensor> penalty =
        m -> {
          Tensor w = m.parameters().get("1.weight");
          Tensor zero = w.sub(w).sum();
          return ++calls[0] == 3 ? zero.sqrt() : zero;
        };
    Trainer t =
        trainer(model, sgd, loader(backend, d[0], d[1]), TestLosses.CROSS_ENTROPY, 1)
            .penalty(penalty)
            .build();

    assertThatThrownBy(t::fit)
        .isInstanceOf(NonFiniteTrainingException.class)
        .hasMessageStartingWith(
            "trainer: epoch 1, step 3 (batch 3 of the epoch) gave a non-finite gradient (the loss"
                + " was ")
        .hasMessageContaining("; first parameter with a non-finite gradient: '1.weight';");
    assertThat(sgd.iterations()).isEqualTo(2);
    model
        .parameters()
        .forEach(
            (p, tensor) -> {
              for (float v : tensor.toArray()) {
                assertThat(v).as(p).isFinite();
              }
            });
  }

  @ParameterizedTest
  @MethodSource("backends")
  void skipLeavesTheRunOfTheDataWithoutTheBadBatchBitForBit(String name) {
    Backend backend = Backends.get(name);
    float[][] d = blobs();
    float[] x = d[0].clone();
    x[9 * FEATURES + 2] = Float.NaN; // sample 9: the third batch
    float[] xWithout =
        concat(
            Arrays.copyOfRange(x, 0, 8 * FEATURES), Arrays.copyOfRange(x, 12 * FEATURES, x.length));
    float[] yWithout = concat(Arrays.copyOfRange(d[1], 0, 8), Arrays.copyOfRange(d[1], 12, 20));

    TinyStack skipping = TinyStack.mlp(backend, FEATURES, 8, 3, 1);
    MomentumSgd skippingSgd = new MomentumSgd(skipping.parameters(), 0.05, 0.9f);
    List<NonFiniteStep> heard = new ArrayList<>();
    List<Long> batchEnds = new ArrayList<>();
    Callback steps =
        new Callback() {
          @Override
          public void onBatchEnd(TrainingContext context, long step, double loss, int batchSize) {
            assertThat(loss).isFinite();
            batchEnds.add(step);
          }
        };
    History skipped =
        trainer(skipping, skippingSgd, loader(backend, x, d[1]), TestLosses.CROSS_ENTROPY, 2)
            .nonFinite(NonFinitePolicy.SKIP)
            .onNonFinite(heard::add)
            .callbacks(steps)
            .build()
            .fit();

    TinyStack clean = TinyStack.mlp(backend, FEATURES, 8, 3, 1);
    MomentumSgd cleanSgd = new MomentumSgd(clean.parameters(), 0.05, 0.9f);
    History reference =
        trainer(clean, cleanSgd, loader(backend, xWithout, yWithout), TestLosses.CROSS_ENTROPY, 2)
            .build()
            .fit();

    assertThat(skipped.metric(Trainer.SKIPPED_STEPS)).containsExactly(1, 1);
    assertThat(skipped.metric("loss")).containsExactly(reference.metric("loss"));
    assertThat(heard)
        .extracting(NonFiniteStep::epoch, NonFiniteStep::step, NonFiniteStep::skipped)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 3L, true),
            org.assertj.core.groups.Tuple.tuple(2, 8L, true));
    assertThat(heard.get(0).loss()).isNaN();
    assertThat(batchEnds).containsExactly(1L, 2L, 4L, 5L, 6L, 7L, 9L, 10L);
    assertThat(skippingSgd.iterations()).isEqualTo(8).isEqualTo(cleanSgd.iterations());
    for (String p : clean.parameters().keySet()) {
      assertThat(TrainerTest.bits(skipping.parameters().get(p)))
          .as(p)
          .containsExactly(TrainerTest.bits(clean.parameters().get(p)));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void anEpochOfOnlySkippedStepsStops(String name) {
    Backend backend = Backends.get(name);
    float[][] d = blobs();
    TinyStack model = TinyStack.mlp(backend, FEATURES, 8, 3, 1);
    Loss alwaysNan = (p, y) -> TestLosses.CROSS_ENTROPY.compute(p, y).mul(Float.NaN);
    Trainer t =
        trainer(
                model,
                new MomentumSgd(model.parameters(), 0.05, 0.9f),
                loader(backend, d[0], d[1]),
                alwaysNan,
                2)
            .nonFinite(NonFinitePolicy.SKIP)
            .build();
    assertThatThrownBy(t::fit)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "trainer: all 5 steps of epoch 1 had a non-finite loss or gradient and were skipped"
                + " (NonFinitePolicy.SKIP); training cannot go on from here");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void stopIsTheDefaultAndIgnoreLetsTheNanIntoTheWeights(String name) {
    Backend backend = Backends.get(name);
    float[][] d = blobs();
    TinyStack byDefault = TinyStack.mlp(backend, FEATURES, 8, 3, 1);
    Trainer t =
        trainer(
                byDefault,
                new MomentumSgd(byDefault.parameters(), 0.05, 0.9f),
                loader(backend, d[0], d[1]),
                nanAtCall(2),
                1)
            .build();
    assertThatThrownBy(t::fit)
        .isInstanceOf(NonFiniteTrainingException.class)
        .hasMessageStartingWith("trainer: epoch 1, step 2 (batch 2 of the epoch)");

    TinyStack ignoring = TinyStack.mlp(backend, FEATURES, 8, 3, 1);
    List<NonFiniteStep> heard = new ArrayList<>();
    History h =
        trainer(
                ignoring,
                new MomentumSgd(ignoring.parameters(), 0.05, 0.9f),
                loader(backend, d[0], d[1]),
                nanAtCall(2),
                1)
            .nonFinite(NonFinitePolicy.IGNORE)
            .onNonFinite(heard::add)
            .build()
            .fit();
    assertThat(h.last().get("loss")).isNaN();
    assertThat(h.last()).doesNotContainKey(Trainer.SKIPPED_STEPS);
    assertThat(heard).isEmpty();
    assertThat(ignoring.parameters().get("0.weight").toArray()).contains(Float.NaN);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aCustomStepIsStoppedAfterItsCallbacksAndCannotBeSkipped(String name) {
    Backend backend = Backends.get(name);
    float[][] d = blobs();
    TinyStack model = TinyStack.mlp(backend, FEATURES, 8, 3, 1);
    MomentumSgd sgd = new MomentumSgd(model.parameters(), 0.05, 0.9f);
    SupervisedStep inner = new SupervisedStep(model, nanAtCall(4), sgd, List.of());
    TrainingStep custom =
        new TrainingStep() {
          @Override
          public StepResult train(Batch batch) {
            return inner.train(batch);
          }

          @Override
          public StepResult evaluate(Batch batch) {
            return inner.evaluate(batch);
          }
        };
    List<Double> losses = new ArrayList<>();
    Callback watcher =
        new Callback() {
          @Override
          public void onBatchEnd(TrainingContext context, long step, double loss, int batchSize) {
            losses.add(loss);
          }
        };
    Trainer t =
        Trainer.builder()
            .model(model)
            .step(custom)
            .trainingData(loader(backend, d[0], d[1]))
            .callbacks(watcher)
            .progress(false)
            .build();
    assertThatThrownBy(t::fit)
        .isInstanceOf(NonFiniteTrainingException.class)
        .hasMessageStartingWith(
            "trainer: epoch 1, step 4 (batch 4 of the epoch) gave a non-finite loss (NaN); first"
                + " parameter with a non-finite gradient: '0.weight'; the custom TrainingStep had"
                + " already applied its update");
    assertThat(losses).hasSize(4);
    assertThat(losses.get(3)).isNaN();
    assertThat(sgd.iterations()).isEqualTo(4);

    assertThatThrownBy(
            () ->
                Trainer.builder()
                    .model(model)
                    .step(custom)
                    .trainingData(loader(backend, d[0], d[1]))
                    .nonFinite(NonFinitePolicy.SKIP)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "trainer: NonFinitePolicy.SKIP needs the Trainer's own step (loss(...))");
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
